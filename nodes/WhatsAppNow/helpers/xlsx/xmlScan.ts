// Just enough XML for the parts of an XLSX workbook (xlsxReader.ts).

/** The XML is cut off or malformed where the scan needs it whole. */
export class XmlError extends Error {}

export interface XmlVisitor {
	/** Whether the text up to the next tag is wanted; text nobody wants is never decoded. */
	capturing: boolean;
	/** An element's start, by local name (`x:c` is `c`); a self-closing element gets open, then close. */
	open(this: XmlVisitor, name: string, attributes: string): void;
	close(this: XmlVisitor, name: string): void;
	/** Character data, entities decoded (CDATA as it is). */
	text(this: XmlVisitor, value: string): void;
}

/**
 * A forward-only scan of tags and text, enough for the parts of a workbook:
 * no DTD, no validation, no namespace resolution beyond dropping the prefix
 * (every name read here is unique within its part). A DOM of a 100,000-row
 * sheet would be millions of objects.
 */
export function scanXml(part: string, xml: string, visitor: XmlVisitor): void {
	const length = xml.length;
	let at = 0;
	while (at < length) {
		const lt = xml.indexOf('<', at);
		const textEnd = lt < 0 ? length : lt;
		if (visitor.capturing && textEnd > at) visitor.text(decodeXml(xml.slice(at, textEnd)));
		if (lt < 0) return;
		const next = xml.charCodeAt(lt + 1);
		if (next === 0x21 /* ! */) {
			if (xml.startsWith('<![CDATA[', lt)) {
				const end = closing(part, xml, ']]>', lt);
				if (visitor.capturing) visitor.text(xml.slice(lt + 9, end));
				at = end + 3;
			} else if (xml.startsWith('<!--', lt)) {
				at = closing(part, xml, '-->', lt) + 3;
			} else {
				at = closing(part, xml, '>', lt) + 1; // <!DOCTYPE …>, never in a workbook
			}
			continue;
		}
		if (next === 0x3f /* ? */) {
			at = closing(part, xml, '?>', lt) + 2;
			continue;
		}
		const isEnd = next === 0x2f; /* / */
		let p = isEnd ? lt + 2 : lt + 1;
		let nameStart = p;
		for (; p < length; p++) {
			const c = xml.charCodeAt(p);
			if (c === 0x3a /* : */) nameStart = p + 1;
			else if (c === 0x3e || c === 0x2f || c <= 0x20) break;
		}
		const name = xml.slice(nameStart, p);
		const attributesStart = p;
		// The tag ends at the first '>' outside a quoted attribute value.
		let quote = 0;
		for (; p < length; p++) {
			const c = xml.charCodeAt(p);
			if (quote !== 0) {
				if (c === quote) quote = 0;
			} else if (c === 0x22 || c === 0x27) quote = c;
			else if (c === 0x3e) break;
		}
		if (p >= length) throw new XmlError(`${part} ends inside a tag`);
		if (isEnd) visitor.close(name);
		else if (xml.charCodeAt(p - 1) === 0x2f) {
			visitor.open(name, xml.slice(attributesStart, p - 1));
			visitor.close(name);
		} else visitor.open(name, xml.slice(attributesStart, p));
		at = p + 1;
	}
}

function closing(part: string, xml: string, token: string, from: number): number {
	const end = xml.indexOf(token, from);
	if (end < 0) throw new XmlError(`${part} ends inside a comment or declaration`);
	return end;
}

/**
 * The value of the attribute `name` (as written, prefix included; with
 * `anyPrefix`, any name ending in `name`) in a tag's attribute text. Read
 * attribute by attribute, so a name inside another attribute's value never
 * matches; a regular expression per call cost a third of the sheet's scan.
 */
export function attribute(attributes: string, name: string, anyPrefix = false): string | undefined {
	const length = attributes.length;
	let p = 0;
	while (p < length) {
		if (attributes.charCodeAt(p) <= 0x20) {
			p++;
			continue;
		}
		const nameStart = p;
		for (let c = attributes.charCodeAt(p); p < length && c !== 0x3d && c > 0x20; ) {
			c = attributes.charCodeAt(++p);
		}
		const nameEnd = p;
		while (attributes.charCodeAt(p) <= 0x20) p++;
		if (attributes.charCodeAt(p++) !== 0x3d /* = */) return undefined;
		while (attributes.charCodeAt(p) <= 0x20) p++;
		const quote = attributes[p];
		if (quote !== '"' && quote !== "'") return undefined;
		const end = attributes.indexOf(quote, p + 1);
		if (end < 0) return undefined;
		const found = anyPrefix
			? attributes.slice(nameStart, nameEnd).endsWith(name)
			: nameEnd - nameStart === name.length && attributes.startsWith(name, nameStart);
		if (found) return decodeXml(attributes.slice(p + 1, end));
		p = end + 1;
	}
	return undefined;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(raw: string): string {
	if (!raw.includes('&')) return raw;
	return raw.replace(ENTITY, (entity, hex?: string, decimal?: string, named?: string) => {
		if (named) return NAMED[named];
		const code = hex ? parseInt(hex, 16) : Number(decimal);
		return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
	});
}
