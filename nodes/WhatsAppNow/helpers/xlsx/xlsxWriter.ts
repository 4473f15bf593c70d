import { deflatedEntry, streamedEntry, writeZip, type ZipEntry } from './zipWriter';

export type SheetCell = string | number | null;

export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOCUMENT_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Rows serialised together before they are compressed: a few hundred KB of XML. */
const ROWS_PER_CHUNK = 2000;

/**
 * The smallest complete workbook: one worksheet, text as inline strings (no
 * shared-strings table), a default style sheet. Written by hand rather than
 * with exceljs's streaming writer, which built row, cell and value objects
 * and cell addresses for every cell and took most of a bulk send's own time
 * (docs/n8n-mechanics.md#writing-the-bulk-file). exceljs, SheetJS (n8n's own
 * spreadsheet library) and the sandbox read the result back in the tests.
 * Numbers are number cells, strings are text (never formulas), null cells are
 * left out.
 */
export async function writeXlsx(
	header: readonly string[],
	rows: Iterable<readonly SheetCell[]>,
): Promise<Buffer> {
	const sheet = await streamedEntry('xl/worksheets/sheet1.xml', sheetXml(header, rows));
	return writeZip([...(await fixedParts()), sheet]);
}

// The five parts that are the same in every file, compressed once: a per-process
// memo of constants (docs/queue-mode.md#in-process-state).
let compressedFixedParts: Promise<ZipEntry[]> | undefined;
function fixedParts(): Promise<ZipEntry[]> {
	compressedFixedParts ??= Promise.all(
		(
			[
				['[Content_Types].xml', CONTENT_TYPES],
				['_rels/.rels', ROOT_RELS],
				['xl/workbook.xml', WORKBOOK],
				['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
				['xl/styles.xml', STYLES],
			] as const
		).map(([name, body]) => deflatedEntry(name, Buffer.from(XML_HEADER + body, 'utf8'))),
	);
	return compressedFixedParts;
}

/** The worksheet's XML, a few thousand rows per chunk, read from `rows` as it goes. */
function* sheetXml(
	header: readonly string[],
	rows: Iterable<readonly SheetCell[]>,
): Generator<Buffer> {
	const columns: string[] = [];
	let xml = `${XML_HEADER}<worksheet xmlns="${MAIN}"><sheetData>`;
	let rowNumber = 0;
	let inChunk = 0;
	for (const cells of withHeader(header, rows)) {
		rowNumber++;
		xml += `<row r="${rowNumber}">`;
		for (let c = 0; c < cells.length; c++) {
			const value = cells[c];
			if (value === null || value === undefined) continue;
			const ref = (columns[c] ??= columnName(c)) + rowNumber;
			xml +=
				typeof value === 'number' && Number.isFinite(value)
					? `<c r="${ref}"><v>${value}</v></c>`
					: `<c r="${ref}" t="inlineStr"><is>${textElement(String(value))}</is></c>`;
		}
		xml += '</row>';
		if (++inChunk === ROWS_PER_CHUNK) {
			yield Buffer.from(xml, 'utf8');
			xml = '';
			inChunk = 0;
		}
	}
	yield Buffer.from(`${xml}</sheetData></worksheet>`, 'utf8');
}

function* withHeader(
	header: readonly string[],
	rows: Iterable<readonly SheetCell[]>,
): Generator<readonly SheetCell[]> {
	yield header;
	yield* rows;
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
		name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	}
	return name;
}

// Characters XML 1.0 cannot carry at all (control characters but tab, line feed and
// carriage return; U+FFFE, U+FFFF): dropped. Written as the complement of XML's Char
// production, per UTF-16 code unit, so the pattern holds no control character itself.
const NOT_XML = /[^\t\n\r\u0020-\ufffd]/g;
// White space at either end, which XML would otherwise let a reader drop.
const EDGE_SPACE = /^\s|\s$/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

const NEEDS_ESCAPING = new RegExp(`[&<>]|${NOT_XML.source}`);

function escapeText(text: string): string {
	if (!NEEDS_ESCAPING.test(text)) return text;
	return text.replace(NOT_XML, '').replace(/[&<>]/g, (c) => ESCAPES[c]);
}

/** `<t>`, keeping leading and trailing spaces (a reader may still trim them). */
function textElement(text: string): string {
	const escaped = escapeText(text);
	return EDGE_SPACE.test(escaped) ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

const WORKBOOK = `<workbook xmlns="${MAIN}" xmlns:r="${DOCUMENT_RELS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;

const CONTENT_TYPES = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CONTENT_TYPE}.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/></Types>`;

const ROOT_RELS = `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${DOCUMENT_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${DOCUMENT_RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${DOCUMENT_RELS}/styles" Target="styles.xml"/></Relationships>`;

// One font, the two fills every style sheet starts with, one border, one cell format.
const STYLES = `<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
