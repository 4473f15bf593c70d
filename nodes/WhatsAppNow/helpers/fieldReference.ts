/**
 * Recognises parameter expressions that only read a field of the item, such
 * as `={{ $json.phone }}` or `={{ $json["first name"] }}`, and reads that field
 * directly. n8n 2.x evaluates every expression in an isolate, which costs far
 * more than the send itself when a bulk list has tens of thousands of items.
 * Anything else (and any field reference that does not land on a plain value)
 * is left to n8n, so results never differ from n8n's own evaluation.
 */
import { readOwnPath, UNSAFE_KEYS } from './fieldPath';

const SEGMENT = /\.([A-Za-z_$][\w$]*)|\["([^"\\]*)"\]|\['([^'\\]*)'\]/y;

export type Primitive = string | number | boolean;

/** The field path of `={{ $json.a.b }}`, or undefined when the value is anything else. */
export function fieldPathOf(parameter: unknown): string[] | undefined {
	if (typeof parameter !== 'string') return undefined;
	const match = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\["[^"\\]*"\]|\['[^'\\]*'\])+)\s*\}\}$/.exec(
		parameter,
	);
	if (!match) return undefined;
	const path: string[] = [];
	SEGMENT.lastIndex = 0;
	let segment: RegExpExecArray | null;
	while (SEGMENT.lastIndex < match[1].length && (segment = SEGMENT.exec(match[1]))) {
		const name = segment[1] ?? segment[2] ?? segment[3];
		if (UNSAFE_KEYS.has(name)) return undefined;
		path.push(name);
	}
	return path;
}

/** The plain value at `path`, or undefined when the path does not end on a string, number or boolean. */
export function readPrimitive(json: unknown, path: readonly string[]): Primitive | undefined {
	const value = readOwnPath(json, path);
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? value
		: undefined;
}
