/**
 * Everything that can be checked about a new template before it is sent to
 * Message Central: the API document's required fields and error codes,
 * Meta's template rules (docs/whatsapp.md#template-rules) and the name rule. Pure, so the
 * node can refuse a draft without spending a request.
 */
import { buildButtons, type ButtonInput, type ButtonPayload } from './buttons';
import { languageCodeProblem } from './languageCode';
import type { FieldProblem } from '../fields/fieldProblem';
import { checkHeaderMedia } from '../media';
import {
	checkPlaceholders,
	countPlaceholders,
	findMalformed,
	findPlaceholders,
} from './placeholders';
import { checkTemplateName, MAX_TEMPLATE_NAME_LENGTH } from './templateName';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;

const MEDIA_KINDS: Record<string, 'image' | 'video' | 'document'> = {
	IMAGE: 'image',
	VIDEO: 'video',
	DOCUMENT: 'document',
};

/** Whether a header format (any case) takes a file instead of text. */
export const isMediaHeaderFormat = (format: string) =>
	String(format ?? '')
		.trim()
		.toUpperCase() in MEDIA_KINDS;

export const TEMPLATE_LIMITS = {
	name: MAX_TEMPLATE_NAME_LENGTH,
	header: 60,
	body: 1024,
	footer: 60,
};

export interface TemplateDraft {
	name: string;
	language: string;
	category: string;
	headerFormat: string;
	header: string;
	body: string;
	bodyExamples: string[];
	footer: string;
	buttons: ButtonInput[];
	/** Input Binary Field as set on the node. */
	binaryPropertyName: string;
	/** The item's file under that name, if any (size unknown when it was not read). */
	file?: { fileName: string; mimeType: string; size?: number };
	/** The item's binary property names, to suggest one when the file is missing. */
	binaryProperties?: string[];
}

/** A draft that passed every rule, in the shape Message Central's form takes. */
export interface CheckedTemplate {
	/** As typed (trimmed): Message Central normalises it and answers the saved name. */
	name: string;
	language: string;
	category: string;
	headerFormat: string;
	header?: string;
	body: string;
	bodyValue?: string;
	footer?: string;
	buttons: ButtonPayload[];
	isMedia: boolean;
}

export function validateTemplate(draft: TemplateDraft): {
	problems: FieldProblem[];
	template: CheckedTemplate;
} {
	const problems: FieldProblem[] = [];
	const add = (field: string, message: string) => problems.push({ field, message });

	const name = String(draft.name ?? '').trim();
	const language = String(draft.language ?? '').trim();
	const category = String(draft.category ?? '')
		.trim()
		.toUpperCase();
	const headerFormat = String(draft.headerFormat ?? '')
		.trim()
		.toUpperCase();
	const header = String(draft.header ?? '').trim();
	const body = String(draft.body ?? '').trim();
	const footer = String(draft.footer ?? '').trim();
	const isMedia = isMediaHeaderFormat(headerFormat);

	if (name === '')
		add(
			'Name',
			'missing; give the template a name of lower-case letters, digits and "_" (e.g. order_update)',
		);
	else {
		const nameProblem = checkTemplateName(name);
		if (nameProblem) add('Name', nameProblem);
	}

	if (language === '')
		add('Language', 'missing; use a WhatsApp language code such as en_US, en_GB, hi or es');
	else {
		const languageProblem = languageCodeProblem(language);
		if (languageProblem) add('Language', languageProblem);
	}

	if (category === '') add('Category', 'missing; choose MARKETING, UTILITY or AUTHENTICATION');
	else if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
		add(
			'Category',
			`"${draft.category}" is not a template category; use MARKETING, UTILITY or AUTHENTICATION`,
		);
	}

	if (headerFormat === '') add('Header Format', 'missing; choose TEXT, IMAGE, VIDEO or DOCUMENT');
	else if (!(HEADER_FORMATS as readonly string[]).includes(headerFormat)) {
		add(
			'Header Format',
			`"${draft.headerFormat}" is not a header format; use TEXT, IMAGE, VIDEO or DOCUMENT`,
		);
	} else if (isMedia) {
		checkMediaHeader(draft, headerFormat, header, add);
	} else {
		checkTextHeader(draft, header, add);
	}

	const examples = draft.bodyExamples.map((e) => String(e ?? '').trim());
	if (body === '') add('Body', 'missing; write the main text of the message');
	else {
		checkLength('Body', body, TEMPLATE_LIMITS.body, add);
		for (const problem of checkPlaceholders(body)) add('Body', problem);
		checkExamples(examples, countPlaceholders(body), add);
	}

	if (footer !== '') {
		checkLength('Footer', footer, TEMPLATE_LIMITS.footer, add);
		if (findPlaceholders(footer).length + findMalformed(footer).length > 0) {
			add('Footer', 'cannot contain variables; WhatsApp shows the footer exactly as written');
		}
	}

	const buttons = buildButtons(draft.buttons);
	problems.push(...buttons.problems);

	return {
		problems,
		template: {
			name,
			language,
			category,
			headerFormat,
			header: isMedia ? undefined : header,
			body,
			bodyValue: examples.length > 0 ? examples.join(' ') : undefined,
			footer: footer || undefined,
			buttons: buttons.payloads,
			isMedia,
		},
	};
}

