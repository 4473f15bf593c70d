import { crc32 } from './crc32';
import { CENTRAL_SIGNATURE, END_SIGNATURE, LOCAL_SIGNATURE } from './zipFormat';

/** One file of the archive, already compressed. */
export interface ZipEntry {
	name: string;
	/** The deflated bytes. */
	data: Buffer;
	/** CRC-32 and length of the uncompressed bytes. */
	crc: number;
	size: number;
}

/**
 * Compression is the platform's CompressionStream (raw deflate, zlib's
 * default level, run by Node off the JavaScript thread), not node:zlib, which
 * n8n's rules for community nodes forbid (docs/n8n-mechanics.md#compression-without-zlib).
 */
export async function deflatedEntry(name: string, content: Buffer): Promise<ZipEntry> {
	return await streamedEntry(name, [content]);
}

/**
 * An entry compressed as its chunks are produced: only the compressed bytes
 * and the chunk being written are held, whatever the entry's size. An error
 * from `chunks` (a row that throws) aborts the compression and is thrown here.
 */
export async function streamedEntry(name: string, chunks: Iterable<Buffer>): Promise<ZipEntry> {
	const deflate = new CompressionStream('deflate-raw');
	const writer = deflate.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
	const output: Uint8Array[] = [];
	// Read while writing: the stream holds little, so writes wait for reads.
	const collected = (async () => {
		const reader = deflate.readable.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			output.push(value);
		}
	})();
	let crc = 0;
	let size = 0;
	let written = false;
	try {
		for (const chunk of chunks) {
			crc = crc32(chunk, crc);
			size += chunk.length;
			await writer.ready;
			await writer.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
		}
		await writer.close();
		written = true;
	} finally {
		// The error itself goes on to the caller; only the stream is ended here.
		if (!written) {
			await writer.abort().catch(() => undefined);
			await collected.catch(() => undefined);
		}
	}
	await collected;
	return { name, data: Buffer.concat(output), crc, size };
}

/**
 * A ZIP archive (the container of an XLSX file) of deflated entries: every
 * size is known up front, so no data descriptors and no ZIP64 (an entry stays
 * far below 4 GB). Names are ASCII.
 */
export function writeZip(entries: readonly ZipEntry[], date = new Date()): Buffer {
	const { time, day } = dosDateTime(date);
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const { name, data, crc, size } of entries) {
		const fileName = Buffer.from(name, 'ascii');
		const fields = { time, day, crc, data, size, fileName };
		const local = localHeader(fields);
		central.push(centralHeader(fields, offset));
		parts.push(local, data);
		offset += local.length + data.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(END_SIGNATURE, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...parts, directory, end]);
}

interface EntryFields {
	time: number;
	day: number;
	crc: number;
	data: Buffer;
	size: number;
	fileName: Buffer;
}

/** The local file header. */
function localHeader(f: EntryFields): Buffer {
	const b = Buffer.alloc(30 + f.fileName.length);
	b.writeUInt32LE(LOCAL_SIGNATURE, 0);
	writeSharedFields(b, 4, f);
	f.fileName.copy(b, 30);
	return b;
}

/** The central directory's record of an entry: "made by" version 2.0, the same fields, where its local header is. */
function centralHeader(f: EntryFields, localOffset: number): Buffer {
	const b = Buffer.alloc(46 + f.fileName.length);
	b.writeUInt32LE(CENTRAL_SIGNATURE, 0);
	b.writeUInt16LE(20, 4);
	writeSharedFields(b, 6, f);
	b.writeUInt32LE(localOffset, 42);
	f.fileName.copy(b, 46);
	return b;
}

/**
 * The run of fields both headers share, from "version needed" (2.0) to the
 * name's length: no flags, deflate (method 8), DOS time and date, CRC-32,
 * compressed and uncompressed sizes. Extra-field and comment lengths stay 0.
 */
function writeSharedFields(b: Buffer, at: number, f: EntryFields): void {
	b.writeUInt16LE(20, at);
	b.writeUInt16LE(0, at + 2);
	b.writeUInt16LE(8, at + 4);
	b.writeUInt16LE(f.time, at + 6);
	b.writeUInt16LE(f.day, at + 8);
	b.writeUInt32LE(f.crc >>> 0, at + 10);
	b.writeUInt32LE(f.data.length, at + 14);
	b.writeUInt32LE(f.size, at + 18);
	b.writeUInt16LE(f.fileName.length, at + 22);
}

/** MS-DOS date and time fields (2-second resolution, years from 1980). */
function dosDateTime(date: Date): { time: number; day: number } {
	const year = Math.max(1980, date.getFullYear());
	return {
		time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
		day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
	};
}
