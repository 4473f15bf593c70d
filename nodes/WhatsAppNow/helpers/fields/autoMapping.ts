/**
 * Mapping "Automatically": the field names are taken from the first item, for
 * lists that already carry the contact-list columns (Country, Mobile,
 * ctaVar1, ctaVar2, var1..varN, see bulkSheet.ts) or a plain phone field. The
 * result is a Mapping "Fields" input, so every item is then read exactly as
 * with named fields (no expression per item).
 */
import type { FieldMappingInput } from './fieldRows';

/** Phone fields looked for, in this order; the first the item has is used. */
export const AUTO_PHONE_FIELDS = ['Mobile', 'phone', 'phoneNumber', 'mobile'] as const;
const AUTO_COUNTRY_FIELDS = ['Country', 'countryCode', 'country_code'] as const;
const VARIABLE = /^var(\d+)$/;
const CTA_FIELDS = ['ctaVar1', 'ctaVar2'] as const;

/** The mapping the first item's field names give, or why there is none (for an error message). */
export function detectFieldMapping(
	first: unknown,
	defaultCountryCode: unknown,
): FieldMappingInput | string {
	const json = (typeof first === 'object' && first !== null ? first : {}) as Record<
		string,
		unknown
	>;
	const has = (name: string) => Object.prototype.hasOwnProperty.call(json, name);
	const phoneField = AUTO_PHONE_FIELDS.find(has);
	if (!phoneField) {
		const keys = Object.keys(json).slice(0, 10).join(', ') || 'none';
		return `item 0 has none of the fields ${AUTO_PHONE_FIELDS.join(', ')} (its fields: ${keys})`;
	}
	const positions = Object.keys(json)
		.map((key) => VARIABLE.exec(key)?.[1])
		.filter((n): n is string => n !== undefined)
		.map(Number)
		.sort((a, b) => a - b);
	const gap = positions.findIndex((n, i) => n !== i + 1);
	if (gap !== -1) {
		return `item 0 has variable fields ${positions.map((n) => `var${n}`).join(', ')}; they must run var1, var2, … without a gap (var${gap + 1} is missing)`;
	}
	return {
		phoneField,
		countryCodeField: AUTO_COUNTRY_FIELDS.find(has) ?? '',
		variableFields: positions.map((n) => `var${n}`),
		// Contact lists keep both CTA columns even when the template has no dynamic
		// button; only a CTA column with a value in the first item is used.
		ctaVariableFields: CTA_FIELDS.filter((name) => has(name) && String(json[name] ?? '').trim()),
		defaultCountryCode,
	};
}
