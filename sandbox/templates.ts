// The template store and GET/POST /verification/v3/template. Creation follows
// Message Central's validation order and codes (docs/message-central-api.md#response-codes);
// what a template may contain is decided in template-rules.ts.
import { type ApiCall, fileOf, param } from './call';
import { type ApiAnswer, META_MESSAGES, failure, success } from './envelope';
import { isObject } from './json';
import type { Runtime } from './runtime';
import {
	type SandboxTemplate,
	type TemplateButton,
	type TemplateComponent,
	type TemplateStatus,
	SANDBOX_SENDER_ID,
} from './state';
import {
	HEADER_FORMATS,
	TEMPLATE_CATEGORIES,
	TEMPLATE_LANGUAGES,
	checkMetaRules,
	normaliseTemplateName,
	parseButtons,
	variableCount,
} from './template-rules';

/** Why a rejected template was rejected when nobody said: Meta's most common reason. */
const DEFAULT_REJECTION = 'INVALID_FORMAT';

/** The template as GET answers it: Meta's object, no envelope (as Message Central documents). */
export function publicTemplate(t: SandboxTemplate): Record<string, unknown> {
	const out: Record<string, unknown> = {
		name: t.name,
		components: t.components,
		language: t.language,
		status: t.status,
		category: t.category,
		id: t.id,
	};
	if (t.status === 'REJECTED') out.rejected_reason = t.rejected_reason ?? 'NONE';
	return out;
}

/** By name; `language` narrows when given. */
export function findTemplate(
	rt: Runtime,
	name: string,
	language?: string,
): SandboxTemplate | undefined {
	return Object.values(rt.state.templates).find(
		(t) => t.name === name && (language === undefined || t.language === language),
	);
}

/** Stores a template; a PENDING one starts waiting for auto-approval. */
function store(rt: Runtime, template: SandboxTemplate): SandboxTemplate {
	rt.state.templates[template.id] = template;
	rt.scheduleAutoApprove(template);
	return template;
}

export function createTemplate(call: ApiCall): ApiAnswer {
	const { rt } = call;
	const style = rt.config.errorStyle;
	const fail = (code: number, message?: string): ApiAnswer => failure(style, code, message);

	if (param(call, 'phoneNumber')?.trim() !== SANDBOX_SENDER_ID) return fail(801);
	const rawName = param(call, 'name');
	const category = param(call, 'category');
	const language = param(call, 'language');
	const headerFormat = param(call, 'headerFormat');
	const body = param(call, 'body');
	if (!rawName || !category || !language || !headerFormat || !body) return fail(810);
	const name = normaliseTemplateName(rawName);
	if (name === '') return fail(810);
	// Category and language are Meta's checks, passed through as 800 with Meta's text.
	if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
		return fail(800, META_MESSAGES.category(category));
	}
	if (!TEMPLATE_LANGUAGES.includes(language)) return fail(800, META_MESSAGES.language);
	if (!(HEADER_FORMATS as readonly string[]).includes(headerFormat)) return fail(811);

	const header = param(call, 'header');
	const file = fileOf(call);
	if (headerFormat === 'TEXT') {
		if (file) return fail(812);
		if (!header) return fail(813);
	} else {
		if (!file) return fail(814);
		if (header) return fail(815);
	}

	const bodyValue = param(call, 'bodyValue');
	const examples = bodyValue ? bodyValue.trim().split(/\s+/) : [];
	const variables = variableCount(body);
	if (variables > 0 && !bodyValue) return fail(826);
	if (bodyValue && examples.length !== variables) return fail(827);

	const footer = param(call, 'footer');
	let buttons: TemplateButton[] = [];
	try {
		buttons = parseButtons(param(call, 'buttons'));
		checkMetaRules({ header: headerFormat === 'TEXT' ? header : undefined, body, footer, buttons });
	} catch (error) {
		return fail(800, META_MESSAGES.invalidParameter((error as Error).message));
	}

	if (findTemplate(rt, name, language)) return fail(409);

	const components: TemplateComponent[] = [];
	if (headerFormat === 'TEXT') {
		components.push({ type: 'HEADER', format: 'TEXT', text: header });
	} else {
		// Meta keeps an upload handle, not the file.
		const handle = `4::${Buffer.from(`${file?.mimeType}:${file?.sha256}`).toString('base64')}`;
		components.push({ type: 'HEADER', format: headerFormat, example: { header_handle: [handle] } });
	}
	const bodyComponent: TemplateComponent = { type: 'BODY', text: body };
	if (examples.length > 0) bodyComponent.example = { body_text: [examples] };
	components.push(bodyComponent);
	if (footer) components.push({ type: 'FOOTER', text: footer });
	if (buttons.length > 0) components.push({ type: 'BUTTONS', buttons });

	const template = store(rt, {
		id: rt.templateId(),
		name,
		language,
		category,
		status: 'PENDING',
		components,
		requestedName: rawName,
		createdAt: Date.now(),
	});
	// Message Central's success answer nests the template in data.data.
	return success({ data: { name, id: template.id, status: 'PENDING', category } });
}

