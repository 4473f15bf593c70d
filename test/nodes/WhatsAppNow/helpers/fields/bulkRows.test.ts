import {
	selectConsistentRows,
	batchRanges,
	type BulkRow,
} from '../../../../../nodes/WhatsAppNow/helpers/fields/bulkRows';

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

	test("a tie keeps the earliest row's count", () => {
		const result = selectConsistentRows([row(0, 3), row(1, 2), row(2, 2), row(3, 3)]);
		expect(result.variableCount).toBe(3);
		expect(result.rejected.map((r) => r.itemIndex)).toEqual([1, 2]);
	});

	test('CTA variable counts must agree too', () => {
		const result = selectConsistentRows([row(0, 2, 1), row(1, 2, 0), row(2, 2, 1)]);
		expect(result.ctaCount).toBe(1);
		expect(result.rejected).toHaveLength(1);
		expect(result.rejected[0].message).toContain(
			'Item 1 has 2 variables and 0 CTA variables, but 2 other rows',
		);
	});

	test('no rows, no counts', () => {
		expect(selectConsistentRows([])).toEqual({
			rows: [],
			variableCount: 0,
			ctaCount: 0,
			rejected: [],
		});
	});

	test('batches are consecutive ranges of at most the size', () => {
		expect(batchRanges(5, 2)).toEqual([
			[0, 2],
			[2, 4],
			[4, 5],
		]);
		expect(batchRanges(2, 5)).toEqual([[0, 2]]);
		expect(batchRanges(0, 5)).toEqual([]);
		expect(batchRanges(2, 0)).toEqual([
			[0, 1],
			[1, 2],
		]);
		expect(batchRanges(12_000, 5000).map(([start, end]) => end - start)).toEqual([
			5000, 5000, 2000,
		]);
	});
});
