/**
 * Reading an item's field by name the way n8n's own nodes read "field name"
 * parameters (Set, Sort, Aggregate…: lodash `get(item.json, name)`): a name
 * the item holds as a key is that key, even when it contains dots
 * (`"customer.phone"`); otherwise dots and brackets walk into nested objects
 * and arrays (`customer.phone`, `contacts[0].phone`, `data["first name"]`).
 * The name is compiled once; each item then costs a few property reads, no
 * expression.
 */
/** Names that would reach an object's prototype instead of its own data. */
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// One path segment: a run of characters other than dots and brackets, an
// index (`[0]`) or a quoted key (`["first name"]`, `['a.b']`). Dots between
// segments are skipped.
const SEGMENT = /([^.[\]]+)|\[\s*(\d+)\s*\]|\["([^"]*)"\]|\['([^']*)'\]/g;

export interface FieldPath {
	/** The name as given, trimmed; used in messages. */
	name: string;
	/** The name read as a path (`["customer", "phone"]`); a single key when it has no dots or brackets. */
	path: readonly string[];
}

/** Compiles a field name; undefined when it is empty or walks through `__proto__`-like keys. */
export function compileFieldPath(rawName: unknown): FieldPath | undefined {
	const name = String(rawName ?? '').trim();
	if (name === '') return undefined;
	const path: string[] = [];
	if (/[.[\]]/.test(name)) {
		for (const match of name.matchAll(SEGMENT)) {
			path.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
		}
	} else {
		path.push(name);
	}
	if (path.some((part) => UNSAFE_KEYS.has(part))) return undefined;
	return { name, path };
}

/** `undefined` when the item has no such field. */
export function readField(json: unknown, field: FieldPath): unknown {
	if (typeof json !== 'object' || json === null) return undefined;
	const own = json as Record<string, unknown>;
	// A key that literally holds the whole name wins, as in lodash `get`.
	if (Object.prototype.hasOwnProperty.call(own, field.name)) return own[field.name];
	if (field.path.length === 1) return undefined;
	return readOwnPath(json, field.path);
}

/** The value at `path` through own properties only; `undefined` when a step is missing. */
export function readOwnPath(json: unknown, path: readonly string[]): unknown {
	let value: unknown = json;
	for (const part of path) {
		if (
			typeof value !== 'object' ||
			value === null ||
			!Object.prototype.hasOwnProperty.call(value, part)
		) {
			return undefined;
		}
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}
