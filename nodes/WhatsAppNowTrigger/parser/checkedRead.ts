/**
 * Readers that note what they could not use in the object's warnings, so a
 * half-readable object still yields an event that explains its own gaps.
 */
import { NoteLog } from './notes';
import { asRecord, describe, field, isoTimestamp, text, type JsonRecord } from './read';

/** A field every well-formed object has: an id, a sender, a status. */
export function requiredText(record: JsonRecord, key: string, warnings: NoteLog): string | null {
	const value = field(record, key);
	const result = text(value);
	if (result === null) warnings.add(`${key}: expected a string, got ${describe(value)}`);
	return result;
}

/** `timestamp` as ISO 8601; every message and status has one. */
export function requiredTimestamp(record: JsonRecord, warnings: NoteLog): string | null {
	const value = field(record, 'timestamp');
	const result = isoTimestamp(value);
	if (result === null) warnings.add(`timestamp: expected unix seconds, got ${describe(value)}`);
	return result;
}

/** An object field the object cannot do without, e.g. `image` on an image message. */
export function requiredRecord(record: JsonRecord, key: string, warnings: NoteLog): JsonRecord | undefined {
	const value = field(record, key);
	const result = asRecord(value);
	if (result === undefined) warnings.add(`${key}: expected an object, got ${describe(value)}`);
	return result;
}

/** An object field that may be absent (missing or null); anything else is noted. */
export function optionalRecord(record: JsonRecord, key: string, warnings: NoteLog): JsonRecord | undefined {
	const value = field(record, key);
	return value === undefined || value === null ? undefined : requiredRecord(record, key, warnings);
}

/**
 * Maps the objects of an optional list; anything else is dropped with a
 * warning. `read` gets each object's position (e.g. `errors[2]`) for its own
 * warnings.
 */
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
		if (record === undefined) warnings.add(`${position}: expected an object, got ${describe(value[index])}`);
		else result.push(read(record, position));
	}
	return result;
}
