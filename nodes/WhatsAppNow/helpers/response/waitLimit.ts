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
		return at;
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
	if (!unit) return `Unit "${String(limit.resumeUnit)}" is not one of minutes, hours, days`;
	if (!Number.isFinite(amount) || amount <= 0) {
		return `Amount ${String(limit.resumeAmount)} must be a number above 0`;
	}
	return new Date(now + amount * unit);
}
