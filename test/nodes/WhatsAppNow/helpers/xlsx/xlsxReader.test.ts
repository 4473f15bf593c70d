import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { bulkHeader } from '../../../../../nodes/WhatsAppNow/helpers/xlsx/bulkSheet';
import {
	summariseXlsx,
	XlsxReadError,
	type XlsxSummary,
} from '../../../../../nodes/WhatsAppNow/helpers/xlsx/xlsxReader';
import { writeXlsx } from '../../../../../nodes/WhatsAppNow/helpers/xlsx/xlsxWriter';
import { zip } from '../../../../fixtures/xlsx/zip';

/** The committed, hand-shaped files: test/fixtures/xlsx/README.md says what each one is. */
function fixture(name: string): Buffer {
	return readFileSync(join(__dirname, '..', '..', '..', '..', 'fixtures', 'xlsx', name));
}

async function exceljsFile(rows: unknown[][]): Promise<Buffer> {
	// Non-streaming exceljs writes shared strings after the sheet, like Excel.
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Contacts');
	rows.forEach((r) => sheet.addRow(r));
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

function sheetjsFile(aoa: unknown[][], options: Partial<XLSX.WritingOptions> = {}): Buffer {
	const workbook = XLSX.utils.book_new();
	XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(aoa), 'Sheet1');
	return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', ...options }) as Buffer;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A package of the given parts, each deflated. */
function parts(files: Record<string, string>): Buffer {
	return zip(Object.entries(files).map(([name, data]) => ({ name, data })));
}

/** A workbook whose tabs are `sheets` (relationship type, target). */
function workbookParts(sheets: Array<[string, string]>): Record<string, string> {
	return {
		'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets>${sheets
			.map((_, i) => `<sheet name="S${i}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
			.join('')}</sheets></workbook>`,
		'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${RELS}">${sheets
			.map(
				([type, target], i) =>
					`<Relationship Id="rId${i + 1}" Type="${DOC}/${type}" Target="${target}"/>`,
			)
			.join('')}</Relationships>`,
	};
}

const ONE_CELL = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Country</t></is></c></row></sheetData></worksheet>`;

async function refusal(content: Buffer): Promise<string> {
	try {
		await summariseXlsx(content);
	} catch (error) {
		expect(error).toBeInstanceOf(XlsxReadError);
		return (error as Error).message;
	}
	throw new Error('the file was read');
}

describe('summariseXlsx', () => {
	test('reads a file with shared strings (SheetJS) and counts its rows', async () => {
		const buffer = sheetjsFile(
			[
				bulkHeader(2),
				[91, 7890987652, '', '', 'Kunal', 'MSG3453'],
				[91, 7890987653, '', '', 'Asha', 'MSG3454'],
			],
			{ bookSST: true },
		);
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(2), recipientRows: 2 });
	});

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

	test('a value beyond the header is named by its column number; Country and Mobile are not values', async () => {
		const file = await exceljsFile([
			bulkHeader(0),
			[91, '98765\t43210', '', '', 'no header above\tthis'],
		]);
		expect(await summariseXlsx(file)).toEqual({
			header: bulkHeader(0),
			recipientRows: 1,
			whitespace: { row: 2, column: 'column 5', problem: 'a tab', rows: 1 },
		});
	});

	test('only the first worksheet counts', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Contacts').addRow(bulkHeader(0));
		workbook.addWorksheet('Notes').addRow(['a']);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
		expect(await summariseXlsx(buffer)).toEqual({ header: bulkHeader(0), recipientRows: 0 });
	});

	test('a sheet whose first row is blank has an empty header; the rows below it still count', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Contacts').getRow(3).values = bulkHeader(0);
		const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
		expect(await summariseXlsx(buffer)).toEqual({ header: [], recipientRows: 1 });
	});
});

