import {
	MAX_ATTEMPTS,
	MAX_TOTAL_WAIT_MS,
	nextRetryDelay,
} from '../../../../nodes/WhatsAppNow/transport/retryPolicy';

test('retries are bounded by attempts and by total waiting', () => {
	expect(nextRetryDelay(1, null, 0)).toBe(1000);
	expect(nextRetryDelay(2, null, 1000)).toBe(2000);
	expect(nextRetryDelay(1, 7000, 0)).toBe(7000);
	expect(nextRetryDelay(MAX_ATTEMPTS, 0, 0)).toBeNull();
	expect(nextRetryDelay(1, MAX_TOTAL_WAIT_MS + 1, 0)).toBeNull();
	expect(nextRetryDelay(3, 20_000, 45_000)).toBeNull();
});
