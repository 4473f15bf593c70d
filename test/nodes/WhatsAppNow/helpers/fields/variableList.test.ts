import {
	blankPositions,
	canTravelAsList,
	joinList,
	valuesOf,
	whitespaceProblem,
	whitespaceProblems,
} from '../../../../../nodes/WhatsAppNow/helpers/fields/variableList';
import { splitList } from '../../../../../sandbox';

describe('variableList', () => {
	test('joins with ", " as the API document does, and the server split gives the values back', () => {
		expect(joinList(['Kunal', 'MSG3545'])).toBe('Kunal, MSG3545');
		expect(joinList([])).toBe('');
		expect(splitList(joinList(['a b', 'c;d', 'e']))).toEqual(['a b', 'c;d', 'e']);
	});

	test('a value with a comma cannot travel in the list', () => {
		expect(canTravelAsList(['Kunal', 'MSG3545'])).toBe(true);
		expect(canTravelAsList([])).toBe(true);
		expect(canTravelAsList(['Smith, John'])).toBe(false);
		expect(canTravelAsList(['1,000'])).toBe(false);
		expect(canTravelAsList(['trailing,'])).toBe(false);
		// Only the ASCII comma is the separator: other commas travel.
		expect(canTravelAsList(['\u060c Arabic comma', '\uff0c fullwidth'])).toBe(true);
		// Why: the server's split would see three values where two were sent.
		expect(splitList(joinList(['Smith, John', 'X']))).toHaveLength(3);
	});

	test('reads the fixed-collection shape of the contract', () => {
		expect(valuesOf({ variable: [{ value: 'John' }, { value: 'MSG3453' }] })).toEqual([
			'John',
			'MSG3453',
		]);
		expect(
			valuesOf({
				variable: [{ value: 42 }, { value: true }, { value: { a: 1 } }, { value: null }, {}],
			}),
		).toEqual(['42', 'true', '{"a":1}', '', '']);
		// An entry whose expression returned an array stands for its elements.
		expect(valuesOf({ variable: [{ value: ['a', 2] }, { value: 'c' }, { value: [] }] })).toEqual([
			'a',
			'2',
			'c',
		]);
		expect(valuesOf({})).toEqual([]);
		expect(valuesOf(undefined)).toEqual([]);
		expect(valuesOf('John, MSG3453')).toEqual([]);
		expect(valuesOf({ variable: 'x' })).toEqual([]);
	});

	test('finds blank values by 1-based position', () => {
		expect(blankPositions(['a', '', ' ', 'b'])).toEqual([2, 3]);
		expect(blankPositions(['a'])).toEqual([]);
	});

	test("Meta's 132018 rule: no line break, no tab, at most 4 consecutive spaces", () => {
		expect(whitespaceProblem('Hello John')).toBeUndefined();
		expect(whitespaceProblem('a    b')).toBeUndefined();
		expect(whitespaceProblem('a\nb')).toBe('a line break');
		expect(whitespaceProblem('a\r\nb')).toBe('a line break');
		expect(whitespaceProblem('a\u2028b')).toBe('a line break');
		expect(whitespaceProblem('a\tb')).toBe('a tab');
		expect(whitespaceProblem('a      b')).toBe('6 consecutive spaces (at most 4 are allowed)');
		expect(whitespaceProblems(['ok', 'a\tb', 'fine', 'x\ny'])).toEqual([
			{ position: 2, problem: 'a tab' },
			{ position: 4, problem: 'a line break' },
		]);
	});
});
