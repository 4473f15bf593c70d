import { selectConsistentRows, sheetRow, toBatches, type BulkRow } from '../../nodes/WhatsAppNow/helpers/bulkRows';
import { blankPositions, canTravelAsList, joinList, valuesOf } from '../../nodes/WhatsAppNow/helpers/variableList';
import { splitList } from '../../sandbox';

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
		expect(valuesOf({ variable: [{ value: 'John' }, { value: 'MSG3453' }] })).toEqual(['John', 'MSG3453']);
		expect(valuesOf({ variable: [{ value: 42 }, { value: true }, { value: { a: 1 } }, { value: null }, {}] })).toEqual([
			'42',
			'true',
			'{"a":1}',
			'',
			'',
		]);
		// An entry whose expression returned an array stands for its elements.
		expect(valuesOf({ variable: [{ value: ['a', 2] }, { value: 'c' }, { value: [] }] })).toEqual(['a', '2', 'c']);
		expect(valuesOf({})).toEqual([]);
		expect(valuesOf(undefined)).toEqual([]);
		expect(valuesOf('John, MSG3453')).toEqual([]);
		expect(valuesOf({ variable: 'x' })).toEqual([]);
	});

	test('finds blank values by 1-based position', () => {
		expect(blankPositions(['a', '', ' ', 'b'])).toEqual([2, 3]);
		expect(blankPositions(['a'])).toEqual([]);
	});
});

const row = (itemIndex: number, variables: number, ctas = 0): BulkRow => ({
	itemIndex,
	to: `9198765${String(itemIndex).padStart(5, '0')}`,
	countryCode: '91',
	mobileNumber: `98765${String(itemIndex).padStart(5, '0')}`,
	variables: Array.from({ length: variables }, (_, i) => `v${i + 1}`),
	ctaVariables: Array.from({ length: ctas }, (_, i) => `c${i + 1}`),
});

describe('bulkRows', () => {
	test('rows that agree are all kept, with their variable count', () => {
		const result = selectConsistentRows([row(0, 2, 1), row(1, 2, 1)]);
		expect(result.rows.map((r) => r.itemIndex)).toEqual([0, 1]);
		expect(result).toMatchObject({ variableCount: 2, ctaCount: 1, rejected: [] });
	});

	test('the count most rows share wins; the others are rejected with a message naming the item', () => {
		const result = selectConsistentRows([row(0, 1), row(1, 2), row(2, 2), row(3, 3), row(4, 2)]);
		expect(result.variableCount).toBe(2);
		expect(result.rows.map((r) => r.itemIndex)).toEqual([1, 2, 4]);
		expect(result.rejected.map((r) => r.itemIndex)).toEqual([0, 3]);
		expect(result.rejected[0].message).toBe(
			'Item 0 has 1 variable and 0 CTA variables, but 3 other rows (first: item 1) have 2 and 0. Every row of a bulk file needs one value per template placeholder.',
		);
	});

	test('a tie keeps the earliest row\'s count', () => {
		const result = selectConsistentRows([row(0, 3), row(1, 2), row(2, 2), row(3, 3)]);
		expect(result.variableCount).toBe(3);
		expect(result.rejected.map((r) => r.itemIndex)).toEqual([1, 2]);
	});

	test('CTA variable counts must agree too', () => {
		const result = selectConsistentRows([row(0, 2, 1), row(1, 2, 0), row(2, 2, 1)]);
		expect(result.ctaCount).toBe(1);
		expect(result.rejected).toHaveLength(1);
		expect(result.rejected[0].message).toContain('Item 1 has 2 variables and 0 CTA variables, but 2 other rows');
	});

	test('no rows, no counts', () => {
		expect(selectConsistentRows([])).toEqual({ rows: [], variableCount: 0, ctaCount: 0, rejected: [] });
	});

	test('batches are consecutive and at most the size', () => {
		expect(toBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(toBatches([1, 2], 5)).toEqual([[1, 2]]);
		expect(toBatches([], 5)).toEqual([]);
		expect(toBatches([1, 2], 0)).toEqual([[1], [2]]);
		expect(toBatches(Array.from({ length: 12_000 }, (_, i) => i), 5000).map((b) => b.length)).toEqual([5000, 5000, 2000]);
	});

	test('a sheet row follows Country, Mobile, ctaVar1, ctaVar2, var1..varN', () => {
		expect(sheetRow({ countryCode: '91', mobileNumber: '9876543210', ctaVariables: [], variables: ['Kunal', 'MSG3453'] })).toEqual([
			91,
			9876543210,
			null,
			null,
			'Kunal',
			'MSG3453',
		]);
		expect(sheetRow({ countryCode: '91', mobileNumber: '7890987652', ctaVariables: ['v123'], variables: ['21st Jan'] })).toEqual([
			91,
			7890987652,
			'v123',
			null,
			'21st Jan',
		]);
		// A leading 0 would be lost in a number cell.
		expect(sheetRow({ countryCode: '225', mobileNumber: '0707123456', ctaVariables: ['a', 'b'], variables: [] })[1]).toBe('0707123456');
	});
});
