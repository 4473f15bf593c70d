// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- a decided runtime dependency: this package targets self-hosted n8n (see README)
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

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

/**
 * Accepts E.164 (`+91 98765-43210`), the `00` international prefix, digits with
 * the country code (`919876543210`), or a national number completed by
 * `defaultCountryCode` (`91`, `+91`).
 */
export function parseRecipient(raw: unknown, defaultCountryCode?: unknown): Recipient {
	const input = String(raw ?? '').trim();
	if (input === '') throw new PhoneNumberError('The phone number is empty');
	const defaultCode = String(defaultCountryCode ?? '').replace(/\D/g, '');
	const compact = input.replace(/[\s().\-/]/g, '');

	const candidates: Array<() => PhoneNumber | undefined> = [];
	if (compact.startsWith('+')) {
		candidates.push(() => parsePhoneNumberFromString(compact));
	} else if (compact.startsWith('00')) {
		candidates.push(() => parsePhoneNumberFromString(`+${compact.slice(2)}`));
	} else {
		if (defaultCode) {
			candidates.push(() => parsePhoneNumberFromString(compact, { defaultCallingCode: defaultCode }));
		}
		candidates.push(() => parsePhoneNumberFromString(`+${compact}`));
	}

	let valid: PhoneNumber | undefined;
	for (const candidate of candidates) {
		const parsed = /^\+?\d+$/.test(compact) ? candidate() : undefined;
		if (parsed?.isValid()) {
			valid = parsed;
			break;
		}
	}
	if (!valid) {
		throw new PhoneNumberError(
			`"${input}" is not a valid phone number${defaultCode ? ` (default country code ${defaultCode})` : ''}. Use international format such as +919876543210${defaultCode ? '' : ', or set Default Country Code for national numbers'}.`,
		);
	}
	const type = valid.getType();
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
