import { whitespaceProblem } from '../fields/variableList';
import { attribute, scanXml, XmlError } from './xmlScan';
import { LOCAL_SIGNATURE } from './zipFormat';
import { ZipError, ZipReader } from './zipReader';

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

const NOT_XLSX =
	'it is not an XLSX workbook (an XLSX file is a ZIP archive; CSV and XLS files are not accepted)';
const NO_WORKSHEET = 'it has no worksheet (is it an XLSX workbook?)';

function unreadable(reason: string): XlsxReadError {
	return new XlsxReadError(`it could not be read as an XLSX workbook (${reason})`);
}

/** ZipError is the expected kind; anything else is still a file this reader could not follow. */
function readError(error: unknown): XlsxReadError {
	if (error instanceof XlsxReadError) return error;
	const known = error instanceof ZipError || error instanceof XmlError;
	return unreadable(known ? error.message : String(error));
}

/**
 * Reads the first worksheet with the package's own code (n8n allows a
 * community node no library and no Node module): the ZIP layer inflates only
 * the parts needed, and the XML is scanned tag by tag without building a
 * tree, so a list of 100,000 rows costs its text and little more.
 */
export async function summariseXlsx(content: Buffer): Promise<XlsxSummary> {
	if (content.length < 4 || content.readUInt32LE(0) !== LOCAL_SIGNATURE) {
		throw new XlsxReadError(NOT_XLSX);
	}
	let summary: XlsxSummary | undefined;
	try {
		const zip = new ZipReader(content);
		const parts = await findParts(zip);
		const strings = parts.sharedStrings
			? readSharedStrings(parts.sharedStrings, await partText(zip, parts.sharedStrings))
			: [];
		summary = readSheet(parts.sheet, await partText(zip, parts.sheet), strings);
	} catch (error) {
		throw readError(error);
	}
	if (!summary) throw new XlsxReadError('its first worksheet is empty');
	return summary;
}

async function partText(zip: ZipReader, part: string): Promise<string> {
	const xml = await zip.entryText(part);
	if (xml === undefined) throw unreadable(`its part ${part} is missing`);
	return xml;
}

// ---------------------------------------------------------------------------
// Which parts hold the first worksheet and the shared strings

interface Relationship {
	type: string;
	target: string;
}

/**
 * The first worksheet in workbook order, which is the order of the tabs, not
 * the order or the names of the files (a sheet moved to the front keeps its
 * sheetN.xml): `<sheets>` of the workbook, then its relationships.
 */
async function findParts(zip: ZipReader): Promise<{ sheet: string; sharedStrings?: string }> {
	const rootRels = await zip.entryText('_rels/.rels');
	const office =
		rootRels && [...relationships(rootRels, '').values()].find(isType('officeDocument'));
	const workbookPath = office && zip.has(office.target) ? office.target : 'xl/workbook.xml';
	const workbook = await zip.entryText(workbookPath);
	if (workbook === undefined) {
		// A hand-made or truncated package; the usual name is enough to go on.
		if (zip.has('xl/worksheets/sheet1.xml')) {
			const sharedStrings = zip.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined;
			return { sheet: 'xl/worksheets/sheet1.xml', sharedStrings };
		}
		throw new XlsxReadError(NO_WORKSHEET);
	}
	const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
	const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
	const rels = relationships((await zip.entryText(relsPath)) ?? '', base);
	const ids = sheetIds(workbookPath, workbook);
	if (ids.length === 0) throw new XlsxReadError(NO_WORKSHEET);
	// Chart, dialog and macro sheets have tabs too, but not the cells of a list: the first tab that is a worksheet.
	const sheet = ids.map((id) => rels.get(id)).find((rel) => rel && isType('worksheet')(rel));
	if (!sheet) throw new XlsxReadError(NO_WORKSHEET);
	const found = partName(zip, sheet.target);
	if (!found) throw unreadable(`its first worksheet, ${sheet.target}, is missing`);
	const listed = [...rels.values()].find(isType('sharedStrings'));
	const sharedStrings = partName(zip, listed?.target ?? `${base}sharedStrings.xml`);
	return { sheet: found, sharedStrings };
}

function isType(name: string): (rel: Relationship) => boolean {
	// Transitional and Strict OOXML differ in the namespace before the last '/'.
	return (rel) => rel.type.endsWith(`/${name}`);
}

