// Reading a bulk-broadcast upload: first worksheet, every cell as a string.
import ExcelJS from 'exceljs';
import type { ParsedXlsx } from './state';

/** Cell → string the way a person reads it: 917890987652, not 9.17890987652e+11. */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') {
		return Number.isInteger(value) ? BigInt(value).toString() : String(value);
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) return value.toISOString();
	if ('richText' in value) return value.richText.map((r) => r.text).join('');
	if ('hyperlink' in value) return String(value.text);
	if ('formula' in value || 'sharedFormula' in value) {
		const result = value.result;
		if (result === undefined || (typeof result === 'object' && !(result instanceof Date)))
			return '';
		return cellText(result);
	}
	return ''; // error values (#N/A, ...)
}

/**
 * Header = first row with trailing blank cells dropped; rows = later rows that
 * are not entirely blank, padded to the header's width. Throws when the buffer
 * is not a readable workbook.
 */
export async function readXlsx(content: Buffer): Promise<ParsedXlsx> {
	const workbook = new ExcelJS.Workbook();
	// exceljs declares its own global `Buffer extends ArrayBuffer`, which Node's
	// Buffer type does not match.
	await workbook.xlsx.load(content as unknown as Parameters<typeof workbook.xlsx.load>[0]);
	const sheet = workbook.worksheets[0];
	if (!sheet) return { header: [], rows: [] };
	const lines: string[][] = [];
	sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
		const cells: string[] = [];
		const width = Math.max(row.cellCount, 0);
		for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim());
		lines[rowNumber - 1] = cells;
	});
	const all = Array.from(lines, (l) => l ?? []);
	const headerRow = all[0] ?? [];
	let end = headerRow.length;
	while (end > 0 && headerRow[end - 1] === '') end--;
	const header = headerRow.slice(0, end);
	const rows = all
		.slice(1)
		.filter((cells) => cells.some((c) => c !== ''))
		.map((cells) => {
			const padded = [...cells];
			while (padded.length < header.length) padded.push('');
			return padded;
		});
	return { header, rows };
}
