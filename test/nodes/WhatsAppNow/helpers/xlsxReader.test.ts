import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';

import { bulkHeader } from '../../../../nodes/WhatsAppNow/helpers/bulkSheet';
import { summariseXlsx, XlsxReadError } from '../../../../nodes/WhatsAppNow/helpers/xlsxReader';

describe('summariseXlsx', () => {
	async function exceljsFile(rows: unknown[][]): Promise<Buffer> {
		// Non-streaming exceljs writes shared strings after the sheet, like Excel.
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Contacts');
		rows.forEach((r) => sheet.addRow(r));
		return Buffer.from(await workbook.xlsx.writeBuffer());
	}

	test('reads a file with shared strings (SheetJS) and counts its rows', async () => {
		const sheet = XLSX.utils.aoa_to_sheet([
			bulkHeader(2),
			[91, 7890987652, '', '', 'Kunal', 'MSG3453'],
			[91, 7890987653, '', '', 'Asha', 'MSG3454'],
		]);
		const workbook = XLSX.utils.book_new();
		XLSX.utils.book_append_sheet(workbook, sheet, 'Sheet1');
		const buffer = XLSX.write(workbook, {
			type: 'buffer',
			bookType: 'xlsx',
			bookSST: true,
		}) as Buffer;
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(2), recipientRows: 2 });
	});

	test("reads what n8n's Convert to File writes by default (no shared strings, no compression), large ones included", async () => {
		// exceljs's streaming reader fails on such files now and then; the fallback must make every read succeed.
		const aoa: unknown[][] = [bulkHeader(1)];
		for (let i = 0; i < 30_000; i++) aoa.push([91, 9800000000 + i, null, null, `Name ${i}`]);
		const workbook = XLSX.utils.book_new();
		XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(aoa), 'Sheet');
		const buffer = XLSX.write(workbook, {
			type: 'buffer',
			bookType: 'xlsx',
			bookSST: false,
			compression: false,
		}) as Buffer;
		for (let run = 0; run < 6; run++) {
			expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(1), recipientRows: 30_000 });
		}
	}, 60_000);

	test('skips blank rows, drops trailing blank header cells, reads rich text and formula results', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Contacts');
		sheet.addRow([
			'Country',
			{ richText: [{ text: 'Mob' }, { text: 'ile' }] },
			' ctaVar1 ',
			'ctaVar2',
			'var1',
			null,
			'',
		]);
		sheet.addRow([91, 7890987652, null, null, { formula: '"Ku"&"nal"', result: 'Kunal' }]);
		sheet.addRow([]);
		sheet.addRow(['', '  ']);
		sheet.addRow([91, 7890987653, null, null, 'Asha']);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(1), recipientRows: 2 });
	});

	test('finds the first value cell WhatsApp would refuse, with its row and column, and counts the rows', async () => {
		const file = await exceljsFile([
			bulkHeader(2),
			[91, 7890987652, '', '', 'Kunal', 'MSG3453'],
			[91, 7890987653, '', '', 'Asha', 'line one\nline two'],
			[91, 7890987654, 'a\tb', '', 'Ravi', 'ok'],
			[91, 7890987655, '', '', 'wide      gap', 'ok'],
			[91, 7890987656, '', '', 'four    spaces', 'ok'],
		]);
		expect((await summariseXlsx(file)).whitespace).toEqual({
			row: 3,
			column: 'var2',
			problem: 'a line break',
			rows: 3,
		});
		const fine = await exceljsFile([bulkHeader(1), [91, 7890987652, '', '', 'four    spaces']]);
		expect((await summariseXlsx(fine)).whitespace).toBeUndefined();
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
		[
			'a CSV',
			Buffer.from('Country,Mobile,ctaVar1,ctaVar2\n91,9876543210,,\n'),
			/not an XLSX workbook/,
		],
		['an empty file', Buffer.alloc(0), /not an XLSX workbook/],
		['a cut-off XLSX', undefined, /could not be read as an XLSX workbook|first worksheet is empty/],
	])('%s is an XlsxReadError', async (_label, content, message) => {
		const buffer =
			content ?? (await exceljsFile([bulkHeader(1), [91, 1, null, null, 'x']])).subarray(0, 300);
		await expect(summariseXlsx(buffer)).rejects.toThrow(XlsxReadError);
		await expect(summariseXlsx(buffer)).rejects.toThrow(message);
	});
});
