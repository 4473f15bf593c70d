import { deflateRawSync } from 'node:zlib';

import {
	MAX_ENTRY_SIZE,
	MAX_TOTAL_SIZE,
	ZipError,
	ZipReader,
} from '../../../../../nodes/WhatsAppNow/helpers/xlsx/zipReader';
import { zip } from '../../../../fixtures/xlsx/zip';

/** Offsets of the end record and of the first central directory record (archives without a comment). */
function layout(archive: Buffer): { end: number; firstRecord: number } {
	const end = archive.length - 22;
	return { end, firstRecord: archive.readUInt32LE(end + 16) };
}

async function refusal(archive: Buffer, name = 'a.xml'): Promise<string> {
	try {
		await new ZipReader(archive).entryBytes(name);
	} catch (error) {
		expect(error).toBeInstanceOf(ZipError);
		return (error as Error).message;
	}
	throw new Error('the archive was read');
}

describe('ZipReader', () => {
	// Short enough for a readable failure; long enough to deflate to far fewer bytes.
	const text = '<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(40);

	test('reads stored and deflated entries, text and bytes, and knows which entries exist', async () => {
		const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
		const reader = new ZipReader(
			zip([
				{ name: 'stored.xml', data: text, method: 0 },
				{ name: 'deflated.xml', data: text },
				{ name: 'bin/data.bin', data: bytes },
				{ name: 'empty-stored.txt', data: '', method: 0 },
				{ name: 'empty-deflated.txt', data: '' },
				{ name: 'ünïcode/naïve.xml', data: 'ok' },
			]),
		);
		expect(await reader.entryText('stored.xml')).toBe(text);
		expect(await reader.entryText('deflated.xml')).toBe(text);
		expect(await reader.entryBytes('bin/data.bin')).toEqual(bytes);
		expect(await reader.entryText('empty-stored.txt')).toBe('');
		expect(await reader.entryText('empty-deflated.txt')).toBe('');
		expect(await reader.entryText('ünïcode/naïve.xml')).toBe('ok');
		expect(reader.has('deflated.xml')).toBe(true);
		expect(reader.has('Deflated.xml')).toBe(false); // names are case-sensitive
		expect(await reader.entryText('missing.xml')).toBeUndefined();
	});

	test('reads from a Buffer that is a slice of a larger allocation', async () => {
		const archive = zip([{ name: 'a.xml', data: text }]);
		const padded = Buffer.concat([Buffer.alloc(100, 1), archive]).subarray(100);
		expect(await new ZipReader(padded).entryText('a.xml')).toBe(text);
	});

	test('finds the end record before a comment, even a comment holding the end signature', async () => {
		// The signature at the start of a comment whose length field does not reach the end.
		const decoy = 'PK\u0005\u0006 marks the end record';
		for (const comment of ['exported by a tool', decoy, 'x'.repeat(65_535)]) {
			const archive = zip([{ name: 'a.xml', data: text }], { comment });
			expect(await new ZipReader(archive).entryText('a.xml')).toBe(text);
		}
	});

	test('entries with a data descriptor (zero sizes in the local header) are read from the central directory', async () => {
		const archive = zip([
			{ name: 'a.xml', data: text, dataDescriptor: true },
			{ name: 'b.xml', data: 'second', dataDescriptor: true, method: 0 },
		]);
		expect(archive.readUInt32LE(18)).toBe(0); // the local header's compressed size
		const reader = new ZipReader(archive);
		expect(await reader.entryText('a.xml')).toBe(text);
		expect(await reader.entryText('b.xml')).toBe('second');
	});

	test('a name written with a leading slash is found without it, and as written', async () => {
		const reader = new ZipReader(
			zip([
				{ name: '/xl/workbook.xml', data: 'slashed' },
				{ name: '//twice.xml', data: 'twice' },
			]),
		);
		expect(await reader.entryText('xl/workbook.xml')).toBe('slashed');
		expect(await reader.entryText('/xl/workbook.xml')).toBe('slashed');
		expect(await reader.entryText('twice.xml')).toBe('twice');
	});

	test('an exact name wins over one that matches only without its leading slash', async () => {
		const reader = new ZipReader(
			zip([
				{ name: '/a.xml', data: 'slashed' },
				{ name: 'a.xml', data: 'plain' },
			]),
		);
		expect(await reader.entryText('a.xml')).toBe('plain');
	});

	test('text with a UTF-16 byte order mark is decoded as UTF-16', async () => {
		const utf16 = Buffer.concat([
			Buffer.from([0xff, 0xfe]),
			Buffer.from('<sst>ü</sst>', 'utf16le'),
		]);
		const reader = new ZipReader(zip([{ name: 'a.xml', data: utf16 }]));
		expect(await reader.entryText('a.xml')).toBe('<sst>ü</sst>');
	});

	test('a wrong CRC-32 is refused, stored or deflated', async () => {
		for (const method of [0, 8]) {
			const archive = zip([{ name: 'a.xml', data: text, method, crc: 0xdeadbeef }]);
			expect(await refusal(archive)).toBe('its entry a.xml is damaged: its CRC-32 does not match');
		}
	});

	test('a declared size that differs from the inflated one is refused; output beyond it stops the inflation', async () => {
		const short = zip([{ name: 'a.xml', data: text, size: text.length + 1 }]);
		expect(await refusal(short)).toBe(
			`its entry a.xml is damaged: it inflates to ${text.length} bytes, not the ${text.length + 1} it declares`,
		);
		// 16 MB of zeros deflate to 16 KB; declared as 1,000 bytes, no more than a chunk is inflated.
		const bomb = zip([{ name: 'a.xml', data: Buffer.alloc(16 * 1024 * 1024), size: 1000 }]);
		expect(await refusal(bomb)).toBe(
			'its entry a.xml is damaged: it inflates to more than the 1000 bytes it declares',
		);
		const stored = zip([{ name: 'a.xml', data: 'abc', method: 0, size: 4 }]);
		expect(await refusal(stored)).toBe('its entry a.xml is damaged: its sizes disagree');
	});

	test('an entry declaring more than the ceiling is refused before anything is inflated', async () => {
		const archive = zip([{ name: 'a.xml', data: text }]);
		const { firstRecord } = layout(archive);
		archive.writeUInt32LE(MAX_ENTRY_SIZE + 1, firstRecord + 24);
		expect(await refusal(archive)).toBe(
			`its entry a.xml would be ${MAX_ENTRY_SIZE + 1} bytes uncompressed, more than this node reads (128 MB)`,
		);
	});

	test('one archive may not inflate more than the total ceiling, whatever each entry declares', async () => {
		// Two entries under the per-entry ceiling whose sum is over the total: zeros deflate to little.
		const big = Buffer.alloc(Math.floor(MAX_TOTAL_SIZE / 2) + 1024);
		expect(big.length).toBeLessThan(MAX_ENTRY_SIZE);
		const reader = new ZipReader(
			zip([
				{ name: 'a.xml', data: big },
				{ name: 'b.xml', data: big },
			]),
		);
		expect((await reader.entryBytes('a.xml'))?.length).toBe(big.length);
		await expect(reader.entryBytes('b.xml')).rejects.toThrow(
			`its entries would be more than ${MAX_TOTAL_SIZE / 1024 / 1024} MB uncompressed in all`,
		);
	}, 30_000);

	test('data that is not a deflate stream is refused', async () => {
		const archive = zip([{ name: 'a.xml', data: Buffer.from('not deflate at all'), method: 0 }]);
		const { firstRecord } = layout(archive);
		archive.writeUInt16LE(8, firstRecord + 10); // now claims deflate
		expect(await refusal(archive)).toMatch(/^its entry a\.xml is damaged: it does not inflate: /);
	});

	test('a deflate stream cut short is refused', async () => {
		const deflated = deflateRawSync(Buffer.from(text));
		const archive = zip([{ name: 'a.xml', data: deflated.subarray(0, 100), method: 0 }]);
		const { firstRecord } = layout(archive);
		archive.writeUInt16LE(8, firstRecord + 10);
		archive.writeUInt32LE(text.length, firstRecord + 24);
		expect(await refusal(archive)).toMatch(/^its entry a\.xml is damaged: /);
	});

	test('methods other than stored and deflate are refused, naming the method', async () => {
		const archive = zip([{ name: 'a.xml', data: 'BZh91AY&SY', method: 12 }]);
		expect(await refusal(archive)).toBe(
			'its entry a.xml is compressed with method 12; XLSX files use deflate (8)',
		);
	});

	test('encrypted entries are refused, but only when they are read', async () => {
		const archive = zip([
			{ name: 'a.xml', data: text, flags: 0x0001 },
			{ name: 'b.xml', data: 'plain' },
		]);
		expect(await refusal(archive)).toBe('its entry a.xml is encrypted');
		expect(await new ZipReader(archive).entryText('b.xml')).toBe('plain');
	});

	test('ZIP64 archives and entries are refused', async () => {
		const count = zip([{ name: 'a.xml', data: text }]);
		count.writeUInt16LE(0xffff, layout(count).end + 10);
		expect(() => new ZipReader(count)).toThrow('it is a ZIP64 archive, which is not supported');
		const size = zip([{ name: 'a.xml', data: text }]);
		size.writeUInt32LE(0xffffffff, layout(size).firstRecord + 20);
		expect(await refusal(size)).toBe('it is a ZIP64 archive, which is not supported');
	});

	test('a file without an end record, or cut anywhere, is refused', async () => {
		const archive = zip([
			{ name: 'a.xml', data: text },
			{ name: 'b.xml', data: text },
		]);
		expect(() => new ZipReader(Buffer.from('Country,Mobile\n91,1\n'))).toThrow(
			'its ZIP end record is missing: the file is cut off or damaged',
		);
		expect(() => new ZipReader(new Uint8Array(0))).toThrow(ZipError);
		for (const cut of [30, 200, archive.length / 2, archive.length - 30, archive.length - 1]) {
			expect(() => new ZipReader(archive.subarray(0, Math.floor(cut)))).toThrow(ZipError);
		}
	});

	test('a central directory outside the file, a damaged record or a missing local header is refused', async () => {
		const outside = zip([{ name: 'a.xml', data: text }]);
		outside.writeUInt32LE(outside.length, layout(outside).end + 16);
		expect(() => new ZipReader(outside)).toThrow(
			'its ZIP central directory lies outside the file: the file is cut off',
		);
		const record = zip([{ name: 'a.xml', data: text }]);
		record.writeUInt32LE(0, layout(record).firstRecord);
		expect(() => new ZipReader(record)).toThrow('its ZIP central directory is damaged');
		const local = zip([{ name: 'a.xml', data: text }]);
		local.writeUInt32LE(0, 0);
		expect(await refusal(local)).toBe('its entry a.xml is damaged: its local header is missing');
		const beyond = zip([{ name: 'a.xml', data: text }]);
		beyond.writeUInt32LE(beyond.length, layout(beyond).firstRecord + 20);
		expect(await refusal(beyond)).toBe('its entry a.xml is damaged: it is cut off');
	});

	test('one part of a split archive is refused', () => {
		const archive = zip([{ name: 'a.xml', data: text }]);
		archive.writeUInt16LE(1, layout(archive).end + 4);
		expect(() => new ZipReader(archive)).toThrow('it is one part of a split ZIP archive');
	});
});
