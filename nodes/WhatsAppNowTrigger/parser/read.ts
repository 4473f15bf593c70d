/**
 * Defensive readers for untrusted webhook JSON. Each one answers null (or
 * undefined) for anything it cannot use instead of throwing, so one odd field
 * never costs the rest of the notification; the `required…` readers also note
 * the gap, so a half-readable object still yields an event that explains itself.
 */
import { isPlainObject } from '../../common/isPlainObject';
import type { EventAnnotations } from './types';

export type JsonRecord = Record<string, unknown>;

/** Arrays are rejected because no Meta object is ever an array. */
export function asRecord(value: unknown): JsonRecord | undefined {
	return isPlainObject(value) ? (value as JsonRecord) : undefined;
}

/**
 * Own properties only: keys such as a message `type` come from the payload, and
 * `"constructor"` or `"__proto__"` must not reach into Object.prototype.
 */
export function field(record: JsonRecord | undefined, key: string): unknown {
	return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Numbers are read as text too, because some relays send ids and phone numbers as numbers. */
export function text(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** A blank string counts as absent (e.g. the emoji of a removed reaction). */
export function nonBlankText(value: unknown): string | null {
	const result = text(value);
	return result !== null && result.trim() !== '' ? result : null;
}

/** Copies string fields under our names; the key map is ours, never the payload's. */
export function readTexts<K extends string>(
	record: JsonRecord | undefined,
	payloadKeys: Record<K, string>,
): Record<K, string | null> {
	const result = {} as Record<K, string | null>;
	for (const key of Object.keys(payloadKeys) as K[])
		result[key] = text(field(record, payloadKeys[key]));
	return result;
}

// Long enough for any real number; anything longer is junk and not worth scanning.
const MAX_NUMERIC_TEXT = 32;
// No hex, exponents or blanks inside: relays quote plain decimals, nothing else.
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

export function numeric(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || value.length > MAX_NUMERIC_TEXT) return null;
	const trimmed = value.trim();
	return NUMERIC_TEXT.test(trimmed) ? Number(trimmed) : null;
}

/** The strings "true"/"false" count too, because some relays produce them. */
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

const MS_PER_DAY = 86_400_000;
// 9999-12-31T23:59:59.999Z: beyond it toISOString switches to six-digit years.
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;
// Looked up rather than formatted: padding was a third of the formatting time.
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));

/**
 * Same output as `new Date(ms).toISOString()` at about a third of the cost,
 * which matters because a busy body holds two timestamps per status. Days to
 * civil date by Howard Hinnant's algorithm; anything past 9999 goes to `Date`.
 * The caller ensures `ms` is finite and non-negative.
 */
export function isoFromMilliseconds(ms: number): string {
	const time = Math.trunc(ms);
	if (time > LAST_FOUR_DIGIT_YEAR_MS) return new Date(time).toISOString();
	const days = Math.floor(time / MS_PER_DAY);
	const dayTime = time - days * MS_PER_DAY;

	const shifted = days + 719_468; // days since 0000-03-01
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36_524) -
			Math.floor(dayOfEra / 146_096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const marchMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
	const day = dayOfYear - Math.floor((153 * marchMonth + 2) / 5) + 1;
	const month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

	const hours = Math.floor(dayTime / 3_600_000);
	const minutes = Math.floor(dayTime / 60_000) % 60;
	const seconds = Math.floor(dayTime / 1000) % 60;
	// Years from 1970 to 9999 always have four digits, so the year needs no padding.
	return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[dayTime % 1000]}Z`;
}

const PREVIEW_LENGTH = 40;

/** Bounded, so a skip reason or warning never repeats a huge payload value. */
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

/**
 * A capped list of notes. A hostile 10 MB body can hold a million unreadable
 * parts; reporting each would make the report bigger than the body, so the list
 * keeps the first few and counts the rest.
 */
export class NoteLog {
	// Created on the first note: one log per event, and almost all stay empty.
	private notes: string[] | undefined;
	private count = 0;

	constructor(private readonly limit: number) {}

	add(note: string): void {
		this.count++;
		this.notes ??= [];
		if (this.notes.length < this.limit) this.notes.push(note);
	}

	get total(): number {
		return this.count;
	}

	/** The kept notes, plus one line saying how many were left out. */
	list(): string[] {
		const notes = this.notes ?? [];
		const leftOut = this.count - notes.length;
		return leftOut > 0 ? [...notes, `…and ${leftOut} more`] : [...notes];
	}
}

/** A handful of warnings says enough about one message or status. */
export const MAX_EVENT_WARNINGS = 10;

/** Fields every well-formed object has (an id, a sender, a status), noted in the order given. */
export function requiredTexts<K extends string>(
	record: JsonRecord,
	keys: readonly K[],
	warnings: NoteLog,
): Record<K, string | null> {
	const result = {} as Record<K, string | null>;
	for (const key of keys) {
		const value = field(record, key);
		result[key] = text(value);
		if (result[key] === null) warnings.add(`${key}: expected a string, got ${describe(value)}`);
	}
	return result;
}

export function requiredTimestamp(record: JsonRecord, warnings: NoteLog): string | null {
	const value = field(record, 'timestamp');
	const result = isoTimestamp(value);
	if (result === null) warnings.add(`timestamp: expected unix seconds, got ${describe(value)}`);
	return result;
}

/** An object the event cannot do without, e.g. `image` on an image message. */
export function requiredRecord(
	record: JsonRecord,
	key: string,
	warnings: NoteLog,
): JsonRecord | undefined {
	const value = field(record, key);
	const result = asRecord(value);
	if (result === undefined) warnings.add(`${key}: expected an object, got ${describe(value)}`);
	return result;
}

/** Missing and null both mean "not sent"; anything else that is not an object is noted. */
export function optionalRecord(
	record: JsonRecord,
	key: string,
	warnings: NoteLog,
): JsonRecord | undefined {
	const value = field(record, key);
	return value === undefined || value === null ? undefined : requiredRecord(record, key, warnings);
}

/** Non-objects in the list are dropped with a warning; `read` gets e.g. `errors[2]` for its own. */
export function readList<T>(
	value: unknown,
	label: string,
	warnings: NoteLog,
	read: (record: JsonRecord, position: string) => T,
): T[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) {
		warnings.add(`${label}: expected an array, got ${describe(value)}`);
		return [];
	}
	const result: T[] = [];
	for (let index = 0; index < value.length; index++) {
		const position = `${label}[${index}]`;
		const record = asRecord(value[index]);
		if (record === undefined)
			warnings.add(`${position}: expected an object, got ${describe(value[index])}`);
		else result.push(read(record, position));
	}
	return result;
}

/**
 * Appends `warnings` and `raw` last, and only when there is something to add,
 * so clean payloads give lean items with the contract fields first.
 */
export function annotate<T extends object>(
	event: T,
	warnings: NoteLog,
	source: JsonRecord,
	includeRaw: boolean,
): T & EventAnnotations {
	const annotated: T & EventAnnotations = event;
	if (warnings.total > 0) annotated.warnings = warnings.list();
	// The very object from the payload, not a copy: copying would walk untrusted depth.
	if (includeRaw) annotated.raw = source;
	return annotated;
}
