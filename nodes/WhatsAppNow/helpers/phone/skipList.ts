/**
 * Skip Numbers: recipients who must not be messaged (opt-outs), as a list or
 * as text separated by commas, semicolons or line breaks, each number in any
 * format (docs/operations.md#skip-numbers).
 */
import { parseRecipient } from './phoneNumber';

/** The numbers to skip, as `to` (country code + number, digits only), or why the list cannot be read. */
export type SkipList = { numbers: ReadonlySet<string> } | { problem: string };

/**
 * Reads a skip list. Each entry is read like a recipient (Default Country Code
 * completes a national number); an entry that is not a valid mobile number
 * for its country is kept as its digits (an international prefix 00 or +
 * dropped), so that a number written without its "+" still matches.
 * Empty entries are ignored; an entry without a single digit is refused, as
 * the list would not say what the user meant.
 */
export function compileSkipList(value: unknown, defaultCountryCode: unknown): SkipList {
	const entries = entriesOf(value);
	if (typeof entries === 'string') return { problem: entries };
	const numbers = new Set<string>();
	for (let i = 0; i < entries.length; i++) {
		const entry = entries[i].trim();
		if (entry === '') continue;
		const digits = entry.replace(/\D/g, '');
		if (digits === '') {
			return {
				problem: `entry ${i + 1} "${entry.slice(0, 40)}" is not a phone number; list numbers only (e.g. +919876543210)`,
			};
		}
		numbers.add(toOf(entry, defaultCountryCode) ?? digits.replace(/^00/, ''));
	}
	return { numbers };
}

function toOf(entry: string, defaultCountryCode: unknown): string | undefined {
	try {
		return parseRecipient(entry, defaultCountryCode).to;
	} catch {
		return undefined;
	}
}

/** The entries of a list (numbers and text) or of separated text; a sentence when neither. */
function entriesOf(value: unknown): string[] | string {
	if (value === undefined || value === null) return [];
	if (typeof value === 'number') return [String(value)];
	if (typeof value === 'string') return value.split(/[,;\n\r]+/);
	if (Array.isArray(value)) {
		const entries: string[] = [];
		for (let i = 0; i < value.length; i++) {
			const entry = value[i];
			if (entry === undefined || entry === null) continue;
			if (typeof entry === 'string' || typeof entry === 'number') {
				entries.push(...String(entry).split(/[,;\n\r]+/));
				continue;
			}
			return `entry ${i + 1} is ${Array.isArray(entry) ? 'a list' : 'an object'}, not a phone number: map the list to the phone field, e.g. {{ $('Opt-outs').all().map(item => item.json.phone) }}`;
		}
		return entries;
	}
	return 'is an object, not a list of phone numbers: give a list or text separated by commas or line breaks';
}
