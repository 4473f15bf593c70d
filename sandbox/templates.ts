// POST/GET /verification/v3/template: the document's validation order, its
// error codes, Meta's template rules, and name normalisation.
import { type ApiCall, fileOf, param } from './call';
import { type ApiAnswer, META_MESSAGES, failure } from './envelope';
import type { Runtime } from './runtime';
import {
	type SandboxTemplate,
	type TemplateButton,
	type TemplateComponent,
	type TemplateStatus,
	SANDBOX_SENDER_ID,
} from './state';

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;
export const MEDIA_HEADER_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'];

/** Meta's message-template language codes. */
export const TEMPLATE_LANGUAGES: readonly string[] = [
	'af', 'sq', 'ar', 'az', 'bn', 'bg', 'ca', 'zh_CN', 'zh_HK', 'zh_TW', 'hr', 'cs', 'da', 'nl', 'en', 'en_GB',
	'en_US', 'et', 'fil', 'fi', 'fr', 'ka', 'de', 'el', 'gu', 'ha', 'he', 'hi', 'hu', 'id', 'ga', 'it', 'ja',
	'kn', 'kk', 'rw_RW', 'ko', 'ky_KG', 'lo', 'lv', 'lt', 'mk', 'ms', 'ml', 'mr', 'nb', 'fa', 'pl', 'pt_BR',
	'pt_PT', 'pa', 'ro', 'ru', 'sr', 'sk', 'sl', 'es', 'es_AR', 'es_ES', 'es_MX', 'sw', 'sv', 'ta', 'te', 'th',
	'tr', 'uk', 'ur', 'uz', 'vi', 'zu',
];

/** Meta's limits (FACTS.md); the document's stricter button advice is not enforced by the server. */
export const TEMPLATE_LIMITS = {
	headerText: 60,
	body: 1024,
	footer: 60,
	buttonText: 25,
	quickReplies: 10,
	urlButtons: 2,
	phoneButtons: 1,
	buttons: 10,
};

/**
 * Message Central's normalisation ('Abhishek786' → 'abhishek_786'): lower case,
 * spaces and hyphens become '_', other characters are dropped, and a '_' goes
 * between a letter and a digit (either order).
 */
