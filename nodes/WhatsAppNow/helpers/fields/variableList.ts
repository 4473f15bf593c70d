import { isBlankText } from './text';

/**
 * Single-broadcast `variables` and `ctaVariables` travel as one query value,
 * joined by ", " (docs/message-central-api.md#list-separators). The server splits them
 * again, so a value that holds a comma cannot travel this way.
 */
export const LIST_SEPARATOR = ', ';

/** The API document: "A maximum of 2 dynamic CTAs can only be sent." */
export const MAX_CTA_VARIABLES = 2;

export function joinList(values: readonly string[]): string {
	return values.join(LIST_SEPARATOR);
}

/** Whether every value survives the server's split, i.e. none holds a comma. */
export function canTravelAsList(values: readonly string[]): boolean {
	return values.every((value) => !value.includes(','));
}

/**
 * The values of a fixed collection in the contract's shape
 * (`{"variable": [{"value": "John"}, {"value": "MSG3453"}]}`), in order.
 * An entry whose expression yields an array stands for that many values, so
 * one entry like `{{ $json.values }}` can carry a whole list that differs from
 * item to item. Numbers keep their digits, objects become JSON, missing
 * values become "".
 */
export function valuesOf(collection: unknown, key = 'variable'): string[] {
	if (typeof collection !== 'object' || collection === null) return [];
	const entries = (collection as Record<string, unknown>)[key];
	if (!Array.isArray(entries)) return [];
	return entries.flatMap((entry) => {
		const value = (entry as { value?: unknown } | null)?.value;
		return Array.isArray(value) ? value.map(cellText) : [cellText(value)];
	});
}

/** A value as the text it travels as: numbers keep their digits, objects become JSON, nothing becomes "". */
export function cellText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** 1-based positions of the values that show nothing: empty, spaces, or only invisible characters (text.ts). */
export function blankPositions(values: readonly string[]): number[] {
	const positions: number[] = [];
	values.forEach((value, index) => {
		if (isBlankText(value)) positions.push(index + 1);
	});
	return positions;
}

/**
 * Meta's rule for template parameter text (docs/whatsapp.md#error-codes-users-meet,
 * code 132018): no newline, no tab, no more than 4 consecutive spaces. Meta
 * applies it after Message Central accepted (and charged) the message, so it
 * is checked before the request. Returns what breaks the rule, or undefined.
 */
export function whitespaceProblem(value: string): string | undefined {
	if (/[\r\n\u2028\u2029]/.test(value)) return 'a line break';
	if (value.includes('\t')) return 'a tab';
	const run = / {5,}/.exec(value);
	if (run) return `${run[0].length} consecutive spaces (at most 4 are allowed)`;
	return undefined;
}

/** The values that break Meta's whitespace rule, with their 1-based positions. */
export function whitespaceProblems(
	values: readonly string[],
): Array<{ position: number; problem: string }> {
	const found: Array<{ position: number; problem: string }> = [];
	values.forEach((value, index) => {
		const problem = whitespaceProblem(value);
		if (problem) found.push({ position: index + 1, problem });
	});
	return found;
}
