/**
 * A parsed number's type (mobile, fixed line, …), the same answer as
 * libphonenumber-js's `PhoneNumber.getType()`, with each numbering plan's
 * patterns compiled once. `getType()` builds a new RegExp from the pattern
 * text on every check (2–3 checks per number, patterns of hundreds of
 * characters), which made it about 70% of the time a bulk list spends on
 * its numbers (docs/n8n-mechanics.md#checking-many-phone-numbers).
 *
 * The steps are getType()'s own, in its order; the metadata accessors used
 * are libphonenumber-js's own Metadata methods, not in its type declarations
 * (hence the narrow interface below). The dependency's version is pinned, and
 * a test compares every country's answers with getType().
 */
import { Metadata, type PhoneNumberType } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';

/** The Metadata methods getType() relies on. */
interface NumberingPlanMetadata {
	selectNumberingPlan(countryOrCallingCode: string): NumberingPlanMetadata;
	nationalNumberPattern(): string;
	type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

interface TypeCheck {
	type: PhoneNumberType;
	pattern: RegExp;
	lengths?: number[];
}

interface CompiledPlan {
	nationalNumber: RegExp;
	fixedLine?: TypeCheck;
	/** MOBILE's pattern is empty or missing: it was the fixed-line one, so a fixed-line match is both. */
	mobileSameAsFixedLine: boolean;
	mobile?: TypeCheck;
	/** MOBILE, PREMIUM_RATE, … in getType()'s order, the types this plan defines. */
	others: TypeCheck[];
}

const NON_FIXED_LINE_TYPES: PhoneNumberType[] = [
	'MOBILE',
	'PREMIUM_RATE',
	'TOLL_FREE',
	'SHARED_COST',
	'VOIP',
	'PERSONAL_NUMBER',
	'PAGER',
	'UAN',
	'VOICEMAIL',
];

// One compiled plan per country (or non-geographic calling code), built on
// first use from the bundled metadata: the same in every process, a
// per-process memo (docs/queue-mode.md#in-process-state). At most ~250 entries.
const plans = new Map<string, CompiledPlan>();

const entirely = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function typeCheck(metadata: NumberingPlanMetadata, type: PhoneNumberType): TypeCheck | undefined {
	const definition = metadata.type(type);
	const pattern = definition?.pattern();
	if (!definition || !pattern) return undefined;
	return { type, pattern: entirely(pattern), lengths: definition.possibleLengths() };
}

function compilePlan(key: string): CompiledPlan {
	const metadata = (
		new Metadata(metadataJson) as unknown as NumberingPlanMetadata
	).selectNumberingPlan(key);
	const mobileDefinition = metadata.type('MOBILE');
	// Each type compiled once; MOBILE serves both the fixed-line case and the list.
	const checks = NON_FIXED_LINE_TYPES.map((type) => typeCheck(metadata, type));
	return {
		nationalNumber: entirely(metadata.nationalNumberPattern()),
		fixedLine: typeCheck(metadata, 'FIXED_LINE'),
		mobileSameAsFixedLine: !mobileDefinition || mobileDefinition.pattern() === '',
		mobile: checks[NON_FIXED_LINE_TYPES.indexOf('MOBILE')],
		others: checks.filter((check): check is TypeCheck => check !== undefined),
	};
}

function matches(check: TypeCheck | undefined, nationalNumber: string): boolean {
	if (!check) return false;
	if (check.lengths && !check.lengths.includes(nationalNumber.length)) return false;
	return check.pattern.test(nationalNumber);
}

/** What numberType reads of a number parsed by 'libphonenumber-js/max'. */
export interface ParsedNumber {
	country?: string;
	countryCallingCode: string;
	nationalNumber: string;
}

/** `parsed.getType()` for a number parsed with the max metadata, without recompiling patterns. */
export function numberType(parsed: ParsedNumber): PhoneNumberType | undefined {
	const key = parsed.country || parsed.countryCallingCode;
	if (!key) return undefined;
	let plan = plans.get(key);
	if (!plan) plans.set(key, (plan = compilePlan(key)));

	const nationalNumber = parsed.nationalNumber;
	if (!plan.nationalNumber.test(nationalNumber)) return undefined;
	if (matches(plan.fixedLine, nationalNumber)) {
		if (plan.mobileSameAsFixedLine) return 'FIXED_LINE_OR_MOBILE';
		return matches(plan.mobile, nationalNumber) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
	}
	return plan.others.find((check) => matches(check, nationalNumber))?.type;
}
