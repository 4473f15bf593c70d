import { runPool } from '../../../../nodes/WhatsAppNow/helpers/pool';

const realSleep = async (ms: number) =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

test('keeps input order and never exceeds the concurrency', async () => {
	let inFlight = 0;
	let max = 0;
	const results = await runPool(
		30,
		{ concurrency: 4, maxPerSecond: 0 },
		async (i) => {
			inFlight++;
			max = Math.max(max, inFlight);
			await realSleep(((i * 7) % 5) + 1); // finish out of order
			inFlight--;
			return i * 2;
		},
		() => false,
		realSleep,
	);
	expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
	expect(max).toBe(4);
});

test('spaces starts to respect maxPerSecond', async () => {
	const waits: number[] = [];
	const starts: number[] = [];
	await runPool(
		5,
		{ concurrency: 5, maxPerSecond: 10 },
		async () => {
			starts.push(Date.now());
		},
		() => false,
		async (ms) => {
			waits.push(ms);
			await realSleep(ms);
		},
	);
	// The first start is immediate, then one every 100 ms.
	expect(waits).toHaveLength(4);
	expect(starts[4] - starts[0]).toBeGreaterThanOrEqual(390);
});

test('starts nothing new once told to stop, but lets work in flight finish', async () => {
	let stop = false;
	const started: number[] = [];
	const results = await runPool(
		20,
		{ concurrency: 2, maxPerSecond: 0 },
		async (i) => {
			started.push(i);
			if (i === 3) stop = true;
			await realSleep(2);
			return i;
		},
		() => stop,
		realSleep,
	);
	expect(started.length).toBeLessThanOrEqual(5);
	expect(results.filter((r) => r !== undefined)).toEqual(started);
});
