import type { Recipient } from '../phone/phoneNumber';

/** One recipient of a bulk broadcast, read from one input item. */
export interface BulkRow extends Recipient {
	itemIndex: number;
	variables: string[];
	ctaVariables: string[];
}

export interface RowProblem {
	itemIndex: number;
	message: string;
}

export interface ConsistentRows {
	rows: BulkRow[];
	/** N of the var1..varN columns: the body variable count the rows share. */
	variableCount: number;
	ctaCount: number;
	/** Rows whose counts differ from the others, in input order. */
	rejected: RowProblem[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Every row of one bulk file must carry the same number of variables (the
 * template's) and of CTA variables. The counts shared by most rows win (ties:
 * the earliest row's); the other rows are rejected, never dropped silently.
 */
export function selectConsistentRows(rows: BulkRow[]): ConsistentRows {
	// The usual case: every row agrees. Keep the list as it is, no copy.
	if (rows.length > 0) {
		const { variables, ctaVariables } = rows[0];
		const v = variables.length;
		const c = ctaVariables.length;
		let agree = true;
		for (let i = 1; i < rows.length && agree; i++) {
			agree = rows[i].variables.length === v && rows[i].ctaVariables.length === c;
		}
		if (agree) return { rows, variableCount: v, ctaCount: c, rejected: [] };
	}
	const key = (row: BulkRow) => `${row.variables.length}/${row.ctaVariables.length}`;
	const tally = new Map<string, { count: number; first: BulkRow }>();
	for (const row of rows) {
		const entry = tally.get(key(row));
		if (entry) entry.count++;
		else tally.set(key(row), { count: 1, first: row });
	}
	let winner: { count: number; first: BulkRow } | undefined;
	// Map iteration follows first appearance, so a tie keeps the earliest row's counts.
	for (const entry of tally.values()) if (!winner || entry.count > winner.count) winner = entry;
	if (!winner) return { rows: [], variableCount: 0, ctaCount: 0, rejected: [] };

	const { variables, ctaVariables } = winner.first;
	const winningKey = key(winner.first);
	const accepted: BulkRow[] = [];
	const rejected: RowProblem[] = [];
	for (const row of rows) {
		if (key(row) === winningKey) {
			accepted.push(row);
			continue;
		}
		rejected.push({
			itemIndex: row.itemIndex,
			message: `Item ${row.itemIndex} has ${plural(row.variables.length, 'variable')} and ${plural(row.ctaVariables.length, 'CTA variable')}, but ${plural(winner.count, 'other row')} (first: item ${winner.first.itemIndex}) ${winner.count === 1 ? 'has' : 'have'} ${variables.length} and ${ctaVariables.length}. Every row of a bulk file needs one value per template placeholder.`,
		});
	}
	return {
		rows: accepted,
		variableCount: variables.length,
		ctaCount: ctaVariables.length,
		rejected,
	};
}

/** `[start, end)` of consecutive slices of at most `size` elements: batches without copying the list. */
export function batchRanges(length: number, size: number): Array<[number, number]> {
	const step = Math.max(1, Math.floor(size) || 1);
	const ranges: Array<[number, number]> = [];
	for (let start = 0; start < length; start += step)
		ranges.push([start, Math.min(length, start + step)]);
	return ranges;
}
