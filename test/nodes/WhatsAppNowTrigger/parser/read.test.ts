import { isoFromMilliseconds } from '../../../../nodes/WhatsAppNowTrigger/parser/read';

describe('isoFromMilliseconds', () => {
	it('formats exactly like Date#toISOString', () => {
		const edges = [
			0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 4_107_542_400_000,
			253_402_300_799_999, 253_402_300_800_000, 8.64e15, 1_700_000_000_123.9,
		];
		const random = Array.from({ length: 20_000 }, () => Math.random() * 8.64e15);
		for (const ms of [...edges, ...random])
			expect(isoFromMilliseconds(ms)).toBe(new Date(ms).toISOString());
	});
});
