// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- a decided runtime dependency: this package targets self-hosted n8n (see README)
import ExcelJS from 'exceljs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- a Node built-in; this package targets self-hosted n8n (see README)
import { Writable } from 'node:stream';

export type SheetCell = string | number | null;

export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Deflate level of the ZIP container. Level 1 writes about twice as fast as
 * zlib's default 6 for a file some 20% larger; the upload is small either way.
 */
const ZIP_LEVEL = 1;

/**
 * Writes one worksheet with exceljs's streaming writer: each row is committed
 * (serialised and handed to the ZIP stream) as soon as it is added, so the
 * workbook is never held as cell objects. No shared-strings table and no
 * styles: strings are written inline, which is what makes it fast.
 * Null cells are left empty.
 */
export async function writeXlsx(
	header: readonly string[],
	rows: Iterable<readonly SheetCell[]>,
	sheetName = 'Sheet1',
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(chunk);
			done();
		},
	});
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: sink,
		useSharedStrings: false,
		useStyles: false,
		zip: { zlib: { level: ZIP_LEVEL } },
	});
	const worksheet = workbook.addWorksheet(sheetName);
	worksheet.addRow([...header]).commit();
	for (const row of rows) worksheet.addRow(row as SheetCell[]).commit();
	worksheet.commit();
	await workbook.commit();
	return Buffer.concat(chunks);
}
