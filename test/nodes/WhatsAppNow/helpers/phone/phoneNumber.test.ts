import {
	parseRecipient,
	PhoneNumberError,
} from '../../../../../nodes/WhatsAppNow/helpers/phone/phoneNumber';

const india = { to: '919876543210', countryCode: '91', mobileNumber: '9876543210' };

describe('parseRecipient: written forms of one Indian mobile number', () => {
	test.each([
		['E.164', '+919876543210', undefined],
		['E.164 with spaces and a hyphen', '+91 98765-43210', undefined],
		['brackets and dots', '+91 (98765) 432.10', undefined],
		['slashes', '+91/98765/43210', undefined],
		['no-break spaces (pasted from a web page)', '+91\u00a098765\u00a043210', undefined],
		['Unicode dashes (pasted from a word processor)', '+91\u201198765\u201343210', undefined],
		['a tel: link', 'tel:+919876543210', undefined],
		['surrounding white space', '  +919876543210 \n', undefined],
		['the 00 international prefix', '0091 98765 43210', undefined],
		['digits with the country code', '919876543210', undefined],
		['digits with the country code and a default code', '919876543210', '91'],
		['a national number and default code 91', '9876543210', '91'],
		['a national number and default code +91', '98765 43210', '+91'],
		['a national number and default code 0091', '9876543210', '0091'],
		['a national number and an ISO country', '9876543210', 'IN'],
		['a national number and a lower-case ISO country', '9876543210', 'in'],
		['a national number with the trunk prefix 0', '09876543210', '91'],
		['an international number while another default applies', '+919876543210', '44'],
		['a number-typed value from an expression', 919876543210, undefined],
		['a number-typed national value and a number-typed code', 9876543210, 91],
	])('%s', (_label, raw, defaultCode) => {
		expect(parseRecipient(raw, defaultCode)).toEqual(india);
	});
});

describe('parseRecipient: other countries', () => {
	test.each([
		['USA (fixed-line-or-mobile numbering)', '+1 202 555 0123', undefined, '1', '2025550123'],
		['USA, national with default 1', '(202) 555-0123', '1', '1', '2025550123'],
		['United Kingdom', '+44 7911 123456', undefined, '44', '7911123456'],
		['United Kingdom, trunk prefix 0', '07911 123456', '44', '44', '7911123456'],
		['Germany (11-digit mobile)', '+49 1512 3456789', undefined, '49', '15123456789'],
		[
			'Brazil (9-digit mobile after the area code)',
			'+55 11 91234-5678',
			undefined,
			'55',
			'11912345678',
		],
		['Brazil, national with default 55', '11 91234-5678', '55', '55', '11912345678'],
		['China', '+86 138 0013 8000', undefined, '86', '13800138000'],
		['Russia', '+7 912 345-67-89', undefined, '7', '9123456789'],
		['Russia, trunk prefix 8', '8 912 345-67-89', '7', '7', '9123456789'],
		['Italy (mobile without a leading 0)', '+39 312 345 6789', undefined, '39', '3123456789'],
		[
			"Côte d'Ivoire (the 0 belongs to the number)",
			'+225 07 07 12 34 56',
			undefined,
			'225',
			'0707123456',
		],
	])('%s', (_label, raw, defaultCode, countryCode, mobileNumber) => {
		const recipient = parseRecipient(raw, defaultCode);
		expect(recipient).toEqual({ to: countryCode + mobileNumber, countryCode, mobileNumber });
	});

	test('a default code does not capture numbers that carry their own', () => {
		expect(parseRecipient('+447911123456', '91').countryCode).toBe('44');
		expect(parseRecipient('00447911123456', '91').countryCode).toBe('44');
	});

	test('the default code wins for a national number that would also read as international', () => {
		// 7911123456 is a UK mobile with default 44; read as +7 911… it would be Russian.
		expect(parseRecipient('7911123456', '44')).toEqual({
			to: '447911123456',
			countryCode: '44',
			mobileNumber: '7911123456',
		});
	});
});

describe('parseRecipient: rejected values name the value', () => {
	test.each([
		['empty', '', /phone number is empty/],
		['white space only', '   ', /phone number is empty/],
		['null', null, /phone number is empty/],
		['undefined', undefined, /phone number is empty/],
		['letters', 'call me', /"call me" is not a valid phone number/],
		['a letter among the digits', '+91 98765 4321O', /"\+91 98765 4321O" is not a valid/],
		['too short', '+91 98765', /"\+91 98765" is not a valid/],
		['too long', '+91 98765 43210 99', /is not a valid/],
		['an extension', '+919876543210 ext 12', /is not a valid/],
		['a national number without a default code', '9876543210', /set Default Country Code/],
		['a + in the middle', '91+9876543210', /is not a valid/],
	])('%s', (_label, raw, message) => {
		expect(() => parseRecipient(raw)).toThrow(PhoneNumberError);
		expect(() => parseRecipient(raw)).toThrow(message);
	});

	test.each([
		[
			'an Indian fixed line',
			'+91 11 2345 6789',
			/"\+91 11 2345 6789" is a fixed line number, which cannot receive WhatsApp/,
		],
		['a UK fixed line', '+44 20 7946 0958', /is a fixed line number/],
		['an Indian toll-free number', '+91 1800 123 4567', /is a toll free number/],
		['a non-geographic freephone number', '+800 1234 5678', /is a toll free number/],
	])('%s is not mobile-capable', (_label, raw, message) => {
		expect(() => parseRecipient(raw)).toThrow(message);
	});

	test('the message names the default code it tried', () => {
		expect(() => parseRecipient('12345', '91')).toThrow(
			/"12345" is not a valid phone number \(default country code 91\)/,
		);
	});

	test.each([
		['an unknown calling code', '999'],
		['letters that are no country', 'XX'],
		['a word', 'India'],
		['too many digits', '9191'],
	])('a default code that is %s is an error naming it', (_label, code) => {
		expect(() => parseRecipient('9876543210', code)).toThrow(PhoneNumberError);
		expect(() => parseRecipient('9876543210', code)).toThrow(
			`Default Country Code "${code}" is not a country calling code`,
		);
	});

	test('an empty default code means none', () => {
		expect(parseRecipient('+919876543210', '')).toEqual(india);
		expect(parseRecipient('+919876543210', '  ')).toEqual(india);
	});
});

describe('parseRecipient: output shape', () => {
	test('to is countryCode + mobileNumber, digits only, no "+"', () => {
		for (const raw of [
			'+91 98765-43210',
			'+1 202 555 0123',
			'+225 07 07 12 34 56',
			'+55 11 91234-5678',
		]) {
			const { to, countryCode, mobileNumber } = parseRecipient(raw);
			expect(to).toBe(countryCode + mobileNumber);
			expect(to).toMatch(/^\d+$/);
		}
	});
});
