/**
 * Recognises parameter expressions that only read fields of the item, such as
 * `={{ $json.phone }}`, `={{ $json["first name"] }}` or text around such
 * references (`=+91{{ $json.mobile }}`), and reads those fields directly.
 * n8n 2.x evaluates every expression in an isolate, which costs far more than
 * the send itself when a bulk list has tens of thousands of items. Anything
 * else (and any reference that does not land on a plain value) is left to n8n,
 * so results never differ from n8n's own evaluation: n8n turns a plain value
 * inside text into `String(value)` (`+91` + 9876500000 → `+919876500000`,
 * `false` → `false`), which is what `readReference` does.
 */
import { readOwnPath, UNSAFE_KEYS } from './fieldPath';

// SEGMENT and TEXT_OR_REFERENCE are sticky: their lastIndex is module state, reset
// before each use by parse/pathOf, which run synchronously, so concurrent runs
// in one process never interleave on them.
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\["([^"\\]*)"\]|\['([^'\\]*)'\]/y;
const PATH = String.raw`\$json((?:\.[A-Za-z_$][\w$]*|\["[^"\\]*"\]|\['[^'\\]*'\])+)`;
const WHOLE = new RegExp(String.raw`^\{\{\s*${PATH}\s*\}\}$`);
// Text parts must not hold braces or backslashes: n8n gives those meanings (escapes, nested templates).
const TEXT_OR_REFERENCE = new RegExp(String.raw`([^{}\\]+)|\{\{\s*${PATH}\s*\}\}`, 'y');

export type Primitive = string | number | boolean;

/** A parameter that reads item fields only: one field (its value as is) or text around fields (a string). */
export type FieldReference =
	| { kind: 'field'; path: string[] }
	| { kind: 'text'; parts: Array<string | string[]> };

// Compiled per distinct parameter text; the same few strings come back for every item.
// Safe as a per-process cache: the result depends on the string alone, so every
// n8n process (main, worker, webhook) computes the same entry and none needs
// another's (docs/queue-mode.md#in-process-state).
const compiled = new Map<string, FieldReference | null>();
const MAX_COMPILED = 500;

/** The reference a parameter value stands for, or undefined when n8n must evaluate it. */
export function compileReference(parameter: unknown): FieldReference | undefined {
	if (typeof parameter !== 'string' || !parameter.startsWith('=')) return undefined;
	let reference = compiled.get(parameter);
	if (reference === undefined) {
		reference = parse(parameter.slice(1)) ?? null;
		if (compiled.size >= MAX_COMPILED) compiled.clear();
		compiled.set(parameter, reference);
	}
	return reference ?? undefined;
}

function parse(expression: string): FieldReference | undefined {
	const whole = WHOLE.exec(expression);
	if (whole) {
		const path = pathOf(whole[1]);
		return path && { kind: 'field', path };
	}
	const parts: Array<string | string[]> = [];
	TEXT_OR_REFERENCE.lastIndex = 0;
	while (TEXT_OR_REFERENCE.lastIndex < expression.length) {
		const match = TEXT_OR_REFERENCE.exec(expression);
		if (!match) return undefined;
		if (match[1] !== undefined) {
			parts.push(match[1]);
			continue;
		}
		const path = pathOf(match[2]);
		if (!path) return undefined;
		parts.push(path);
	}
	return parts.some((part) => typeof part !== 'string') ? { kind: 'text', parts } : undefined;
}

function pathOf(segments: string): string[] | undefined {
	const path: string[] = [];
	SEGMENT.lastIndex = 0;
	let segment: RegExpExecArray | null;
	while (SEGMENT.lastIndex < segments.length && (segment = SEGMENT.exec(segments))) {
		const name = segment[1] ?? segment[2] ?? segment[3];
		if (UNSAFE_KEYS.has(name)) return undefined;
		path.push(name);
	}
	return path;
}

/** The value the reference gives for this item, or undefined when a field is not a plain value. */
export function readReference(json: unknown, reference: FieldReference): Primitive | undefined {
	if (reference.kind === 'field') return readPrimitive(json, reference.path);
	let text = '';
	for (const part of reference.parts) {
		if (typeof part === 'string') {
			text += part;
			continue;
		}
		const value = readPrimitive(json, part);
		if (value === undefined) return undefined;
		text += String(value);
	}
	return text;
}

/** The plain value at `path`, or undefined when the path does not end on a string, number or boolean. */
export function readPrimitive(json: unknown, path: readonly string[]): Primitive | undefined {
	const value = readOwnPath(json, path);
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? value
		: undefined;
}
