import examples from 'libphonenumber-js/examples.mobile.json';
import {
	getCountries,
	getCountryCallingCode,
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js/max';

import { numberType } from '../../../../../nodes/WhatsAppNow/helpers/phone/numberType';

/** A small deterministic generator: the same numbers on every run. */
function digitsFrom(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		return String(state % 10);
	};
}

/**
 * Numbers of every country: its mobile example, the example with its trailing
 * digits replaced, with its leading digits replaced (which lands on fixed
 * line, toll free, premium rate, … ranges), shortened and lengthened.
 */
function numbersOf(country: CountryCode, nextDigit: () => string): string[] {
	const example = (examples as Record<string, string>)[country];
	if (!example) return [];
	const numbers = [example];
	for (let i = 0; i < 40; i++) {
		const tail = Array.from({ length: 1 + (i % 5) }, nextDigit).join('');
		numbers.push(example.slice(0, example.length - tail.length) + tail);
		const head = Array.from({ length: 1 + (i % 3) }, nextDigit).join('');
		numbers.push(head + example.slice(head.length));
	}
	numbers.push(example.slice(0, -1), `${example}${nextDigit()}`);
	return numbers;
}

describe('numberType: the same answers as libphonenumber-js getType()', () => {
	test('every country, valid and invalid numbers of each', () => {
		const nextDigit = digitsFrom(7);
		const typesSeen = new Set<string>();
		const differences: string[] = [];
		let compared = 0;
		for (const country of getCountries()) {
			for (const national of numbersOf(country, nextDigit)) {
				const parsed = parsePhoneNumberFromString(national, country);
				if (!parsed) continue;
				compared++;
				const expected = parsed.getType();
				typesSeen.add(String(expected));
				const actual = numberType(parsed);
				if (actual !== expected)
					differences.push(`${country} ${national}: ${actual} vs ${expected}`);
			}
		}
		expect(differences).toEqual([]);
		// The comparison reached every branch: valid types of each kind, and invalid numbers.
		expect(compared).toBeGreaterThan(15000);
		for (const type of [
			'MOBILE',
			'FIXED_LINE',
			'FIXED_LINE_OR_MOBILE',
			'TOLL_FREE',
			'PREMIUM_RATE',
			'VOIP',
			'undefined',
		]) {
			expect(typesSeen).toContain(type);
		}
	});

	test('every two-digit start of every country, at the example length and one digit either side', () => {
		const nextDigit = digitsFrom(23);
		const differences: string[] = [];
		const typesSeen = new Map<string, number>();
		for (const country of getCountries()) {
			const example = (examples as Record<string, string>)[country];
			if (!example) continue;
			for (const length of [example.length - 1, example.length, example.length + 1]) {
				for (let prefix = 0; prefix < 100; prefix++) {
					const tail = Array.from({ length: length - 2 }, nextDigit).join('');
					const national = String(prefix).padStart(2, '0') + tail;
					const parsed = parsePhoneNumberFromString(national, country);
					if (!parsed) continue;
					const expected = parsed.getType();
					typesSeen.set(String(expected), (typesSeen.get(String(expected)) ?? 0) + 1);
					if (numberType(parsed) !== expected) {
						differences.push(`${country} ${national}: ${numberType(parsed)} vs ${expected}`);
					}
				}
			}
		}
		expect(differences).toEqual([]);
		// Ranges beyond mobile and fixed line are reached many times over.
		for (const type of ['TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'UAN', 'PAGER']) {
			expect(typesSeen.get(type)).toBeGreaterThan(10);
		}
	});

	test('numbers of a calling code shared by several countries, and non-geographic ones', () => {
		const nextDigit = digitsFrom(11);
		const inputs = [
			'+18005550199',
			'+12015550123',
			'+14165550123',
			'+80012345678',
			'+882345678901',
		];
		for (const code of ['1', '7', '44', '800', '808', '870', '881', '882', '883', '979']) {
			for (let i = 0; i < 60; i++) {
				const length = 7 + (i % 6);
				inputs.push(`+${code}${Array.from({ length }, nextDigit).join('')}`);
			}
		}
		let parsedCount = 0;
		for (const input of inputs) {
			const parsed = parsePhoneNumberFromString(input);
			if (!parsed) continue;
			parsedCount++;
			expect({ input, type: numberType(parsed) }).toEqual({ input, type: parsed.getType() });
		}
		expect(parsedCount).toBeGreaterThan(500);
		expect(numberType(parsePhoneNumberFromString('+80012345678')!)).toBe('TOLL_FREE');
	});

	test('an Indian mobile and fixed-line number', () => {
		expect(numberType(parsePhoneNumberFromString('+919876543210')!)).toBe('MOBILE');
		expect(numberType(parsePhoneNumberFromString('+911123456789')!)).toBe('FIXED_LINE');
		expect(getCountryCallingCode('IN')).toBe('91');
	});
});
