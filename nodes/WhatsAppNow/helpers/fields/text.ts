/**
 * Field values as the text a customer will read. An n8n expression can yield
 * anything (an object, a list, null, a string of invisible characters); what
 * reaches WhatsApp must be what the user meant, or be refused
 * (docs/operations.md#what-counts-as-text).
 */

/**
 * Characters that show nothing on a phone: white space, control characters
 * (NUL included), format characters (zero-width space, joiners, word joiner,
 * byte-order mark, direction marks, soft hyphen) and the Hangul and Braille
 * fillers that render as a blank. A text made only of these is empty.
 */
const SHOWS_NOTHING = /^[\s\p{Cc}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]*$/u;

/** Whether the text would show the reader nothing: empty, spaces, or only invisible characters. */
export function isBlankText(text: string): boolean {
	return SHOWS_NOTHING.test(text);
}

/** A field value as text, or what came in instead when it is not text. */
export type TextValue = { text: string } | { notText: string };

/**
 * The text of a field value: strings as they are, numbers and booleans as
 * their text, null and undefined as "". An object or a list is not text (its
 * `String()` is "[object Object]" or the values glued by commas): the answer
 * says what came in and how to pick the text out of it.
 */
export function textOf(value: unknown): TextValue {
	if (value === undefined || value === null) return { text: '' };
	if (typeof value === 'string') return { text: value };
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return { text: String(value) };
	}
	if (value instanceof Date) return { text: value.toISOString() };
	if (isDateTime(value)) return { text: String(value) };
	return { notText: describeNotText(value) };
}

/** Luxon's DateTime ($now, $today, DateTime.fromISO…): its text is the ISO date. */
function isDateTime(value: unknown): boolean {
	return (value as { isLuxonDateTime?: unknown })?.isLuxonDateTime === true;
}

/**
 * "an object with fields text, from: pick one, e.g. {{ $json.text }}": what
 * came in, and the expression that would give text instead.
 */
export function describeNotText(value: unknown): string {
	if (Array.isArray(value)) {
		const count = `${value.length} value${value.length === 1 ? '' : 's'}`;
		return `a list of ${count}, not text: pick one, e.g. {{ $json.list[0] }}, or join them, e.g. {{ $json.list.join(", ") }}`;
	}
	if (typeof value === 'object' && value !== null) {
		const keys = Object.keys(value);
		if (keys.length === 0) return 'an empty object, not text: point the expression at a text field';
		const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? ', …' : '');
		const example = /^[A-Za-z_$][\w$]*$/.test(keys[0])
			? `{{ $json.${keys[0]} }}`
			: `{{ $json["${keys[0]}"] }}`;
		return `an object with field${keys.length === 1 ? '' : 's'} ${shown}, not text: pick one, e.g. ${example}`;
	}
	return `a ${typeof value}, not text`;
}

/**
 * An object or list shown to a person as readable lines: one `name: value`
 * line per field (nested values as compact JSON), one line per list entry.
 * For texts a person reads and decides on (Send and Wait), where n8n's
 * approval tool hands the node the tool's parameters as an object.
 */
export function readableLines(value: unknown): string {
	const line = (v: unknown): string => {
		const text = textOf(v);
		return 'text' in text ? text.text : JSON.stringify(v);
	};
	if (Array.isArray(value)) return value.map(line).join('\n');
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value)
			.map(([key, v]) => `${key}: ${line(v)}`)
			.join('\n');
	}
	return line(value);
}
