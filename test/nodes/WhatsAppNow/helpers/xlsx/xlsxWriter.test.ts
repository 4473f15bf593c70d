import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';

import { bulkHeader } from '../../../../../nodes/WhatsAppNow/helpers/xlsx/bulkSheet';
import { summariseXlsx } from '../../../../../nodes/WhatsAppNow/helpers/xlsx/xlsxReader';
import { writeXlsx } from '../../../../../nodes/WhatsAppNow/helpers/xlsx/xlsxWriter';
import { readXlsx } from '../../../../../sandbox/xlsx';

describe('writeXlsx', () => {
	test("an independent reader (the sandbox's, exceljs non-streaming) reads back exactly what was written", async () => {
		const header = bulkHeader(3);
		const rows = [
			[91, 9876543210, null, null, 'Smith, John', 'MSG,1', '21st Jan'],
			[225, '0707123456', 'v123', 'w456', '<b>&"quotes"\'</b>', 'नमस्ते', '😀 emoji'],
			[1, 2025550123, null, null, '  padded  ', '=SUM(A1)', '007'],
		];
		const buffer = await writeXlsx(header, rows);
		expect(buffer.subarray(0, 2).toString()).toBe('PK');
		const sheet = await readXlsx(buffer);
		expect(sheet.header).toEqual([
			'Country',
			'Mobile',
			'ctaVar1',
			'ctaVar2',
			'var1',
			'var2',
			'var3',
		]);
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
		const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet.Sheets[sheet.SheetNames[0]], {
			header: 1,
			defval: null,
		});
		expect(aoa).toEqual([
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'],
			[91, 9876543210, null, null, 'Kunal'],
		]);
	});

	test('writes a header-only file and a large one', async () => {
		expect((await readXlsx(await writeXlsx(bulkHeader(0), []))).rows).toEqual([]);
		const many = Array.from({ length: 20_000 }, (_, i) => [
			91,
			9800000000 + i,
			null,
			null,
			`Name ${i}`,
		]);
		const summary = await summariseXlsx(await writeXlsx(bulkHeader(1), many));
		expect(summary).toEqual({ header: bulkHeader(1), recipientRows: 20_000 });
	});

	test('keeps spaces at the ends of a text, drops characters XML cannot carry, names columns past Z', async () => {
		const header = Array.from({ length: 30 }, (_, i) => `h${i + 1}`);
		const row: Array<string | number | null> = Array.from({ length: 30 }, (_, i) => `c${i + 1}`);
		row[0] = '  two spaces  ';
		row[1] = 'bell\u0007 and tab\tend';
		row[29] = 'last';
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await writeXlsx(header, [row])) as unknown as ArrayBuffer);
		const sheet = workbook.worksheets[0];
		expect(sheet.name).toBe('Sheet1');
		const cells = sheet.getRow(2);
		expect(cells.getCell(1).value).toBe('  two spaces  ');
		expect(cells.getCell(2).value).toBe('bell and tab\tend');
		expect(sheet.getCell('AD1').value).toBe('h30');
		expect(sheet.getCell('AD2').value).toBe('last');
		expect(sheet.getCell('AA2').value).toBe('c27');
	});
});
