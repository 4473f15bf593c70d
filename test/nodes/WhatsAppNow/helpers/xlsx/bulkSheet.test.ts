import {
	bulkHeader,
	checkBulkHeader,
	sheetRow,
} from '../../../../../nodes/WhatsAppNow/helpers/xlsx/bulkSheet';

describe('checkBulkHeader', () => {
	test.each([
		[['Country', 'Mobile', 'ctaVar1', 'ctaVar2'], 0],
		[['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'], 1],
		[['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2', 'var3'], 3],
	])('%j is right, N = %i', (header, n) => {
		expect(checkBulkHeader(header)).toEqual({ ok: true, variableCount: n });
	});

	test.each([
		['the CTA columns left out', ['Country', 'Mobile', 'var1', 'var2'], bulkHeader(2)],
		['wrong case', ['country', 'mobile', 'ctaVar1', 'ctaVar2', 'var1'], bulkHeader(1)],
		[
			'a gap in the var numbers',
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var3'],
			bulkHeader(2),
		],
		['an extra column', ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'Name'], bulkHeader(1)],
		['columns swapped', ['Mobile', 'Country', 'ctaVar1', 'ctaVar2'], bulkHeader(0)],
		['an empty first row', [], bulkHeader(0)],
		['too short', ['Country', 'Mobile'], bulkHeader(0)],
	])('%s is wrong; the expected header is the one to copy', (_label, found, expected) => {
		expect(checkBulkHeader(found)).toEqual({ ok: false, expected, found });
	});
});

describe('sheetRow', () => {
	test('a sheet row follows Country, Mobile, ctaVar1, ctaVar2, var1..varN', () => {
		expect(
			sheetRow({
				countryCode: '91',
				mobileNumber: '9876543210',
				ctaVariables: [],
				variables: ['Kunal', 'MSG3453'],
			}),
		).toEqual([91, 9876543210, null, null, 'Kunal', 'MSG3453']);
		expect(
			sheetRow({
				countryCode: '91',
				mobileNumber: '7890987652',
				ctaVariables: ['v123'],
				variables: ['21st Jan'],
			}),
		).toEqual([91, 7890987652, 'v123', null, '21st Jan']);
		// A leading 0 would be lost in a number cell.
		expect(
			sheetRow({
				countryCode: '225',
				mobileNumber: '0707123456',
				ctaVariables: ['a', 'b'],
				variables: [],
			})[1],
		).toBe('0707123456');
	});
});
