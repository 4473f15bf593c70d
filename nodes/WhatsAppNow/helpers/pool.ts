export interface PoolLimits {
	/** Requests in flight at once (at least 1). */
	concurrency: number;
	/** Starts per second; 0 = unlimited. */
	maxPerSecond: number;
}

export type Sleep = (ms: number) => Promise<void>;

/**
 * Runs `worker` over `count` indices with at most `concurrency` in flight and
 * starts spaced to respect `maxPerSecond`. Results keep input order. When
 * `shouldStop()` turns true no new work is started, but work in flight finishes.
 */
export async function runPool<R>(
	count: number,
	limits: PoolLimits,
	worker: (index: number) => Promise<R>,
	shouldStop: () => boolean,
	sleep: Sleep,
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array(count);
	const concurrency = Math.max(1, Math.floor(limits.concurrency) || 1);
	const interval = limits.maxPerSecond > 0 ? 1000 / limits.maxPerSecond : 0;
	let next = 0;
	let nextStartAt = 0;

	const lane = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			if (interval > 0) {
				const now = Date.now();
				const startAt = Math.max(now, nextStartAt);
				nextStartAt = startAt + interval;
				if (startAt > now) await sleep(startAt - now);
				if (shouldStop()) return;
			}
			results[index] = await worker(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
	return results;
}
