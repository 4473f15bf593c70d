import { crc32 } from './crc32';
import { CENTRAL_SIGNATURE, END_SIGNATURE, LOCAL_SIGNATURE } from './zipFormat';

/**
 * Far larger than a contact list needs (50,000 rows make some 10 MB of
 * worksheet XML; 128 MB holds about 600,000), small enough that a crafted
 * upload of a few MB cannot make the node allocate gigabytes (the inflated
 * bytes are decoded to text as well): entries are refused from their declared
 * size, before anything is inflated, and one archive may not inflate more
 * than MAX_TOTAL_SIZE in all.
 */
export const MAX_ENTRY_SIZE = 128 * 1024 * 1024;
export const MAX_TOTAL_SIZE = 192 * 1024 * 1024;

/** Why an archive or one of its entries cannot be read; the message says it in words. */
export class ZipError extends Error {}

interface Entry {
	name: string;
	flags: number;
	method: number;
	crc: number;
	compressedSize: number;
	size: number;
	localOffset: number;
}

const END_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x0001;
const STRONG_ENCRYPTION = 0x0040;
const UTF8 = new TextDecoder();

/**
 * A ZIP archive read from its central directory, the one authoritative list
 * of entries: local headers may carry zero sizes (data descriptor, bit 3)
 * and an archive may hold stale entries a directory no longer lists.
 * Entries are inflated one at a time, on request, only the ones asked for.
 */
export class ZipReader {
	private readonly entries = new Map<string, Entry>();

	/** Bytes inflated so far, against MAX_TOTAL_SIZE. */
	private inflated = 0;

	constructor(private readonly bytes: Uint8Array) {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const end = findEnd(view);
		const disk = view.getUint16(end + 4, true);
		const directoryDisk = view.getUint16(end + 6, true);
		const count = view.getUint16(end + 10, true);
		const directorySize = view.getUint32(end + 12, true);
		const directoryOffset = view.getUint32(end + 16, true);
		if (disk !== 0 || directoryDisk !== 0)
			throw new ZipError('it is one part of a split ZIP archive');
		// A ZIP64 archive whose 32-bit fields still hold the real values reads like any other.
		if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
			throw zip64();
		}
		if (directoryOffset + directorySize > end) {
			throw new ZipError('its ZIP central directory lies outside the file: the file is cut off');
		}
		let at = directoryOffset;
		for (let i = 0; i < count; i++) {
			if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
				throw new ZipError('its ZIP central directory is damaged');
			}
			const nameLength = view.getUint16(at + 28, true);
			const extraLength = view.getUint16(at + 30, true);
			const commentLength = view.getUint16(at + 32, true);
			// Bit 11 says UTF-8; without it the name is CP437, which agrees with UTF-8 on the ASCII names of a workbook.
			const name = UTF8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
			const entry: Entry = {
				name,
				flags: view.getUint16(at + 8, true),
				method: view.getUint16(at + 10, true),
				crc: view.getUint32(at + 16, true),
				compressedSize: view.getUint32(at + 20, true),
				size: view.getUint32(at + 24, true),
				localOffset: view.getUint32(at + 42, true),
			};
			if (!this.entries.has(name)) this.entries.set(name, entry);
			at += 46 + nameLength + extraLength + commentLength;
		}
		// Some writers put a leading slash on every name: such an entry is also found without it,
		// unless an entry has that exact name.
		for (const [name, entry] of [...this.entries]) {
			const stripped = name.replace(/^\/+/, '');
			if (!this.entries.has(stripped)) this.entries.set(stripped, entry);
		}
	}

	has(name: string): boolean {
		return this.entries.has(name);
	}

	/** The entry's bytes, checked against its CRC-32 and size; undefined when there is no such entry. */
	async entryBytes(name: string): Promise<Uint8Array | undefined> {
		const entry = this.entries.get(name);
		if (!entry) return undefined;
		// Checked here, not when the directory is read: entries the workbook does not need may be anything.
		if (entry.flags & (ENCRYPTED | STRONG_ENCRYPTION)) {
			throw new ZipError(`its entry ${entry.name} is encrypted`);
		}
		if ([entry.compressedSize, entry.size, entry.localOffset].includes(0xffffffff)) throw zip64();
		if (entry.size > MAX_ENTRY_SIZE) {
			throw new ZipError(
				`its entry ${entry.name} would be ${entry.size} bytes uncompressed, more than this node reads (${MAX_ENTRY_SIZE / 1024 / 1024} MB)`,
			);
		}
		if (this.inflated + entry.size > MAX_TOTAL_SIZE) {
			throw new ZipError(
				`its entries would be more than ${MAX_TOTAL_SIZE / 1024 / 1024} MB uncompressed in all, more than this node reads`,
			);
		}
		const data = this.compressedData(entry);
		let content: Uint8Array;
		if (entry.method === STORED) {
			if (entry.compressedSize !== entry.size) throw damaged(entry, 'its sizes disagree');
			content = data;
		} else if (entry.method === DEFLATED) {
			// Some writers store an empty entry as no bytes at all, which is not a deflate stream.
			content = entry.size === 0 && data.length === 0 ? data : await inflate(entry, data);
		} else {
			throw new ZipError(
				`its entry ${entry.name} is compressed with method ${entry.method}; XLSX files use deflate (8)`,
			);
		}
		if (crc32(content) !== entry.crc) throw damaged(entry, 'its CRC-32 does not match');
		this.inflated += content.length;
		return content;
	}

	/** The entry as text: UTF-8 (what every spreadsheet writes), or UTF-16 when it starts with that byte order mark. */
	async entryText(name: string): Promise<string | undefined> {
		const bytes = await this.entryBytes(name);
		if (!bytes) return undefined;
		const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
		return (utf16 ? new TextDecoder('utf-16le') : UTF8).decode(bytes);
	}

	/** The entry's stored bytes: after its local header, whose name and extra field may differ in length from the directory's. */
	private compressedData(entry: Entry): Uint8Array {
		const { bytes } = this;
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const at = entry.localOffset;
		if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
			throw damaged(entry, 'its local header is missing');
		}
		const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
		if (start + entry.compressedSize > bytes.length) throw damaged(entry, 'it is cut off');
		return bytes.subarray(start, start + entry.compressedSize);
	}
}

