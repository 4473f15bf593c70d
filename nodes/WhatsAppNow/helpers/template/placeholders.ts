/**
 * WhatsApp template variables: `{{1}}`, `{{2}}`, … in a header, body or URL.
 * Pure text rules, shared by template creation and by sends that must give
 * one value per variable.
 */
export interface Placeholder {
	/** The variable's number: 2 for `{{2}}`. */
	number: number;
	/** Offset of the opening `{{`. */
	start: number;
	/** Offset just after the closing `}}`. */
	end: number;
}

/** Anything between double braces; only digits make a valid variable. */
const BRACES = /\{\{([^{}]*)\}\}/g;
const VALID = /^[1-9]\d*$/;

/** Valid `{{n}}` variables in order of appearance. */
export function findPlaceholders(text: string): Placeholder[] {
	return [...String(text ?? '').matchAll(BRACES)]
		.filter((m) => VALID.test(m[1]))
		.map((m) => ({ number: Number(m[1]), start: m.index, end: m.index + m[0].length }));
}

/**
 * How many values the text needs: its distinct variable numbers. This is what
 * a send must supply (Message Central counts the body's variables this way).
 */
export function countPlaceholders(text: string): number {
	return new Set(findPlaceholders(text).map((p) => p.number)).size;
}

/** Double-brace tokens that are not variables WhatsApp understands, e.g. `{{name}}` or `{{ 1 }}`. */
export function findMalformed(text: string): string[] {
	return [...String(text ?? '').matchAll(BRACES)].filter((m) => !VALID.test(m[1])).map((m) => m[0]);
}

/**
 * Meta's rules for the variables of a template body, as sentences that can
 * follow the field's name: numbered `{{1}}..{{n}}` in increasing order of
 * appearance, not the first or last thing in the text, never side by side.
 * An empty list means the text is fine.
 */
export function checkPlaceholders(text: string): string[] {
	const problems: string[] = [];
	const malformed = findMalformed(text);
	if (malformed.length > 0) {
		problems.push(
			`${malformed.map((m) => `"${m}"`).join(', ')} ${malformed.length === 1 ? 'is not a variable' : 'are not variables'}; write variables as {{1}}, {{2}}, … (digits only, no spaces)`,
		);
	}
	const found = findPlaceholders(text);
	if (found.length === 0) return problems;

	const order = found.map((p) => p.number);
	if (order.some((n, i) => n !== i + 1)) {
		const expected = order.map((_, i) => `{{${i + 1}}}`).join(', ');
		problems.push(
			`variables must be numbered {{1}}, {{2}}, … in the order they appear, each used once; found ${order.map((n) => `{{${n}}}`).join(', ')}, expected ${expected}`,
		);
	}
	const first = found[0];
	const last = found[found.length - 1];
	if (text.slice(0, first.start).trim() === '') {
		problems.push(`cannot start with a variable ({{${first.number}}}); put some text before it`);
	}
	if (text.slice(last.end).trim() === '') {
		problems.push(
			`cannot end with a variable ({{${last.number}}}); put some text after it (a full stop is enough)`,
		);
	}
	for (let i = 1; i < found.length; i++) {
		if (text.slice(found[i - 1].end, found[i].start).trim() === '') {
			problems.push(
				`{{${found[i - 1].number}}} and {{${found[i].number}}} are side by side; put words between them`,
			);
		}
	}
	return problems;
}
