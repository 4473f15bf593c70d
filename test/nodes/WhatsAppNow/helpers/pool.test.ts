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
		{ shouldStop: () => false, sleep: realSleep },
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
		{
			shouldStop: () => false,
			sleep: async (ms) => {
				waits.push(ms);
				await realSleep(ms);
			},
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
		{ shouldStop: () => stop, sleep: realSleep },
	);
	expect(started.length).toBeLessThanOrEqual(5);
	expect(results.filter((r) => r !== undefined)).toEqual(started);
});

/**
 * A clock that moves only from one pending timer to the next, once every lane
 * has reached its next wait: start times come out exact, whatever the load on
 * the machine running the test.
 */
function virtualTime() {
	let clock = 0;
	const timers: Array<{ at: number; resolve: () => void }> = [];
	const after = async (ms: number) =>
		await new Promise<void>((resolve) => timers.push({ at: clock + ms, resolve }));
	const run = async <T>(work: Promise<T>): Promise<T> => {
		let done = false;
		const finished = work.finally(() => (done = true));
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			if (done) return await finished;
			timers.sort((a, b) => a.at - b.at);
			const next = timers.shift();
			if (!next) throw new Error('the pool stalled');
			clock = Math.max(clock, next.at);
			next.resolve();
		}
	};
	return { now: () => clock, after, run };
}

/** When each piece of work started, on virtual time, each taking `took(i)` ms. */
async function startTimes(count: number, concurrency: number, took: (i: number) => number) {
	const time = virtualTime();
	const starts: number[] = [];
	await time.run(
		runPool(
			count,
			{ concurrency, maxPerSecond: 0 },
			async (i) => {
				starts.push(time.now());
				await time.after(took(i));
			},
			{ shouldStop: () => false, sleep: time.after, now: time.now },
		),
	);
	return starts;
}

test('spreads starts that would bunch: lanes finishing together restart apart', async () => {
	// Nothing is known before the first piece of work ends: the first lanes start at once;
	// then 0.75 × 20 ms / 4 = 3.75 ms apart, and they stay apart.
	expect(await startTimes(12, 4, () => 20)).toEqual([
		0, 0, 0, 0, 20, 23.75, 27.5, 31.25, 40, 43.75, 47.5, 51.25,
	]);
});

test('the spread is capped at 5 ms apart, so a slow API is not slowed further', async () => {
	// Uncapped it would be 0.75 × 400 ms / 2 = 150 ms between starts.
	expect(await startTimes(6, 2, () => 400)).toEqual([0, 0, 400, 405, 800, 805]);
});

test('one lane is never held back by the spread', async () => {
	expect(await startTimes(4, 1, (i) => (i === 0 ? 40 : 1))).toEqual([0, 40, 41, 42]);
});
