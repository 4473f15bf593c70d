// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- a decided runtime dependency: this package targets self-hosted n8n (see README)
import ExcelJS from 'exceljs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- a Node built-in; this package targets self-hosted n8n (see README)
import { Readable } from 'node:stream';

import { whitespaceProblem } from './variableList';

/** Columns before the values (Country, Mobile): numbers, not template text. */
const VALUE_COLUMNS_FROM = 2;

export interface XlsxSummary {
	/** Text of the first row of the first worksheet, trailing blank cells dropped. */
	header: string[];
	/** Rows below the header that are not entirely blank. */
	recipientRows: number;
	/** The first value cell (from the third column on) that WhatsApp would refuse, and how many rows have one. */
	whitespace?: { row: number; column: string; problem: string; rows: number };
}

export class XlsxReadError extends Error {}

/**
 * Reads the first worksheet. exceljs's streaming reader goes first: rows are
 * counted as they pass and never held, so a large list costs little memory.
 * It trips now and then over valid files (seen: large uncompressed workbooks
 * without shared strings, which is what n8n's Convert to File writes by
 * default), so when it fails the whole workbook is loaded instead.
 */
export async function summariseXlsx(content: Buffer): Promise<XlsxSummary> {
	if (content.length < 4 || content.readUInt32LE(0) !== 0x04034b50) {
		throw new XlsxReadError(
			'it is not an XLSX workbook (an XLSX file is a ZIP archive; CSV and XLS files are not accepted)',
		);
	}
	let streamed: Partial<XlsxSummary> | undefined;
	try {
		streamed = await summariseStreaming(content);
	} catch {
		streamed = undefined;
	}
	if (streamed?.header) return streamed as XlsxSummary;
	let loaded: Partial<XlsxSummary> | undefined;
	let unreadable = '';
	try {
		loaded = await summariseLoaded(content);
	} catch (error) {
		unreadable = (error as Error).message;
	}
	if (!loaded) throw new XlsxReadError(`it could not be read as an XLSX workbook (${unreadable})`);
	if (loaded.header === undefined) throw new XlsxReadError('its first worksheet is empty');
	return loaded as XlsxSummary;
}

/** undefined when the reader met no worksheet; no header when the worksheet had no rows. */
async function summariseStreaming(content: Buffer): Promise<Partial<XlsxSummary> | undefined> {
	const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), {
		worksheets: 'emit',
		sharedStrings: 'cache',
		hyperlinks: 'ignore',
		styles: 'ignore',
		entries: 'ignore',
	});
	for await (const worksheet of reader) {
		const counter = new RowCounter();
		for await (const row of worksheet) counter.add(row.number, row.values);
		return counter.summary(); // the first worksheet is the contact list
	}
	return undefined;
}

async function summariseLoaded(content: Buffer): Promise<Partial<XlsxSummary>> {
	const workbook = new ExcelJS.Workbook();
	// exceljs declares its own global Buffer type, which Node's does not match.
	await workbook.xlsx.load(content as unknown as ArrayBuffer);
	const counter = new RowCounter();
	workbook.worksheets[0]?.eachRow((row, rowNumber) => counter.add(rowNumber, row.values));
	return counter.summary();
}

class RowCounter {
	private header: string[] | undefined;

	private rows = 0;

	private whitespace: XlsxSummary['whitespace'];

	add(rowNumber: number, values: ExcelJS.CellValue[] | { [key: string]: ExcelJS.CellValue }) {
		// values[0] is always empty: exceljs numbers columns from 1.
		const cells = (Array.isArray(values) ? values.slice(1) : []).map(cellText);
		if (this.header === undefined) {
			// Rows are numbered from 1; a sheet whose first row is missing has a blank header.
			this.header = rowNumber === 1 ? trimTrailingBlanks(cells) : [];
		} else if (cells.some((cell) => cell !== '')) {
			this.rows++;
			this.checkValues(rowNumber, cells);
		}
	}

	/** Template values with what WhatsApp refuses after charging (see variableList.whitespaceProblem). */
	private checkValues(rowNumber: number, cells: string[]) {
		for (let i = VALUE_COLUMNS_FROM; i < cells.length; i++) {
			// exceljs leaves holes for empty cells.
			const problem = cells[i] ? whitespaceProblem(cells[i]) : undefined;
			if (!problem) continue;
			if (this.whitespace) this.whitespace.rows++;
			else {
				const column = this.header?.[i] || `column ${i + 1}`;
				this.whitespace = { row: rowNumber, column, problem, rows: 1 };
			}
			return;
		}
	}

	summary(): Partial<XlsxSummary> {
		return { header: this.header, recipientRows: this.rows, whitespace: this.whitespace };
	}
}

function trimTrailingBlanks(cells: string[]): string[] {
	let end = cells.length;
	while (end > 0 && cells[end - 1] === '') end--;
	return cells.slice(0, end);
}

/** A cell as the person who typed it reads it: 917890987652, not 9.17890987652e+11. */
function cellText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'number')
		return Number.isInteger(value) ? BigInt(value).toString() : String(value);
	if (value instanceof Date) return value.toISOString();
	if (typeof value !== 'object') return String(value).trim();
	const cell = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
	if (cell.richText)
		return cell.richText
			.map((run) => run.text)
			.join('')
			.trim();
	if (cell.text !== undefined) return String(cell.text).trim();
	if (cell.result !== undefined) return cellText(cell.result);
	return ''; // error values (#N/A) and formulas without a cached result
}