describe('summariseXlsx on files written by libraries and by the package', () => {
	const rows = [
		bulkHeader(2),
		[91, 917890987652, null, null, 'Kunal', 'MSG3453'],
		[null, null, null, null, null, null],
		[91, 7890987653, null, null, 'Asha', 'MSG 3454'],
		[91, 7890987654, 'https://x.example/a', null, 'Ravi\nKumar', 'MSG3455'],
	];
	const expected: XlsxSummary = {
		header: bulkHeader(2),
		recipientRows: 3,
		whitespace: { row: 5, column: 'var1', problem: 'a line break', rows: 1 },
	};

	test.each([
		['shared strings, deflated', { bookSST: true, compression: true }, true, false],
		['inline text, deflated', { bookSST: false, compression: true }, false, false],
		// n8n's Convert to File writes this by default.
		['inline text, stored', { bookSST: false, compression: false }, false, true],
	])('SheetJS: %s', async (_label, options, hasSharedStrings, stored) => {
		const file = sheetjsFile(rows, options);
		expect(file.includes('xl/sharedStrings.xml')).toBe(hasSharedStrings);
		expect(file.includes('<sheetData>')).toBe(stored); // stored entries show their XML
		expect(await summariseXlsx(file)).toEqual(expected);
	});

	test('exceljs: shared strings written after the worksheet', async () => {
		const file = await exceljsFile(rows);
		expect(file.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(
			file.indexOf('xl/worksheets/sheet1.xml'),
		);
		expect(await summariseXlsx(file)).toEqual(expected);
	});

	test("the package's own writer: inline strings, null cells left out", async () => {
		const file = await writeXlsx(
			rows[0] as string[],
			rows.slice(1) as Array<Array<string | number | null>>,
		);
		expect(await summariseXlsx(file)).toEqual(expected);
	});
});

describe('summariseXlsx on files shaped like other programs (test/fixtures/xlsx)', () => {
	test.each<[string, XlsxSummary]>([
		[
			'excel.xlsx',
			{
				header: bulkHeader(2),
				recipientRows: 5,
				whitespace: { row: 5, column: 'var1', problem: 'a line break', rows: 2 },
			},
		],
		[
			'libreoffice.xlsx',
			{
				header: bulkHeader(2),
				recipientRows: 4,
				whitespace: { row: 5, column: 'var1', problem: 'a tab', rows: 1 },
			},
		],
		[
			'google-sheets.xlsx',
			{
				header: bulkHeader(2),
				recipientRows: 3,
				whitespace: {
					row: 5,
					column: 'var2',
					problem: '5 consecutive spaces (at most 4 are allowed)',
					rows: 1,
				},
			},
		],
		['tab-order.xlsx', { header: bulkHeader(0), recipientRows: 2 }],
		[
			'prefixed.xlsx',
			{
				header: bulkHeader(1),
				recipientRows: 2,
				whitespace: { row: 3, column: 'var1', problem: 'a line break', rows: 1 },
			},
		],
		[
			'no-references.xlsx',
			{
				header: bulkHeader(1),
				recipientRows: 4,
				whitespace: { row: 4, column: 'var1', problem: 'a tab', rows: 2 },
			},
		],
	])('%s', async (name, expected) => {
		expect(await summariseXlsx(fixture(name))).toEqual(expected);
	});

	test('cell-text.xlsx: every kind of cell as the text a person reads', async () => {
		expect(await summariseXlsx(fixture('cell-text.xlsx'))).toEqual({
			header: [
				'Country', // xml:space="preserve" padding trimmed
				`A&B <x> "q" 'a' éé`, // entities
				'line\rbreak', // _x000D_
				'_x0041_ stays', // _x005F_ escapes the underscore of a literal _x0041_
				'東京', // rich-text runs joined, the phonetic run left out
				'in line', // inline rich text
				'917890987652',
				'917890987652', // 9.17890987652E11
				'91', // 91.0
				'0.5',
				'1000000000000000000000', // 1E+21
				'TRUE',
				'FALSE',
				'', // #N/A
				'Country!', // a formula's cached text
				'', // a formula never calculated
				'2024-01-15T00:00:00Z', // t="d"
				'', // t="s" without a value
				'कुणाल',
			],
			recipientRows: 2,
			whitespace: { row: 3, column: '_x0041_ stays', problem: 'a tab', rows: 1 }, // _x0009_
		});
	});

	test('SheetJS reads the same header from each fixture (they are well-formed workbooks)', () => {
		for (const [name, sheet, header] of [
			['excel.xlsx', 'Contacts', bulkHeader(2)],
			['libreoffice.xlsx', 'Sheet1', bulkHeader(2)],
			['google-sheets.xlsx', 'Contacts', bulkHeader(2)],
			['tab-order.xlsx', 'Contacts', bulkHeader(0)],
			['prefixed.xlsx', 'Sheet1', bulkHeader(1)],
			['no-references.xlsx', 'Export', bulkHeader(1)],
		] as const) {
			const workbook = XLSX.read(fixture(name));
			const [first] = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheet], { header: 1 });
			expect([name, first.filter((cell) => cell != null)]).toEqual([name, header]);
		}
	});

	test('a package without a workbook part is read from xl/worksheets/sheet1.xml', async () => {
		const file = parts({
			'xl/worksheets/sheet1.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>91</v></c></row></sheetData></worksheet>`,
			'xl/sharedStrings.xml': `<sst xmlns="${MAIN}"><si><t>Country</t></si><si><t>Mobile</t></si></sst>`,
		});
		expect(await summariseXlsx(file)).toEqual({ header: ['Country', 'Mobile'], recipientRows: 1 });
	});

	test('targets with ./ and ../ and a workbook found through _rels/.rels', async () => {
		const file = parts({
			'_rels/.rels': `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="./book/main.xml"/></Relationships>`,
			'book/main.xml': `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="S" sheetId="1" r:id="a"/></sheets></workbook>`,
			'book/_rels/main.xml.rels': `<Relationships xmlns="${RELS}"><Relationship Id="a" Type="${DOC}/worksheet" Target="./sheets/../../cells/one.xml"/><Relationship Id="b" Type="${DOC}/sharedStrings" Target="strings.xml"/><Relationship Id="c" Type="${DOC}/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>`,
			'cells/one.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
			'book/strings.xml': `<sst xmlns="${MAIN}"><si><t>Country</t></si></sst>`,
		});
		expect(await summariseXlsx(file)).toEqual({ header: ['Country'], recipientRows: 0 });
	});
});

