/**
 * Only throttling (429) and unavailability (503) are retried: any other failed
 * send may already have reached the customer, and a repeat would be a duplicate
 * WhatsApp message.
 */
export const MAX_ATTEMPTS = 5;
export const MAX_TOTAL_WAIT_MS = 60_000;
const BASE_DELAY_MS = 1_000;

/** Delay before attempt `attempt + 1`, or null when the budget is spent. */
export function nextRetryDelay(
	attempt: number,
	retryAfterMs: number | null,
	waitedMs: number,
): number | null {
	if (attempt >= MAX_ATTEMPTS) return null;
	const delay = retryAfterMs ?? BASE_DELAY_MS * 2 ** (attempt - 1);
	if (waitedMs + delay > MAX_TOTAL_WAIT_MS) return null;
	return delay;
}