export function normaliseTemplateName(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_')
		.replace(/[^a-z0-9_]/g, '')
		.replace(/([a-z])(?=[0-9])/g, '$1_')
		.replace(/([0-9])(?=[a-z])/g, '$1_');
}

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** Placeholder numbers in order of appearance. */
export function placeholders(text: string): number[] {
	return [...text.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
}

/** Distinct body placeholders: what `variables` / var1..varN must match. */
export function bodyVariableCount(t: SandboxTemplate): number {
	const body = t.components.find((c) => c.type === 'BODY');
	return new Set(placeholders(body?.text ?? '')).size;
}

/** URL buttons with a {{1}} suffix: what `ctaVariables` / ctaVar1..2 must match. */
export function dynamicUrlCount(t: SandboxTemplate): number {
	const buttons = t.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
	return buttons.filter((b) => b.type === 'URL' && placeholders(b.url ?? '').length > 0).length;
}

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

export function findTemplate(rt: Runtime, name: string, language?: string): SandboxTemplate | undefined {
	return Object.values(rt.state.templates).find(
		(t) => t.name === name && (language === undefined || t.language === language),
	);
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

	const variableCount = new Set(placeholders(body)).size;
	const bodyValue = param(call, 'bodyValue');
	const examples = bodyValue ? bodyValue.trim().split(/\s+/) : [];
	if (variableCount > 0 && !bodyValue) return fail(826);
	if (bodyValue && examples.length !== variableCount) return fail(827);

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

	const template: SandboxTemplate = {
		id: rt.templateId(),
		name,
		language,
		category,
		status: 'PENDING',
		components,
		requestedName: rawName,
		createdAt: Date.now(),
	};
	rt.state.templates[template.id] = template;
	rt.scheduleAutoApprove(template);
	return {
		status: 200,
		body: { responseCode: 200, message: 'SUCCESS', data: { data: { name, id: template.id, status: 'PENDING', category } } },
	};
}

/**
 * The `buttons` field: the document's shape ({type, text, value} with `url`
 * or `value` for URL buttons, `example` for a dynamic URL) → Meta's components.
 */
export function parseButtons(raw: string | undefined): TemplateButton[] {
	if (raw === undefined) return [];
	let list: unknown;
	try {
		list = JSON.parse(raw);
	} catch {
		throw new Error('buttons is not valid JSON');
	}
	if (!Array.isArray(list)) throw new Error('buttons must be a JSON array');
	return list.map((item: unknown, i): TemplateButton => {
		if (typeof item !== 'object' || item === null) throw new Error(`button ${i + 1} is not an object`);
		const b = item as Record<string, unknown>;
		const text = typeof b.text === 'string' ? b.text : '';
		if (text.trim() === '') throw new Error(`button ${i + 1} has no text`);
		if (text.length > TEMPLATE_LIMITS.buttonText) {
			throw new Error(`button text is longer than ${TEMPLATE_LIMITS.buttonText} characters`);
		}
		const type = String(b.type ?? '').toUpperCase();
		switch (type) {
			case 'QUICK_REPLY':
				return { type, text };
			case 'PHONE_NUMBER': {
				const phone = String(b.value ?? b.phone_number ?? '').replace(/^\+/, '');
				if (!/^\d{6,15}$/.test(phone)) throw new Error(`button ${i + 1} needs a phone number`);
				return { type, text, phone_number: phone };
			}
			case 'URL': {
				const url = String(b.url ?? b.value ?? '');
				if (!/^https?:\/\/\S+$/i.test(url)) throw new Error(`button ${i + 1} needs an http(s) URL`);
				const vars = placeholders(url);
				if (vars.length === 0) return { type, text, url };
				if (vars.length > 1 || !/\{\{1\}\}$/.test(url)) {
					throw new Error('a dynamic URL may only end with {{1}}');
				}
				const example = Array.isArray(b.example) ? b.example.map(String) : b.example ? [String(b.example)] : [];
				if (example.length === 0) throw new Error('a dynamic URL button needs an example');
				return { type, text, url, example };
			}
			default:
				throw new Error(`button type must be QUICK_REPLY, URL or PHONE_NUMBER - got "${String(b.type)}"`);
		}
	});
}

/** Meta's template rules (FACTS.md); Meta refuses such templates at creation. */
export function checkMetaRules(t: { header?: string; body: string; footer?: string; buttons: TemplateButton[] }): void {
	if (t.header !== undefined) {
		if (t.header.length > TEMPLATE_LIMITS.headerText) throw new Error('header is longer than 60 characters');
		if (placeholders(t.header).length > 1) throw new Error('header may hold one variable at most');
	}
	if (t.body.length > TEMPLATE_LIMITS.body) throw new Error('body is longer than 1024 characters');
	if (t.footer !== undefined) {
		if (t.footer.length > TEMPLATE_LIMITS.footer) throw new Error('footer is longer than 60 characters');
		if (placeholders(t.footer).length > 0) throw new Error('footer cannot hold variables');
	}
	const order = placeholders(t.body);
	if (order.some((n, i) => n !== i + 1)) {
		throw new Error('variables must be {{1}}, {{2}}, ... in increasing order');
	}
	const trimmed = t.body.trim();
	if (order.length > 0 && (/^\{\{\s*\d+\s*\}\}/.test(trimmed) || /\{\{\s*\d+\s*\}\}$/.test(trimmed))) {
		throw new Error("variables can't be at the start or end of the template");
	}
	if (/\}\}\s*\{\{/.test(t.body)) throw new Error("variables can't be next to each other");
	const count = (type: string): number => t.buttons.filter((b) => b.type === type).length;
	if (t.buttons.length > TEMPLATE_LIMITS.buttons) throw new Error('at most 10 buttons');
	if (count('QUICK_REPLY') > TEMPLATE_LIMITS.quickReplies) throw new Error('at most 10 quick reply buttons');
	if (count('URL') > TEMPLATE_LIMITS.urlButtons) throw new Error('at most 2 URL buttons');
	if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneButtons) throw new Error('at most 1 phone number button');
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
	if (typeof input?.name !== 'string' || input.name.trim() === '') throw new Error('name is required');
	const language = input.language ?? 'en_US';
	if (findTemplate(rt, input.name, language)) throw new Error(`template ${input.name}/${language} exists`);
	const components = input.components ?? [{ type: 'BODY', text: 'Hello from the WhatsApp Now sandbox.' }];
	if (!Array.isArray(components) || components.some((c) => typeof c !== 'object' || c === null || !c.type)) {
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
	if (template.status === 'REJECTED') template.rejected_reason = input.rejected_reason ?? 'INVALID_FORMAT';
	rt.state.templates[id] = template;
	rt.scheduleAutoApprove(template);
	return template;
}

export function decideTemplate(rt: Runtime, id: string, decision: 'APPROVED' | 'REJECTED', reason?: string): SandboxTemplate {
	const t = rt.state.templates[id];
	if (!t) throw new Error(`no template with id ${id}`);
	t.status = decision;
	if (decision === 'REJECTED') t.rejected_reason = reason ?? 'INVALID_FORMAT';
	else delete t.rejected_reason;
	return t;
}
