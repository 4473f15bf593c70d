/**
 * CRC-32 (IEEE 802.3, the ZIP checksum) in plain JavaScript: n8n's rules for
 * community nodes allow no Node built-in but crypto, so zlib's crc32 is out
 * (docs/n8n-mechanics.md#compression-without-zlib). Slicing by 8: eight
 * tables, eight bytes per step.
 */
const TABLES = buildTables();

function buildTables(): Uint32Array[] {
	const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		tables[0][n] = c >>> 0;
	}
	for (let n = 0; n < 256; n++) {
		let c = tables[0][n];
		for (let t = 1; t < 8; t++) {
			c = tables[0][c & 0xff] ^ (c >>> 8);
			tables[t][n] = c >>> 0;
		}
	}
	return tables;
}

/** The CRC-32 of `data`, continuing from `previous` (the CRC of the bytes before it). */
export function crc32(data: Uint8Array, previous = 0): number {
	const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
	let crc = ~previous >>> 0;
	let i = 0;
	const end8 = data.length - (data.length % 8);
	for (; i < end8; i += 8) {
		const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ crc;
		const b = data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24);
		crc =
			t7[a & 0xff] ^
			t6[(a >>> 8) & 0xff] ^
			t5[(a >>> 16) & 0xff] ^
			t4[a >>> 24] ^
			t3[b & 0xff] ^
			t2[(b >>> 8) & 0xff] ^
			t1[(b >>> 16) & 0xff] ^
			t0[b >>> 24];
	}
	for (; i < data.length; i++) crc = t0[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return ~crc >>> 0;
}