/** The ZIP entry of a part, whose name in a Target may be percent-encoded. */
function partName(zip: ZipReader, path: string): string | undefined {
	if (zip.has(path)) return path;
	try {
		const decoded = decodeURIComponent(path);
		return zip.has(decoded) ? decoded : undefined;
	} catch {
		return undefined;
	}
}

/** Relationship Id → type and target, the target resolved against `base` (the folder of the part the rels belong to). */
function relationships(xml: string, base: string): Map<string, Relationship> {
	const found = new Map<string, Relationship>();
	scanXml('a relationships part', xml, {
		capturing: false,
		open(name, attributes) {
			if (name !== 'Relationship') return;
			const id = attribute(attributes, 'Id');
			const target = attribute(attributes, 'Target');
			if (id === undefined || target === undefined) return;
			if (attribute(attributes, 'TargetMode') === 'External') return;
			found.set(id, { type: attribute(attributes, 'Type') ?? '', target: resolve(base, target) });
		},
		close() {},
		text() {},
	});
	return found;
}

/** A Target as a ZIP entry name: relative to `base` unless it starts with '/', with '.' and '..' worked out. */
function resolve(base: string, target: string): string {
	const path = target.replace(/\\/g, '/');
	const parts: string[] = [];
	for (const part of (path.startsWith('/') ? path : base + path).split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.' && part !== '') parts.push(part);
	}
	return parts.join('/');
}

/** The relationship ids of `<sheets>`, in order. */
function sheetIds(part: string, workbook: string): string[] {
	const ids: string[] = [];
	let inSheets = false;
	scanXml(part, workbook, {
		capturing: false,
		open(name, attributes) {
			if (name === 'sheets') inSheets = true;
			else if (name === 'sheet' && inSheets) {
				// r:id, whatever prefix the writer bound to the relationships namespace.
				const id = attribute(attributes, ':id', true);
				if (id !== undefined) ids.push(id);
			}
		},
		close(name) {
			if (name === 'sheets') inSheets = false;
		},
		text() {},
	});
	return ids;
}

// ---------------------------------------------------------------------------
// Shared strings

/**
 * Each `<si>` is one string: its `<t>`, or the `<t>` of each rich-text run
 * joined. Phonetic runs (`<rPh>`, the reading Excel adds above Japanese
 * text) are not part of the value and are left out.
 */
function readSharedStrings(part: string, xml: string): string[] {
	const strings: string[] = [];
	let current = '';
	let phonetic = 0;
	scanXml(part, xml, {
		capturing: false,
		open(name) {
			if (name === 'si') current = '';
			else if (name === 'rPh') phonetic++;
			else if (name === 't' && phonetic === 0) this.capturing = true;
		},
		close(name) {
			if (name === 't') this.capturing = false;
			else if (name === 'rPh') phonetic--;
			else if (name === 'si') strings.push(cleanText(current));
		},
		text(value) {
			current += value;
		},
	});
	return strings;
}

// ---------------------------------------------------------------------------
// The worksheet

/**
 * Walks `<sheetData>`: rows and cells in document order, a row or cell
 * without its `r` reference taking the next number after the previous one.
 * Undefined when no cell has a value.
 */
function readSheet(part: string, xml: string, strings: string[]): XlsxSummary | undefined {
	const rows = new RowCounter();
	let inSheetData = false;
	let rowNumber = 0;
	let column = -1;
	let type = 'n';
	let value = '';
	let inline: string | undefined;
	let inValue = false;
	let inInline = false;
	let phonetic = 0;
	scanXml(part, xml, {
		capturing: false,
		open(name, attributes) {
			if (name === 'sheetData') inSheetData = true;
			if (!inSheetData) return;
			if (name === 'row') {
				const r = Number(attribute(attributes, 'r'));
				rowNumber = r > 0 ? r : rowNumber + 1;
				column = -1;
				rows.startRow(rowNumber);
			} else if (name === 'c') {
				const ref = attribute(attributes, 'r');
				const index = ref === undefined ? -1 : columnIndex(ref);
				column = index >= 0 ? index : column + 1;
				type = attribute(attributes, 't') ?? 'n';
				value = '';
				inline = undefined;
			} else if (name === 'v') {
				inValue = this.capturing = true;
			} else if (name === 'is') {
				inInline = true;
				inline = '';
			} else if (name === 'rPh') {
				phonetic++;
			} else if (name === 't' && inInline && phonetic === 0) {
				this.capturing = true;
			}
		},
		close(name) {
			if (name === 'sheetData') inSheetData = false;
			if (!inSheetData) return;
			if (name === 'c') rows.cell(column, cellText(type, value, inline, strings));
			else if (name === 'row') rows.endRow();
			else if (name === 'v') inValue = this.capturing = false;
			else if (name === 't') this.capturing = false;
			else if (name === 'is') inInline = false;
			else if (name === 'rPh') phonetic--;
		},
		text(chunk) {
			if (inValue) value += chunk;
			else if (inInline) inline = (inline ?? '') + chunk;
		},
	});
	return rows.summary();
}