type Add = (field: string, message: string) => void;

function checkTextHeader(draft: TemplateDraft, header: string, add: Add) {
	if (header === '')
		add(
			'Header',
			'missing; with Header Format TEXT the header text is required (or choose a media header format)',
		);
	else {
		checkLength('Header', header, TEMPLATE_LIMITS.header, add);
		if (findPlaceholders(header).length + findMalformed(header).length > 0) {
			add(
				'Header',
				'cannot contain variables; Message Central has no way to give a header variable its example or value',
			);
		}
	}
	if (draft.file) {
		add(
			'Input Binary Field',
			`the item carries a file ("${draft.file.fileName}") in "${draft.binaryPropertyName}" but Header Format is TEXT, which cannot carry a file; set Header Format to IMAGE, VIDEO or DOCUMENT to use it, or leave Input Binary Field empty for TEXT items (e.g. with an expression)`,
		);
	}
}

function checkMediaHeader(draft: TemplateDraft, headerFormat: string, header: string, add: Add) {
	const kind = MEDIA_KINDS[headerFormat];
	const aHeader = `${headerFormat === 'IMAGE' ? 'an' : 'a'} ${headerFormat} header`;
	if (header !== '') {
		add(
			'Header',
			`must be empty with Header Format ${headerFormat}: the ${kind} is the header; clear Header or set Header Format to TEXT`,
		);
	}
	if (!draft.file) {
		const property = draft.binaryPropertyName.trim();
		const others = draft.binaryProperties?.length
			? ` The item's binary properties are: ${draft.binaryProperties.join(', ')}.`
			: ' The item carries no file; read or download it in an earlier node (e.g. HTTP Request with Response Format "File").';
		add(
			'Input Binary Field',
			property
				? `the item has no binary property "${property}"; ${aHeader} needs the ${kind} file.${others}`
				: `missing; ${aHeader} needs the name of the item's binary property holding the ${kind}.${others}`,
		);
		return;
	}
	const problem = checkHeaderMedia(kind, draft.file.mimeType, draft.file.size ?? 0);
	if (problem)
		add(
			'Input Binary Field',
			`"${draft.file.fileName}" does not fit Header Format ${headerFormat}: ${problem}`,
		);
}

function checkLength(field: string, text: string, max: number, add: Add) {
	const length = [...text].length;
	if (length > max) add(field, `is ${length} characters long; WhatsApp allows at most ${max}`);
}

function checkExamples(examples: string[], variables: number, add: Add) {
	const field = 'Body Examples';
	examples.forEach((example, i) => {
		if (example === '')
			add(field, `example ${i + 1} is empty; give a sample value for {{${i + 1}}}`);
		else if (/\s/.test(example)) {
			add(
				field,
				`example ${i + 1} ("${example}") contains a space; Message Central separates examples with spaces, so each must be one word (e.g. "${example.replace(/\s+/g, '_')}")`,
			);
		}
	});
	if (examples.length !== variables) {
		add(
			field,
			variables === 0
				? `${examples.length} example(s) given but Body has no variables; remove the examples`
				: `${examples.length} example(s) given for ${variables} variable(s) in Body; give exactly one example per variable, in the order {{1}}..{{${variables}}}`,
		);
	}
}