describe('summariseXlsx on large files', () => {
	function contacts(count: number, problemRows: number[]): unknown[][] {
		const aoa: unknown[][] = [bulkHeader(3)];
		for (let i = 0; i < count; i++) {
			const note = problemRows.includes(i + 2) ? 'line\nbreak' : `city ${i % 100}`;
			aoa.push([91, 9800000000 + i, null, null, `Name ${i}`, `MSG${i}`, note]);
		}
		return aoa;
	}

	async function timed(label: string, file: Buffer): Promise<XlsxSummary> {
		const started = performance.now();
		const summary = await summariseXlsx(file);
		const ms = Math.round(performance.now() - started);
		console.log(`${label}: ${(file.length / 1e6).toFixed(1)} MB summarised in ${ms} ms`);
		return summary;
	}

	test('50,000 rows with shared strings (SheetJS, deflated)', async () => {
		const file = sheetjsFile(contacts(50_000, [40_001, 50_001]), {
			bookSST: true,
			compression: true,
		});
		expect(await timed('50,000 rows, shared strings', file)).toEqual({
			header: bulkHeader(3),
			recipientRows: 50_000,
			whitespace: { row: 40_001, column: 'var3', problem: 'a line break', rows: 2 },
		});
	}, 60_000);

	test("100,000 rows as n8n's Convert to File writes them by default (no shared strings, no compression)", async () => {
		const file = sheetjsFile(contacts(100_000, [100_001]), { bookSST: false, compression: false });
		expect(await timed("100,000 rows, Convert to File's default", file)).toEqual({
			header: bulkHeader(3),
			recipientRows: 100_000,
			whitespace: { row: 100_001, column: 'var3', problem: 'a line break', rows: 1 },
		});
	}, 60_000);
});

