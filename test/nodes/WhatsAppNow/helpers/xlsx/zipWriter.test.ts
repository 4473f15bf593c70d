import { crc32, inflateRawSync } from 'node:zlib';

import {
	deflatedEntry,
	streamedEntry,
	writeZip,
} from '../../../../../nodes/WhatsAppNow/helpers/xlsx/zipWriter';

/**
 * Reads an archive the way an unzip tool does: the end record, then each
 * central directory record, then the local header it points to; inflates each
 * entry and checks its CRC-32 and length against both headers.
 */
function readZip(zip: Buffer): Array<{ name: string; content: Buffer }> {
	const end = zip.length - 22;
	expect(zip.readUInt32LE(end)).toBe(0x06054b50);
	const count = zip.readUInt16LE(end + 10);
	let at = zip.readUInt32LE(end + 16);
	expect(at + zip.readUInt32LE(end + 12)).toBe(end);
	const entries = [];
	for (let i = 0; i < count; i++) {
		expect(zip.readUInt32LE(at)).toBe(0x02014b50);
		const crc = zip.readUInt32LE(at + 16);
		const compressed = zip.readUInt32LE(at + 20);
		const size = zip.readUInt32LE(at + 24);
		const nameLength = zip.readUInt16LE(at + 28);
		const local = zip.readUInt32LE(at + 42);
		const name = zip.toString('ascii', at + 46, at + 46 + nameLength);
		expect(zip.readUInt32LE(local)).toBe(0x04034b50);
		expect(zip.readUInt16LE(local + 8)).toBe(8);
		expect([
			zip.readUInt32LE(local + 14),
			zip.readUInt32LE(local + 18),
			zip.readUInt32LE(local + 22),
		]).toEqual([crc, compressed, size]);
		const start = local + 30 + zip.readUInt16LE(local + 26);
		const content = inflateRawSync(zip.subarray(start, start + compressed));
		expect({ name, crc: crc32(content), size: content.length }).toEqual({ name, crc, size });
		entries.push({ name, content });
		at += 46 + nameLength;
	}
	return entries;
}

describe('writeZip', () => {
	test('every entry reads back with its CRC-32 and sizes in both headers', async () => {
		const big = Buffer.from('row,'.repeat(200_000));
		const zip = writeZip([
			await deflatedEntry('a.xml', Buffer.from('<a/>')),
			await deflatedEntry('empty.txt', Buffer.alloc(0)),
			await streamedEntry('dir/big.xml', [big.subarray(0, 300_001), big.subarray(300_001)]),
		]);
		expect(readZip(zip)).toEqual([
			{ name: 'a.xml', content: Buffer.from('<a/>') },
			{ name: 'empty.txt', content: Buffer.alloc(0) },
			{ name: 'dir/big.xml', content: big },
		]);
	});

	test('an error while the chunks are produced is thrown to the caller, nothing left running', async () => {
		function* failing() {
			yield Buffer.from('first');
			throw new Error('row 2 could not be written');
		}
		await expect(streamedEntry('x.xml', failing())).rejects.toThrow('row 2 could not be written');
	});

	test('dates are MS-DOS fields: 2026-12-01 10:20:30', async () => {
		const zip = writeZip(
			[await deflatedEntry('a', Buffer.from('a'))],
			new Date(2026, 11, 1, 10, 20, 30),
		);
		expect(zip.readUInt16LE(10)).toBe((10 << 11) | (20 << 5) | 15);
		expect(zip.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (12 << 5) | 1);
	});
});
