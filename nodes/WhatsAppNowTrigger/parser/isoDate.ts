const MS_PER_DAY = 86_400_000;
// 9999-12-31T23:59:59.999Z: beyond it toISOString switches to six-digit years.
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

// Zero-padded digits looked up rather than formatted: padding was a third of the formatting time.
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));

/**
 * Same output as `new Date(ms).toISOString()` at about a third of the cost,
 * which matters because a busy body holds two timestamps per status. Days to
 * civil date by Howard Hinnant's algorithm; anything outside 1970–9999 goes to
 * `Date`. The caller ensures `ms` is finite and non-negative.
 */
export function isoFromMilliseconds(ms: number): string {
	const time = Math.trunc(ms);
	if (time > LAST_FOUR_DIGIT_YEAR_MS) return new Date(time).toISOString();
	const days = Math.floor(time / MS_PER_DAY);
	const dayTime = time - days * MS_PER_DAY;

	const shifted = days + 719_468; // days since 0000-03-01
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
	);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const marchMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
	const day = dayOfYear - Math.floor((153 * marchMonth + 2) / 5) + 1;
	const month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

	const hours = Math.floor(dayTime / 3_600_000);
	const minutes = Math.floor(dayTime / 60_000) % 60;
	const seconds = Math.floor(dayTime / 1000) % 60;
	// Years from 1970 to 9999 always have four digits.
	return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[dayTime % 1000]}Z`;
}
