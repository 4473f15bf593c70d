import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';

import { bulkHeader, checkBulkHeader, summariseXlsx, XlsxReadError } from '../../nodes/WhatsAppNow/helpers/xlsxHeader';
import { writeXlsx } from '../../nodes/WhatsAppNow/helpers/xlsxWriter';
import { readXlsx } from '../../sandbox/xlsx';

describe('writeXlsx', () => {
	test('an independent reader (the sandbox\'s, exceljs non-streaming) reads back exactly what was written', async () => {
		const header = bulkHeader(3);
		const rows = [
			[91, 9876543210, null, null, 'Smith, John', 'MSG,1', '21st Jan'],
			[225, '0707123456', 'v123', 'w456', '<b>&"quotes"\'</b>', 'नमस्ते', '😀 emoji'],
			[1, 2025550123, null, null, '  padded  ', '=SUM(A1)', '007'],
		];
		const buffer = await writeXlsx(header, rows);
		expect(buffer.subarray(0, 2).toString()).toBe('PK');
		const sheet = await readXlsx(buffer);
		expect(sheet.header).toEqual(['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2', 'var3']);
		expect(sheet.rows).toEqual([
			['91', '9876543210', '', '', 'Smith, John', 'MSG,1', '21st Jan'],
			['225', '0707123456', 'v123', 'w456', '<b>&"quotes"\'</b>', 'नमस्ते', '😀 emoji'],
			// The sandbox reader trims cells, as a spreadsheet user would expect.
			['1', '2025550123', '', '', 'padded', '=SUM(A1)', '007'],
		]);
	});

	test('numbers are number cells and text stays text (no formula, no lost zero)', async () => {
		const buffer = await writeXlsx(['a', 'b', 'c'], [[9876543210, '=1+1', '007']]);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
		const cells = workbook.worksheets[0].getRow(2);
		expect(cells.getCell(1).value).toBe(9876543210);
		expect(cells.getCell(2).value).toBe('=1+1');
		expect(cells.getCell(3).value).toBe('007');
	});

	test('SheetJS reads it too (the library n8n itself uses)', async () => {
		const buffer = await writeXlsx(bulkHeader(1), [[91, 9876543210, null, null, 'Kunal']]);
		const sheet = XLSX.read(buffer, { type: 'buffer' });
		const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet.Sheets[sheet.SheetNames[0]], { header: 1, defval: null });
		expect(aoa).toEqual([
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'],
			[91, 9876543210, null, null, 'Kunal'],
		]);
	});

	test('writes a header-only file and a large one', async () => {
		expect((await readXlsx(await writeXlsx(bulkHeader(0), []))).rows).toEqual([]);
		const many = Array.from({ length: 20_000 }, (_, i) => [91, 9800000000 + i, null, null, `Name ${i}`]);
		const summary = await summariseXlsx(await writeXlsx(bulkHeader(1), many));
		expect(summary).toEqual({ header: bulkHeader(1), recipientRows: 20_000 });
	});
});

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
		['a gap in the var numbers', ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var3'], bulkHeader(2)],
		['an extra column', ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'Name'], bulkHeader(1)],
		['columns swapped', ['Mobile', 'Country', 'ctaVar1', 'ctaVar2'], bulkHeader(0)],
		['an empty first row', [], bulkHeader(0)],
		['too short', ['Country', 'Mobile'], bulkHeader(0)],
	])('%s is wrong; the expected header is the one to copy', (_label, found, expected) => {
		expect(checkBulkHeader(found)).toEqual({ ok: false, expected, found });
	});
});

describe('summariseXlsx', () => {
	async function exceljsFile(rows: unknown[][]): Promise<Buffer> {
		// Non-streaming exceljs writes shared strings after the sheet, like Excel.
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Contacts');
		rows.forEach((r) => sheet.addRow(r));
		return Buffer.from(await workbook.xlsx.writeBuffer());
	}

	test('reads a file with shared strings (SheetJS) and counts its rows', async () => {
		const sheet = XLSX.utils.aoa_to_sheet([bulkHeader(2), [91, 7890987652, '', '', 'Kunal', 'MSG3453'], [91, 7890987653, '', '', 'Asha', 'MSG3454']]);
		const workbook = XLSX.utils.book_new();
		XLSX.utils.book_append_sheet(workbook, sheet, 'Sheet1');
		const buffer = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer;
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(2), recipientRows: 2 });
	});

	test("reads what n8n's Convert to File writes by default (no shared strings, no compression), large ones included", async () => {
		// exceljs's streaming reader fails on such files now and then; the fallback must make every read succeed.
		const aoa: unknown[][] = [bulkHeader(1)];
		for (let i = 0; i < 30_000; i++) aoa.push([91, 9800000000 + i, null, null, `Name ${i}`]);
		const workbook = XLSX.utils.book_new();
		XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(aoa), 'Sheet');
		const buffer = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', bookSST: false, compression: false }) as Buffer;
		for (let run = 0; run < 6; run++) {
			expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(1), recipientRows: 30_000 });
		}
	}, 60_000);

	test('skips blank rows, drops trailing blank header cells, reads rich text and formula results', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Contacts');
		sheet.addRow(['Country', { richText: [{ text: 'Mob' }, { text: 'ile' }] }, ' ctaVar1 ', 'ctaVar2', 'var1', null, '']);
		sheet.addRow([91, 7890987652, null, null, { formula: '"Ku"&"nal"', result: 'Kunal' }]);
		sheet.addRow([]);
		sheet.addRow(['', '  ']);
		sheet.addRow([91, 7890987653, null, null, 'Asha']);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(1), recipientRows: 2 });
	});

	test('only the first worksheet counts', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Contacts').addRow(bulkHeader(0));
		workbook.addWorksheet('Notes').addRow(['a']);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(0), recipientRows: 0 });
	});

	test('a sheet whose first row is blank has an empty header', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Contacts').getRow(3).values = bulkHeader(0);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
		expect((await summariseXlsx(buffer)).header).toEqual([]);
	});

	test.each([
		['a CSV', Buffer.from('Country,Mobile,ctaVar1,ctaVar2\n91,9876543210,,\n'), /not an XLSX workbook/],
		['an empty file', Buffer.alloc(0), /not an XLSX workbook/],
		['a cut-off XLSX', undefined, /could not be read as an XLSX workbook|first worksheet is empty/],
	])('%s is an XlsxReadError', async (_label, content, message) => {
		const buffer = content ?? (await exceljsFile([bulkHeader(1), [91, 1, null, null, 'x']])).subarray(0, 300);
		await expect(summariseXlsx(buffer)).rejects.toThrow(XlsxReadError);
		await expect(summariseXlsx(buffer)).rejects.toThrow(message);
	});
});
