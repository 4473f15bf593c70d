/**
 * What a person can answer to Send and Wait for Response, and how a submitted
 * page becomes the node's output: `{ approved }` for an approval, `{ text }`
 * for free text, and one key per field label for a custom form (the shapes of
 * n8n's own send-and-wait, so downstream expressions carry over).
 */

export type ResponseType = 'approval' | 'freeText' | 'customForm';

export type FormFieldType = 'text' | 'number' | 'dropdown' | 'date';

export interface FormField {
	label: string;
	type: FormFieldType;
	required: boolean;
	/** Dropdown choices. */
	choices: string[];
}

export interface ApprovalChoices {
	approveLabel: string;
	/** Absent when the request can only be approved. */
	declineLabel?: string;
}

export type ResponseData = Record<string, string | number | boolean>;

export type ReadResponse =
	| { ok: true; data: ResponseData }
	| { ok: false; errors: string[]; values: Record<string, string> };

/** The name of field `index` in the page's HTML form (labels can hold any character). */
export const formInputName = (index: number) => `field${index}`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form fields of the node parameter `{ field: [{ label, fieldType, required, choices }] }`. */
export function readFormFields(collection: unknown): FormField[] | string {
	const entries = (collection as { field?: unknown } | null)?.field;
	if (!Array.isArray(entries) || entries.length === 0) return 'add at least one field';
	const fields: FormField[] = [];
	const seen = new Set<string>();
	for (const [i, entry] of entries.entries()) {
		const raw = (entry ?? {}) as Record<string, unknown>;
		const label = String(raw.label ?? '').trim();
		if (label === '') return `field ${i + 1} has no label`;
		if (seen.has(label)) return `two fields are labelled "${label}"; labels name the output keys`;
		seen.add(label);
		const type = String(raw.fieldType ?? 'text') as FormFieldType;
		if (!['text', 'number', 'dropdown', 'date'].includes(type)) {
			return `field "${label}" has an unknown type "${type}"`;
		}
		const choices = String(raw.choices ?? '')
			.split(',')
			.map((choice) => choice.trim())
			.filter(Boolean);
		if (type === 'dropdown' && choices.length === 0) {
			return `dropdown "${label}" has no choices; list them separated by commas`;
		}
		fields.push({ label, type, required: raw.required === true, choices });
	}
	return fields;
}

/** The output data of one submitted page, or what to fix (shown on the page again). */
export function readResponse(
	type: ResponseType,
	fields: readonly FormField[],
	body: Record<string, unknown>,
): ReadResponse {
	const text = (name: string) => {
		const value = body[name];
		return (Array.isArray(value) ? String(value[0] ?? '') : String(value ?? '')).trim();
	};
	if (type === 'approval') {
		const choice = text('choice');
		if (choice === 'approve') return { ok: true, data: { approved: true } };
		if (choice === 'decline') return { ok: true, data: { approved: false } };
		return { ok: false, errors: ['Choose one of the buttons.'], values: {} };
	}
	if (type === 'freeText') {
		const answer = text('text');
		if (answer === '') return { ok: false, errors: ['Write your answer first.'], values: {} };
		return { ok: true, data: { text: answer } };
	}
	const data: ResponseData = {};
	const values: Record<string, string> = {};
	const errors: string[] = [];
	fields.forEach((field, index) => {
		const value = text(formInputName(index));
		values[formInputName(index)] = value;
		if (value === '') {
			if (field.required) errors.push(`${field.label} is required.`);
			data[field.label] = '';
			return;
		}
		if (field.type === 'number') {
			const number = Number(value);
			if (!Number.isFinite(number)) errors.push(`${field.label} must be a number.`);
			data[field.label] = number;
		} else if (field.type === 'date') {
			if (!DATE.test(value) || Number.isNaN(Date.parse(value))) {
				errors.push(`${field.label} must be a date (YYYY-MM-DD).`);
			}
			data[field.label] = value;
		} else if (field.type === 'dropdown' && !field.choices.includes(value)) {
			errors.push(`${field.label}: choose one of the options.`);
		} else {
			data[field.label] = value;
		}
	});
	return errors.length ? { ok: false, errors, values } : { ok: true, data };
}
