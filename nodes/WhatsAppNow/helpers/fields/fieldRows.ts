/**
 * Bulk rows read straight from the items' fields (Mapping "Fields"): the
 * phone number, its country code and the template values are named once,
 * and each item costs a few property reads and one phone number check. No
 * expression is evaluated per item.
 */
import type { BulkRow } from './bulkRows';
import { compileFieldPath, readField, type FieldPath } from './fieldPath';
import { parseRecipient, PhoneNumberError } from '../phone/phoneNumber';
import { isBlankText } from './text';
import { cellText, MAX_CTA_VARIABLES, whitespaceProblem } from './variableList';

export interface FieldMappingInput {
	phoneField: unknown;
	countryCodeField?: unknown;
	variableFields: readonly unknown[];
	ctaVariableFields: readonly unknown[];
	/** Used when Country Code Field is empty, or an item's country code is. */
	defaultCountryCode?: unknown;
}

export interface FieldMapping {
	phone: FieldPath;
	countryCode?: FieldPath;
	variables: FieldPath[];
	ctaVariables: FieldPath[];
	defaultCountryCode: string;
}

/** A problem with the mapping itself (not with one item): the parameter's label and what is wrong. */
export class FieldMappingError extends Error {
	constructor(
		readonly parameter: string,
		message: string,
	) {
		super(`${parameter}: ${message}`);
	}
}

/** Compiles the field names once; throws FieldMappingError for a name that cannot be read. */
export function compileFieldMapping(input: FieldMappingInput): FieldMapping {
	const compile = (parameter: string, name: unknown, position?: number): FieldPath => {
		const field = compileFieldPath(name);
		if (field) return field;
		const which = position === undefined ? '' : ` (field ${position})`;
		throw new FieldMappingError(
			parameter,
			String(name ?? '').trim() === ''
				? `the field name${which} is empty`
				: `"${String(name)}"${which} is not a field name that can be read`,
		);
	};
	const phone = compile('Phone Field', input.phoneField);
	const countryCode =
		String(input.countryCodeField ?? '').trim() === ''
			? undefined
			: compile('Country Code Field', input.countryCodeField);
	const variables = input.variableFields.map((name, i) => compile('Variable Fields', name, i + 1));
	const ctaVariables = input.ctaVariableFields.map((name, i) =>
		compile('CTA Variable Fields', name, i + 1),
	);
	if (ctaVariables.length > MAX_CTA_VARIABLES) {
		throw new FieldMappingError(
			'CTA Variable Fields',
			`${ctaVariables.length} fields given, at most ${MAX_CTA_VARIABLES} are allowed (one per URL button whose URL ends in {{1}})`,
		);
	}
	const defaultCountryCode = String(input.defaultCountryCode ?? '').trim();
	return { phone, countryCode, variables, ctaVariables, defaultCountryCode };
}

/** The names of the fixed collection `{"field": [{"name": "first_name"}]}`, in order. */
export function fieldNamesOf(collection: unknown): unknown[] {
	if (typeof collection !== 'object' || collection === null) return [];
	const entries = (collection as { field?: unknown }).field;
	if (!Array.isArray(entries)) return [];
	return entries.map((entry) => (entry as { name?: unknown } | null)?.name);
}

/**
 * One item's row, or the reason it is refused (naming the field and the
 * item, worded like the other bulk messages).
 */
export function readFieldRow(
	json: unknown,
	itemIndex: number,
	mapping: FieldMapping,
): BulkRow | string {
	const rawPhone = readField(json, mapping.phone);
	if (rawPhone === undefined || rawPhone === null || rawPhone === '') {
		return `Phone Field (item ${itemIndex}): ${missing(json, mapping.phone, rawPhone)}`;
	}
	let defaultCode: unknown = mapping.defaultCountryCode;
	if (mapping.countryCode) {
		const own = readField(json, mapping.countryCode);
		if (own !== undefined && own !== null && String(own).trim() !== '') defaultCode = own;
	}
	let recipient;
	try {
		recipient = parseRecipient(
			typeof rawPhone === 'object' ? JSON.stringify(rawPhone) : rawPhone,
			defaultCode,
		);
	} catch (error) {
		const reason = error instanceof PhoneNumberError ? error.message : String(error);
		return `Phone Field "${mapping.phone.name}" (item ${itemIndex}): ${reason}`;
	}
	const variables = readValues(json, itemIndex, mapping.variables, 'Variable Fields');
	if (typeof variables === 'string') return variables;
	const ctaVariables = readValues(json, itemIndex, mapping.ctaVariables, 'CTA Variable Fields');
	if (typeof ctaVariables === 'string') return ctaVariables;
	// A field holding a list can carry more values than fields: the sheet has two CTA columns.
	if (ctaVariables.length > MAX_CTA_VARIABLES) {
		return `CTA Variable Fields (item ${itemIndex}): ${ctaVariables.length} values given, at most ${MAX_CTA_VARIABLES} are allowed (one per URL button whose URL ends in {{1}})`;
	}
	return {
		itemIndex,
		to: recipient.to,
		countryCode: recipient.countryCode,
		mobileNumber: recipient.mobileNumber,
		variables,
		ctaVariables,
	};
}

const NO_VALUES: string[] = [];

function readValues(
	json: unknown,
	itemIndex: number,
	fields: readonly FieldPath[],
	label: string,
): string[] | string {
	if (fields.length === 0) return NO_VALUES;
	const values: string[] = [];
	for (const field of fields) {
		const value = readField(json, field);
		if (Array.isArray(value)) {
			// A field holding a list stands for that many values, as an expression returning one does.
			for (const entry of value) {
				const problem = pushValue(values, entry);
				if (problem) return `${label} (item ${itemIndex}): "${field.name}" ${problem}`;
			}
			continue;
		}
		if (value === undefined || value === null) {
			return `${label} (item ${itemIndex}): ${missing(json, field, value)}`;
		}
		const problem = pushValue(values, value);
		if (problem) return `${label} (item ${itemIndex}): "${field.name}" ${problem}`;
	}
	return values;
}

function pushValue(values: string[], value: unknown): string | undefined {
	const text = cellText(value);
	if (isBlankText(text))
		return text.trim() === '' ? 'is empty' : 'is empty (only invisible characters)';
	const problem = whitespaceProblem(text);
	if (problem) return `contains ${problem}`;
	values.push(text);
	return undefined;
}

function missing(json: unknown, field: FieldPath, value: unknown): string {
	if (value === undefined) {
		const keys = typeof json === 'object' && json !== null ? Object.keys(json).slice(0, 10) : [];
		const known = keys.length
			? ` (its fields: ${keys.join(', ')}${keys.length === 10 ? ', …' : ''})`
			: '';
		return `the item has no field "${field.name}"${known}`;
	}
	return `"${field.name}" is empty`;
}
