export interface PoolLimits {
	/** Requests in flight at once (at least 1). */
	concurrency: number;
	/** Starts per second; 0 = unlimited. */
	maxPerSecond: number;
}

export type Sleep = (ms: number) => Promise<void>;

export interface PoolControl {
	/** True once no new work may start (work in flight still finishes). */
	shouldStop: () => boolean;
	sleep: Sleep;
	/** A clock in ms; performance.now() unless a test brings its own. */
	now?: () => number;
}

/**
 * With two lanes or more, starts are spread min(MAX_SPREAD_MS, SPREAD ×
 * average duration ÷ concurrency) apart; the average is a running one over
 * the work done so far (retries and waits for a login included). Lanes that
 * finish together would otherwise start together, their answers come back
 * together, and each answer waits for the process to handle the ones before
 * it: requests keep moving in bunches while the event loop alternates between
 * busy and idle. Spread evenly, 2,000 sends at 20 in flight take 1.18× the
 * latency floor instead of 1.48×
 * (docs/n8n-mechanics.md#many-requests-through-the-request-helper). With
 * SPREAD below 1, the spread allows more starts per second, on average, than
 * the lanes can reach; the cap keeps it to a few milliseconds on a slow API.
 */
const SPREAD = 0.75;
const MAX_SPREAD_MS = 5;
/** Weight of the latest piece of work in the running average of durations. */
const AVERAGE_WEIGHT = 0.1;

/**
 * Runs `worker` over `count` indices with at most `concurrency` in flight and
 * starts spaced to respect `maxPerSecond` (and spread, above). Results keep
 * input order. When `shouldStop()` turns true no new work is started, but work
 * in flight finishes.
 */
export async function runPool<R>(
	count: number,
	limits: PoolLimits,
	worker: (index: number) => Promise<R>,
	{ shouldStop, sleep, now = () => performance.now() }: PoolControl,
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array(count);
	const concurrency = Math.max(1, Math.floor(limits.concurrency) || 1);
	const interval = limits.maxPerSecond > 0 ? 1000 / limits.maxPerSecond : 0;
	const lanes = Math.min(concurrency, count);
	let next = 0;
	let nextStartAt = 0;
	let averageMs = 0;
	let finished = 0;

	const lane = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			const spread =
				lanes > 1 && finished > 0 ? Math.min(MAX_SPREAD_MS, (SPREAD * averageMs) / concurrency) : 0;
			const gap = Math.max(interval, spread);
			if (gap > 0) {
				const at = now();
				const startAt = Math.max(at, nextStartAt);
				nextStartAt = startAt + gap;
				// Timers have 1 ms resolution: a shorter wait starts now.
				if (startAt - at >= 1) await sleep(startAt - at);
				if (shouldStop()) return;
			}
			const started = now();
			results[index] = await worker(index);
			const took = now() - started;
			averageMs = finished++ === 0 ? took : averageMs + (took - averageMs) * AVERAGE_WEIGHT;
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	return results;
}
