import {
	describeNotText,
	isBlankText,
	readableLines,
	textOf,
} from '../../../../../nodes/WhatsAppNow/helpers/fields/text';

describe('isBlankText: text that would show the reader nothing', () => {
	test.each([
		['', true],
		['   \n\t', true],
		['\u0000', true],
		['\u200B\u200C\u200D\u2060\uFEFF', true],
		['\u200E\u00AD', true],
		['\u3164\u2800', true],
		['\u0007 \u001F', true],
		['a', false],
		['مرحبا', false],
		['🎉', false],
		['👩\u200D💻', false],
		['\u200Bx', false],
	])('%j → %s', (text, blank) => {
		expect(isBlankText(text)).toBe(blank);
	});
});

describe('textOf: a field value as text, or what came in instead', () => {
	test('text, numbers, booleans, dates and nothing', () => {
		expect(textOf('hi')).toEqual({ text: 'hi' });
		expect(textOf(10045)).toEqual({ text: '10045' });
		expect(textOf(0)).toEqual({ text: '0' });
		expect(textOf(false)).toEqual({ text: 'false' });
		expect(textOf(null)).toEqual({ text: '' });
		expect(textOf(undefined)).toEqual({ text: '' });
		expect(textOf(new Date('2026-12-07T10:00:00Z'))).toEqual({ text: '2026-12-07T10:00:00.000Z' });
		const luxonLike = { isLuxonDateTime: true, toString: () => '2026-12-07T10:00:00.000+00:00' };
		expect(textOf(luxonLike)).toEqual({ text: '2026-12-07T10:00:00.000+00:00' });
	});

	test('objects and lists are not text', () => {
		expect(textOf({ text: 'a', from: 'b' })).toEqual({
			notText: 'an object with fields text, from, not text: pick one, e.g. {{ $json.text }}',
		});
		expect(describeNotText({ 'first name': 'a' })).toBe(
			'an object with field first name, not text: pick one, e.g. {{ $json["first name"] }}',
		);
		expect(describeNotText({})).toMatch(/^an empty object, not text/);
		expect(describeNotText(['a'])).toMatch(/^a list of 1 value, not text: pick one/);
		expect(describeNotText({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 })).toMatch(
			/fields a, b, c, d, e, …, not text/,
		);
	});
});

describe('readableLines: objects shown to a person', () => {
	test('one name: value line per field, nested values as JSON, lists one line per entry', () => {
		expect(readableLines({ message: 'Thanks for writing', amount: 25, to: { id: 1 } })).toBe(
			'message: Thanks for writing\namount: 25\nto: {"id":1}',
		);
		expect(readableLines(['a', 2, { b: 1 }])).toBe('a\n2\n{"b":1}');
		expect(readableLines('plain')).toBe('plain');
	});
});
