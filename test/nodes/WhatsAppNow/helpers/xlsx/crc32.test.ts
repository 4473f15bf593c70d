import { crc32 as zlibCrc32 } from 'node:zlib';

import { crc32 } from '../../../../../nodes/WhatsAppNow/helpers/xlsx/crc32';

describe('crc32', () => {
	const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255));

	test.each([0, 1, 7, 8, 9, 15, 16, 17, 1000, 65_537])(
		'%i bytes: the same as zlib, in one call and continued over two',
		(n) => {
			const data = bytes(n);
			expect(crc32(data)).toBe(zlibCrc32(data));
			const half = Math.floor(n / 3);
			expect(crc32(data.subarray(half), crc32(data.subarray(0, half)))).toBe(zlibCrc32(data));
		},
	);

	test('the check value of the standard ("123456789" → cbf43926)', () => {
		expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
	});
});