describe('summariseXlsx refuses', () => {
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

	test('an XLS (Excel 97-2003) file, as not a ZIP archive', async () => {
		const xls = Buffer.from([
			0xd0,
			0xcf,
			0x11,
			0xe0,
			0xa1,
			0xb1,
			0x1a,
			0xe1,
			...Array(504).fill(0),
		]);
		expect(await refusal(xls)).toBe(
			'it is not an XLSX workbook (an XLSX file is a ZIP archive; CSV and XLS files are not accepted)',
		);
	});

	test('a workbook cut off anywhere', async () => {
		const file = fixture('excel.xlsx');
		expect(await refusal(file.subarray(0, file.length - 10))).toBe(
			'it could not be read as an XLSX workbook (its ZIP end record is missing: the file is cut off or damaged)',
		);
		for (const cut of [100, 1000, 3000, file.length - 100]) {
			expect(await refusal(file.subarray(0, cut))).toMatch(
				/^it could not be read as an XLSX workbook \(.+\)$/,
			);
		}
	});

	test('a worksheet whose CRC-32 does not match (bad-crc.xlsx)', async () => {
		expect(await refusal(fixture('bad-crc.xlsx'))).toBe(
			'it could not be read as an XLSX workbook (its entry xl/worksheets/sheet1.xml is damaged: its CRC-32 does not match)',
		);
	});

	test('a ZIP archive that is not a workbook (no-worksheet.xlsx, a Word document), or one without worksheet tabs', async () => {
		const noWorksheet = 'it has no worksheet (is it an XLSX workbook?)';
		expect(await refusal(fixture('no-worksheet.xlsx'))).toBe(noWorksheet);
		expect(await refusal(parts({ 'docProps/app.xml': '<Properties/>' }))).toBe(noWorksheet);
		expect(await refusal(parts(workbookParts([])))).toBe(noWorksheet);
		const chartOnly = parts({
			...workbookParts([['chartsheet', 'chartsheets/sheet1.xml']]),
			'xl/chartsheets/sheet1.xml': `<chartsheet xmlns="${MAIN}"/>`,
		});
		expect(await refusal(chartOnly)).toBe(noWorksheet);
	});

	test('a workbook whose first worksheet part is missing', async () => {
		const file = parts(workbookParts([['worksheet', 'worksheets/sheet1.xml']]));
		expect(await refusal(file)).toBe(
			'it could not be read as an XLSX workbook (its first worksheet, xl/worksheets/sheet1.xml, is missing)',
		);
	});

	test('an empty first worksheet', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Contacts');
		workbook.addWorksheet('Notes').addRow(bulkHeader(0));
		expect(await refusal(Buffer.from(await workbook.xlsx.writeBuffer()))).toBe(
			'its first worksheet is empty',
		);
	});

	test('a worksheet whose XML stops inside a tag', async () => {
		const file = parts({
			...workbookParts([['worksheet', 'worksheets/sheet1.xml']]),
			'xl/worksheets/sheet1.xml': ONE_CELL.slice(0, ONE_CELL.indexOf('<c r="A1"') + 6),
		});
		expect(await refusal(file)).toBe(
			'it could not be read as an XLSX workbook (xl/worksheets/sheet1.xml ends inside a tag)',
		);
	});

	test('a worksheet compressed with a method other than deflate', async () => {
		const file = zip([
			...Object.entries(workbookParts([['worksheet', 'worksheets/sheet1.xml']])).map(
				([name, data]) => ({ name, data }),
			),
			{ name: 'xl/worksheets/sheet1.xml', data: 'BZh91AY&SY', method: 12 },
		]);
		expect(await refusal(file)).toBe(
			'it could not be read as an XLSX workbook (its entry xl/worksheets/sheet1.xml is compressed with method 12; XLSX files use deflate (8))',
		);
	});
});
