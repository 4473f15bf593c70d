/**
 * Limit Wait Time of Send and Wait for Response: after an interval, or at a
 * date and time. `undefined` means no limit (the caller waits indefinitely).
 */

export interface WaitLimitValues {
	limitType?: unknown;
	resumeAmount?: unknown;
	resumeUnit?: unknown;
	maxDateAndTime?: unknown;
}

/**
 * The latest end n8n can hold: its "wait indefinitely" date (n8n-workflow's
 * WAIT_INDEFINITELY, 3000-01-01). A later or non-date end would leave the
 * execution waiting with no end (docs/n8n-mechanics.md#send-and-wait).
 */
export const LATEST_WAIT_END = Date.UTC(3000, 0, 1);

const UNIT_MS: Record<string, number> = {
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

/** The moment the wait ends, or a sentence saying what is wrong with the option. */
export function waitLimitDate(
	limit: WaitLimitValues | undefined,
	now: number,
): Date | undefined | string {
	if (!limit || (limit.limitType === undefined && limit.maxDateAndTime === undefined)) {
		return undefined;
	}
	if (limit.limitType === 'atSpecifiedTime') {
		const raw = limit.maxDateAndTime;
		const at = raw instanceof Date ? raw : new Date(String(raw ?? ''));
		if (String(raw ?? '').trim() === '' || Number.isNaN(at.getTime())) {
			return `Max Date and Time "${String(raw ?? '')}" is not a date and time, e.g. 2026-12-31T18:00:00`;
		}
		if (at.getTime() <= now) return `Max Date and Time ${at.toISOString()} has already passed`;
		return withinReach(at, 'Max Date and Time');
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
	if (!unit) return `Unit "${String(limit.resumeUnit)}" is not one of minutes, hours, days`;
	if (!Number.isFinite(amount) || amount <= 0) {
		return `Amount ${String(limit.resumeAmount)} must be a number above 0`;
	}
	return withinReach(new Date(now + amount * unit), `Amount ${String(limit.resumeAmount)}`);
}

/** An end n8n can hold, or why not. */
function withinReach(end: Date, what: string): Date | string {
	const at = end.getTime();
	if (Number.isFinite(at) && at < LATEST_WAIT_END) return end;
	const reach = new Date(LATEST_WAIT_END).toISOString().slice(0, 10);
	return `${what} ends after ${reach}, later than n8n can wait; remove Limit Wait Time to wait without a limit`;
}