/** The End Of Central Directory record: the last 22 bytes, unless a comment of up to 65,535 bytes follows it. */
function findEnd(view: DataView): number {
	const last = view.byteLength - END_SIZE;
	const first = Math.max(0, last - MAX_COMMENT);
	for (let at = last; at >= first; at--) {
		// A signature inside the comment is not the record: the real one's comment runs exactly to the end.
		if (
			view.getUint32(at, true) === END_SIGNATURE &&
			at + END_SIZE + view.getUint16(at + 20, true) === view.byteLength
		) {
			return at;
		}
	}
	throw new ZipError('its ZIP end record is missing: the file is cut off or damaged');
}

/**
 * Inflated by the platform's DecompressionStream (zlib underneath, off the
 * JavaScript thread; node:zlib is not allowed). The output goes into a buffer
 * of the declared size, so more output than declared stops the inflation
 * instead of growing memory.
 */
async function inflate(entry: Entry, data: Uint8Array): Promise<Uint8Array> {
	const input = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(data);
			controller.close();
		},
	});
	// The DOM typings want ArrayBuffer-backed input; a slice of a Buffer reads the same.
	const inflater = new DecompressionStream('deflate-raw') as ReadableWritablePair<
		Uint8Array,
		Uint8Array
	>;
	const reader = input.pipeThrough(inflater).getReader();
	const output = new Uint8Array(entry.size);
	let length = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			if (length + value.length > entry.size) {
				length += value.length;
				await reader.cancel().catch(() => undefined);
				break;
			}
			output.set(value, length);
			length += value.length;
		}
	} catch (error) {
		throw damaged(entry, `it does not inflate: ${(error as Error).message}`);
	}
	if (length > entry.size) {
		throw damaged(entry, `it inflates to more than the ${entry.size} bytes it declares`);
	}
	if (length !== entry.size) {
		throw damaged(entry, `it inflates to ${length} bytes, not the ${entry.size} it declares`);
	}
	return output;
}

function zip64(): ZipError {
	return new ZipError('it is a ZIP64 archive, which is not supported');
}

function damaged(entry: Entry, why: string): ZipError {
	return new ZipError(`its entry ${entry.name} is damaged: ${why}`);
}
