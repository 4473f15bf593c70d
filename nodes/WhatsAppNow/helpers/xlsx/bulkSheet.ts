import type { BulkRow } from '../fields/bulkRows';
import type { SheetCell } from './xlsxWriter';

/**
 * The bulk broadcast file (docs/message-central-api.md#bulk-contact-list-format): the first row
 * is exactly Country, Mobile, ctaVar1, ctaVar2, var1..varN, where N is the
 * template's number of body placeholders. The four fixed columns stay even
 * when the template has no dynamic CTA.
 */
export const FIXED_COLUMNS = ['Country', 'Mobile', 'ctaVar1', 'ctaVar2'] as const;

export function bulkHeader(variableCount: number): string[] {
	return [...FIXED_COLUMNS, ...Array.from({ length: variableCount }, (_, i) => `var${i + 1}`)];
}

export type HeaderCheck =
	| { ok: true; variableCount: number }
	| { ok: false; expected: string[]; found: string[] };

/** Checks a header row (trailing blank cells already dropped) against the rule. */
export function checkBulkHeader(found: readonly string[]): HeaderCheck {
	const variableCount = Math.max(0, found.length - FIXED_COLUMNS.length);
	const expected = bulkHeader(variableCount);
	if (found.length >= FIXED_COLUMNS.length && expected.every((name, i) => found[i] === name)) {
		return { ok: true, variableCount };
	}
	// Guess the N the author meant from the var columns present, so that the
	// expected header shown is the one to copy.
	const varColumns = found.filter((name) => /^var\d+$/i.test(name)).length;
	return { ok: false, expected: bulkHeader(varColumns || variableCount), found: [...found] };
}

/**
 * A row under the header Country, Mobile, ctaVar1, ctaVar2, var1..varN.
 * Country and Mobile are numbers, as in the API document's sample sheet typed
 * in Excel, except a mobile number with a leading 0 (Côte d'Ivoire), which
 * stays text so the 0 survives. Unused CTA cells stay blank.
 */
export function sheetRow(
	row: Pick<BulkRow, 'countryCode' | 'mobileNumber' | 'variables' | 'ctaVariables'>,
): SheetCell[] {
	return [
		Number(row.countryCode),
		/^[1-9]\d{0,14}$/.test(row.mobileNumber) ? Number(row.mobileNumber) : row.mobileNumber,
		row.ctaVariables[0] ?? null,
		row.ctaVariables[1] ?? null,
		...row.variables,
	];
}

/** The sheet rows of `rows[start..end)`, made one at a time: a batch is a range, never a copy. */
export function* sheetRowsIn(
	rows: readonly BulkRow[],
	start: number,
	end: number,
): Generator<SheetCell[]> {
	for (let i = start; i < end; i++) yield sheetRow(rows[i]);
}