export function getTemplate(call: ApiCall): ApiAnswer {
	const { rt } = call;
	const style = rt.config.errorStyle;
	if (param(call, 'phoneNumber')?.trim() !== SANDBOX_SENDER_ID) return failure(style, 801);
	const id = param(call, 'templateId')?.trim();
	const name = param(call, 'templateName')?.trim();
	const lang = param(call, 'templateLang')?.trim();
	if (!id && !name) return failure(style, 817);
	let template: SandboxTemplate | undefined;
	if (id) {
		template = rt.state.templates[id];
		if (!template) return failure(style, 800, META_MESSAGES.unknownTemplateId(id));
		if (name && template.name !== name) return failure(style, 816);
	} else if (name) {
		// A language that matches nothing falls back to the name alone.
		template = findTemplate(rt, name, lang) ?? findTemplate(rt, name);
		if (!template) return failure(style, 816);
	}
	return { status: 200, body: publicTemplate(template as SandboxTemplate) };
}

// ---- control helpers ------------------------------------------------------

export interface SeedTemplateInput {
	name: string;
	language?: string;
	category?: string;
	status?: TemplateStatus;
	components?: TemplateComponent[];
	id?: string;
	rejected_reason?: string;
}

/** Puts a template straight into the store (default APPROVED), skipping validation. */
export function seedTemplate(rt: Runtime, input: SeedTemplateInput): SandboxTemplate {
	if (typeof input?.name !== 'string' || input.name.trim() === '') {
		throw new Error('name is required');
	}
	const language = input.language ?? 'en_US';
	if (findTemplate(rt, input.name, language)) {
		throw new Error(`template ${input.name}/${language} exists`);
	}
	const components = input.components ?? [
		{ type: 'BODY', text: 'Hello from the WhatsApp Now sandbox.' },
	];
	if (!Array.isArray(components) || components.some((c) => !isObject(c) || !c.type)) {
		throw new Error('components must be an array of {type, ...} objects');
	}
	const id = input.id ?? rt.templateId();
	if (rt.state.templates[id]) throw new Error(`template id ${id} exists`);
	const template: SandboxTemplate = {
		id,
		name: input.name,
		language,
		category: input.category ?? 'MARKETING',
		status: input.status ?? 'APPROVED',
		components,
		requestedName: input.name,
		createdAt: Date.now(),
	};
	if (template.status === 'REJECTED') {
		template.rejected_reason = input.rejected_reason ?? DEFAULT_REJECTION;
	}
	return store(rt, template);
}

export function decideTemplate(
	rt: Runtime,
	id: string,
	decision: 'APPROVED' | 'REJECTED',
	reason?: string,
): SandboxTemplate {
	const t = rt.state.templates[id];
	if (!t) throw new Error(`no template with id ${id}`);
	t.status = decision;
	if (decision === 'REJECTED') t.rejected_reason = reason ?? DEFAULT_REJECTION;
	else delete t.rejected_reason;
	return t;
}
