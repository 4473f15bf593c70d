import {
	getCountries,
	getCountryCallingCode,
	isSupportedCountry,
	parsePhoneNumberFromString,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js/max';

import { numberType } from './numberType';

export interface Recipient {
	/** E.164 without the "+", e.g. 919876543210. */
	to: string;
	countryCode: string;
	mobileNumber: string;
}

export class PhoneNumberError extends Error {}

// WhatsApp accounts live on mobile numbers; some countries cannot tell mobile
// from fixed line by the number alone, so both of those types pass.
const MOBILE_CAPABLE = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

// Separators people type or paste: spaces (incl. no-break), brackets, dots,
// slashes, hyphens and the Unicode dashes word processors substitute for them.
const SEPARATORS = /[\s()./\-\u2010-\u2015\u2212]/g;

// Built on first use from libphonenumber's bundled metadata, the same in every
// process: a per-process memo (docs/queue-mode.md#in-process-state).
let callingCodes: Set<string> | undefined;
function isCallingCode(code: string): boolean {
	callingCodes ??= new Set(getCountries().map((country) => String(getCountryCallingCode(country))));
	return callingCodes.has(code);
}

type DefaultCountry = { defaultCallingCode: string } | { defaultCountry: CountryCode };

type DefaultCountryRead = { label: string; option: DefaultCountry } | { error: string } | undefined;

// A bulk list repeats a handful of default codes (one node setting, or a
// country column): each is read once per distinct value. Per process: a memo
// of a pure function of the text, which any process recomputes the same
// (docs/queue-mode.md#in-process-state).
const defaultCountries = new Map<string, DefaultCountryRead>();
const MAX_CACHED_DEFAULTS = 1000;

/** `91`, `+91`, `0091`, or an ISO country such as `IN`; undefined when empty. */
function readDefaultCountry(value: unknown): { label: string; option: DefaultCountry } | undefined {
	const text = String(value ?? '').trim();
	let read = defaultCountries.get(text);
	if (read === undefined && !defaultCountries.has(text)) {
		read = readDefaultCountryText(text);
		if (defaultCountries.size >= MAX_CACHED_DEFAULTS) defaultCountries.clear();
		defaultCountries.set(text, read);
	}
	if (read && 'error' in read) throw new PhoneNumberError(read.error);
	return read;
}

function readDefaultCountryText(text: string): DefaultCountryRead {
	if (text === '') return undefined;
	const upper = text.toUpperCase();
	if (/^[A-Z]{2}$/.test(upper) && isSupportedCountry(upper)) {
		return { label: upper, option: { defaultCountry: upper } };
	}
	const digits = text.replace(/^\+|^00/, '');
	if (/^\d{1,3}$/.test(digits) && isCallingCode(digits)) {
		return { label: digits, option: { defaultCallingCode: digits } };
	}
	return {
		error: `Default Country Code "${text}" is not a country calling code. Use digits such as 91 for India or 1 for the USA.`,
	};
}

/**
 * Accepts E.164 (`+91 98765-43210`), the `00` international prefix, digits with
 * the country code (`919876543210`), or a national number completed by
 * `defaultCountryCode` (`91`, `+91`, or an ISO country such as `IN`).
 */
export function parseRecipient(raw: unknown, defaultCountryCode?: unknown): Recipient {
	const input = String(raw ?? '').trim();
	if (input === '') throw new PhoneNumberError('The phone number is empty');
	const fallback = readDefaultCountry(defaultCountryCode);
	const compact = input.replace(/^tel:/i, '').replace(SEPARATORS, '');

	const candidates: Array<() => PhoneNumber | undefined> = [];
	if (compact.startsWith('+')) {
		candidates.push(() => parsePhoneNumberFromString(compact));
	} else if (compact.startsWith('00')) {
		candidates.push(() => parsePhoneNumberFromString(`+${compact.slice(2)}`));
	} else {
		if (fallback) candidates.push(() => parsePhoneNumberFromString(compact, fallback.option));
		candidates.push(() => parsePhoneNumberFromString(`+${compact}`));
	}

	// With the full ("max") metadata a number is valid exactly when it has a
	// type (libphonenumber-js's isValid is getType() !== undefined), so one
	// type check does both; numberType is getType() with compiled patterns.
	let valid: PhoneNumber | undefined;
	let type: ReturnType<PhoneNumber['getType']>;
	if (/^\+?\d+$/.test(compact)) {
		for (const candidate of candidates) {
			const parsed = candidate();
			type = parsed && numberType(parsed);
			if (type !== undefined) {
				valid = parsed;
				break;
			}
		}
	}
	if (!valid) {
		throw new PhoneNumberError(
			`"${input}" is not a valid phone number${fallback ? ` (default country code ${fallback.label})` : ''}. Use international format such as +919876543210${fallback ? '' : ', or set Default Country Code for national numbers'}.`,
		);
	}
	if (type !== undefined && !MOBILE_CAPABLE.has(type)) {
		throw new PhoneNumberError(
			`"${input}" is a ${type.toLowerCase().replace(/_/g, ' ')} number, which cannot receive WhatsApp messages. Use a mobile number.`,
		);
	}
	return {
		to: `${valid.countryCallingCode}${valid.nationalNumber}`,
		countryCode: String(valid.countryCallingCode),
		mobileNumber: String(valid.nationalNumber),
	};
}

/**
 * A WhatsApp Business number (Sender ID) or a call button's number as Message
 * Central takes it: digits with the country code, no "+" and no separators.
 */
export function cleanBusinessNumber(raw: unknown): string {
	return String(raw ?? '').replace(/[\s+()-]/g, '');
}

export function isBusinessNumber(digits: string): boolean {
	return /^\d{6,15}$/.test(digits);
}
