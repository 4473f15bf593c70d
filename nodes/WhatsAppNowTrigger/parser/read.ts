/**
 * Defensive readers for untrusted webhook JSON. Each one answers null (or
 * undefined) for anything it cannot use instead of throwing, so one odd field
 * never costs the rest of the notification.
 */

import { isoFromMilliseconds } from './isoDate';

export type JsonRecord = Record<string, unknown>;

/** A plain object; arrays are rejected because no Meta object is ever an array. */
export function asRecord(value: unknown): JsonRecord | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as JsonRecord)
		: undefined;
}

/**
 * Own properties only: keys such as a message `type` come from the payload, and
 * `"constructor"` or `"__proto__"` must not reach into Object.prototype.
 */
export function field(record: JsonRecord | undefined, key: string): unknown {
	return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Strings as they are; finite numbers as text, because some relays send ids and phone numbers as numbers. */
export function text(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** Like `text`, but an empty or blank string counts as absent (e.g. a removed reaction's emoji). */
export function nonBlankText(value: unknown): string | null {
	const result = text(value);
	return result !== null && result.trim() !== '' ? result : null;
}

// Long enough for any real number; anything longer is junk and not worth scanning.
const MAX_NUMERIC_TEXT = 32;
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/** Finite numbers, or strings holding a plain decimal (no hex, exponents or blanks). */
export function numeric(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || value.length > MAX_NUMERIC_TEXT) return null;
	const trimmed = value.trim();
	return NUMERIC_TEXT.test(trimmed) ? Number(trimmed) : null;
}

/** Booleans, plus the strings "true"/"false" some relays produce. */
export function bool(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return null;
}

// Unix seconds stay below 1e12 until the year 33658, so larger values can only be milliseconds.
const MILLISECONDS_THRESHOLD = 1e12;
const MAX_DATE_TEXT = 64;
// The largest time value a JavaScript Date can hold.
const MAX_DATE_MS = 8.64e15;

/**
 * ISO 8601 from Meta's unix-seconds string. Also takes numbers, milliseconds and
 * ISO strings, which relays sometimes send instead. Values a Date cannot hold
 * give null (`Date#toISOString` would throw on them), as do dates before 1970.
 */
export function isoTimestamp(value: unknown): string | null {
	let milliseconds: number | null = null;
	const seconds = numeric(value);
	if (seconds !== null) {
		milliseconds = seconds >= MILLISECONDS_THRESHOLD ? seconds : seconds * 1000;
	} else if (typeof value === 'string' && value.length <= MAX_DATE_TEXT) {
		milliseconds = Date.parse(value);
	}
	// Date.parse gives NaN for junk, and dates past year 275760 are not representable.
	if (milliseconds === null || !(milliseconds >= 0 && milliseconds <= MAX_DATE_MS)) return null;
	return isoFromMilliseconds(milliseconds);
}

const PREVIEW_LENGTH = 40;

/** Short, bounded description of a value for skip reasons and warnings. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') {
		const preview = value.length > PREVIEW_LENGTH ? `${value.slice(0, PREVIEW_LENGTH)}…` : value;
		return `the string ${JSON.stringify(preview)}`;
	}
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
