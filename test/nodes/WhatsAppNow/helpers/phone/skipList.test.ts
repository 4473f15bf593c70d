import { compileSkipList } from '../../../../../nodes/WhatsAppNow/helpers/phone/skipList';

const numbers = (value: unknown, code: unknown = '') => {
	const list = compileSkipList(value, code);
	if ('problem' in list) throw new Error(list.problem);
	return [...list.numbers];
};

describe('compileSkipList', () => {
	test('text separated by commas, semicolons or line breaks; any phone format', () => {
		expect(numbers('+91 98765-43210, 0044 7911 123456;\n\n+1 (415) 555-0130')).toEqual([
			'919876543210',
			'447911123456',
			'14155550130',
		]);
	});

	test('national numbers take Default Country Code; invalid ones are kept as digits', () => {
		expect(numbers(['098765 43210', 9876543211, '00123'], '91')).toEqual([
			'919876543210',
			'919876543211',
			'123',
		]);
	});

	test('nothing, blank entries and nulls skip nobody', () => {
		expect(numbers('')).toEqual([]);
		expect(numbers(undefined)).toEqual([]);
		expect(numbers([null, '', ' , '])).toEqual([]);
	});

	test('entries that are not numbers refuse the list', () => {
		expect(compileSkipList('919876543210, STOP', '')).toEqual({
			problem: 'entry 2 "STOP" is not a phone number; list numbers only (e.g. +919876543210)',
		});
		expect(compileSkipList([{ phone: '1' }], '')).toMatchObject({
			problem: expect.stringMatching(/^entry 1 is an object, not a phone number/),
		});
		expect(compileSkipList({ a: 1 }, '')).toMatchObject({
			problem: expect.stringMatching(/^is an object, not a list of phone numbers/),
		});
	});
});