/** A cell as the person who typed it reads it: 917890987652, not 9.17890987652e+11. */
function cellText(type: string, value: string, inline: string | undefined, strings: string[]) {
	switch (type) {
		case 's':
			return value.trim() === '' ? '' : (strings[Number(value)] ?? '');
		case 'inlineStr':
			return cleanText(inline ?? value);
		case 'str': // a formula's text result
		case 'd': // an ISO 8601 date
			return cleanText(value);
		case 'b':
			return value.trim() === '1' ? 'TRUE' : value.trim() === '0' ? 'FALSE' : '';
		case 'e': // #N/A, #DIV/0!: no value to send
			return '';
		default: {
			// A formula without a cached value has no <v>: blank, like an empty cell.
			const number = value.trim() === '' ? NaN : Number(value);
			if (!Number.isFinite(number)) return cleanText(value);
			if (!Number.isInteger(number)) return String(number);
			// String() spells integers from 1e21 up with an exponent; BigInt never does, but costs more.
			return Math.abs(number) < 1e21 ? String(number) : BigInt(number).toString();
		}
	}
}

/** 'B3' → 1; -1 when the reference has no column letters. */
function columnIndex(ref: string): number {
	let index = 0;
	for (let i = 0; i < ref.length; i++) {
		const c = ref.charCodeAt(i) | 0x20; // lower case
		if (c < 0x61 || c > 0x7a) break;
		index = index * 26 + (c - 0x60);
	}
	return index - 1;
}

/** The header, the non-blank rows below it, and the first value WhatsApp would refuse. */
class RowCounter {
	private header: string[] | undefined;

	private rowNumber = 0;

	private hasValue = false;

	private anyValue = false;

	private problem: { column: number; problem: string } | undefined;

	private recipientRows = 0;

	private whitespace: XlsxSummary['whitespace'];

	startRow(rowNumber: number) {
		this.rowNumber = rowNumber;
		this.hasValue = false;
		this.problem = undefined;
		if (rowNumber === 1) this.header = [];
	}

	cell(column: number, text: string) {
		if (text === '') return;
		this.hasValue = this.anyValue = true;
		if (this.rowNumber === 1) {
			(this.header ??= [])[column] = text;
			return;
		}
		// Cells come in column order; the comparison only guards a writer that does not keep it.
		if (column < VALUE_COLUMNS_FROM || (this.problem && this.problem.column < column)) return;
		const problem = whitespaceProblem(text);
		if (problem) this.problem = { column, problem };
	}

	endRow() {
		if (this.rowNumber <= 1 || !this.hasValue) return;
		this.recipientRows++;
		if (!this.problem) return;
		if (this.whitespace) this.whitespace.rows++;
		else {
			const { column, problem } = this.problem;
			const name = this.header?.[column] || `column ${column + 1}`;
			this.whitespace = { row: this.rowNumber, column: name, problem, rows: 1 };
		}
	}

	summary(): XlsxSummary | undefined {
		if (!this.anyValue) return undefined;
		// Rows are numbered from 1; a sheet whose first row is missing has a blank header.
		const header = Array.from(this.header ?? [], (cell) => cell ?? '');
		while (header.length > 0 && header[header.length - 1] === '') header.pop();
		const summary: XlsxSummary = { header, recipientRows: this.recipientRows };
		if (this.whitespace) summary.whitespace = this.whitespace;
		return summary;
	}
}

/**
 * Excel writes characters XML 1.0 cannot hold (and carriage returns) as
 * `_xHHHH_`, and a literal `_x` that looks like one as `_x005F_x…`; one
 * left-to-right pass undoes both. Then trimmed, as the value is sent.
 */
function cleanText(text: string): string {
	const unescaped = text.includes('_x')
		? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
				String.fromCharCode(parseInt(hex, 16)),
			)
		: text;
	return unescaped.trim();
}
