// What a template may contain: Message Central's categories, header formats and
// name normalisation (docs/message-central-api.md#template-name-normalisation), Meta's
// languages and template rules (docs/whatsapp.md#template-rules), and the
// placeholder counting that sending checks against. Pure functions, no state.
import { isObject } from './json';
import type { SandboxTemplate, TemplateButton } from './state';

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;

/** Meta's message-template language codes. */
export const TEMPLATE_LANGUAGES: readonly string[] = [
	'af',
	'sq',
	'ar',
	'az',
	'bn',
	'bg',
	'ca',
	'zh_CN',
	'zh_HK',
	'zh_TW',
	'hr',
	'cs',
	'da',
	'nl',
	'en',
	'en_GB',
	'en_US',
	'et',
	'fil',
	'fi',
	'fr',
	'ka',
	'de',
	'el',
	'gu',
	'ha',
	'he',
	'hi',
	'hu',
	'id',
	'ga',
	'it',
	'ja',
	'kn',
	'kk',
	'rw_RW',
	'ko',
	'ky_KG',
	'lo',
	'lv',
	'lt',
	'mk',
	'ms',
	'ml',
	'mr',
	'nb',
	'fa',
	'pl',
	'pt_BR',
	'pt_PT',
	'pa',
	'ro',
	'ru',
	'sr',
	'sk',
	'sl',
	'es',
	'es_AR',
	'es_ES',
	'es_MX',
	'sw',
	'sv',
	'ta',
	'te',
	'th',
	'tr',
	'uk',
	'ur',
	'uz',
	'vi',
	'zu',
];

/**
 * Meta's limits. Message Central's document advises stricter button counts, but
 * its server passes templates to Meta, so Meta's limits are what is enforced.
 */
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

/** Distinct placeholders of a body: how many example values / variables it needs. */
export function variableCount(body: string): number {
	return new Set(placeholders(body)).size;
}

/** Distinct body placeholders: what `variables` / var1..varN must match. */
export function bodyVariableCount(t: SandboxTemplate): number {
	const body = t.components.find((c) => c.type === 'BODY');
	return variableCount(body?.text ?? '');
}

/** URL buttons with a {{1}} suffix: what `ctaVariables` / ctaVar1..2 must match. */
export function dynamicUrlCount(t: SandboxTemplate): number {
	const buttons = t.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
	return buttons.filter((b) => b.type === 'URL' && placeholders(b.url ?? '').length > 0).length;
}

/**
 * The `buttons` field: Message Central's shape ({type, text, value} with `url`
 * or `value` for URL buttons, `example` for a dynamic URL) → Meta's components.
 * Throws the detail Meta would put in its "Invalid parameter" answer.
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
	return list.map((item: unknown, i) => parseButton(item, i + 1));
}

function parseButton(b: unknown, n: number): TemplateButton {
	if (!isObject(b)) throw new Error(`button ${n} is not an object`);
	const text = typeof b.text === 'string' ? b.text : '';
	if (text.trim() === '') throw new Error(`button ${n} has no text`);
	if (text.length > TEMPLATE_LIMITS.buttonText) {
		throw new Error(`button text is longer than ${TEMPLATE_LIMITS.buttonText} characters`);
	}
	const type = String(b.type ?? '').toUpperCase();
	switch (type) {
		case 'QUICK_REPLY':
			return { type, text };
		case 'PHONE_NUMBER': {
			const phone = String(b.value ?? b.phone_number ?? '').replace(/^\+/, '');
			if (!/^\d{6,15}$/.test(phone)) throw new Error(`button ${n} needs a phone number`);
			return { type, text, phone_number: phone };
		}
		case 'URL': {
			const url = String(b.url ?? b.value ?? '');
			if (!/^https?:\/\/\S+$/i.test(url)) throw new Error(`button ${n} needs an http(s) URL`);
			const vars = placeholders(url);
			if (vars.length === 0) return { type, text, url };
			if (vars.length > 1 || !/\{\{1\}\}$/.test(url)) {
				throw new Error('a dynamic URL may only end with {{1}}');
			}
			const example = Array.isArray(b.example)
				? b.example.map(String)
				: b.example
					? [String(b.example)]
					: [];
			if (example.length === 0) throw new Error('a dynamic URL button needs an example');
			return { type, text, url, example };
		}
		default:
			throw new Error(
				`button type must be QUICK_REPLY, URL or PHONE_NUMBER - got "${String(b.type)}"`,
			);
	}
}

export interface TemplateContent {
	header?: string;
	body: string;
	footer?: string;
	buttons: TemplateButton[];
}

/** Meta's template rules: Meta refuses such templates at creation. Throws the detail. */
export function checkMetaRules(t: TemplateContent): void {
	const limits = TEMPLATE_LIMITS;
	if (t.header !== undefined) {
		if (t.header.length > limits.headerText) {
			throw new Error(`header is longer than ${limits.headerText} characters`);
		}
		if (placeholders(t.header).length > 1) throw new Error('header may hold one variable at most');
	}
	if (t.body.length > limits.body) throw new Error(`body is longer than ${limits.body} characters`);
	if (t.footer !== undefined) {
		if (t.footer.length > limits.footer) {
			throw new Error(`footer is longer than ${limits.footer} characters`);
		}
		if (placeholders(t.footer).length > 0) throw new Error('footer cannot hold variables');
	}
	const order = placeholders(t.body);
	if (order.some((n, i) => n !== i + 1)) {
		throw new Error('variables must be {{1}}, {{2}}, ... in increasing order');
	}
	const trimmed = t.body.trim();
	const atEdge = /^\{\{\s*\d+\s*\}\}/.test(trimmed) || /\{\{\s*\d+\s*\}\}$/.test(trimmed);
	if (order.length > 0 && atEdge) {
		throw new Error("variables can't be at the start or end of the template");
	}
	if (/\}\}\s*\{\{/.test(t.body)) throw new Error("variables can't be next to each other");
	const count = (type: string): number => t.buttons.filter((b) => b.type === type).length;
	if (t.buttons.length > limits.buttons) throw new Error(`at most ${limits.buttons} buttons`);
	if (count('QUICK_REPLY') > limits.quickReplies) {
		throw new Error(`at most ${limits.quickReplies} quick reply buttons`);
	}
	if (count('URL') > limits.urlButtons) throw new Error(`at most ${limits.urlButtons} URL buttons`);
	if (count('PHONE_NUMBER') > limits.phoneButtons) {
		throw new Error(`at most ${limits.phoneButtons} phone number button`);
	}
}
