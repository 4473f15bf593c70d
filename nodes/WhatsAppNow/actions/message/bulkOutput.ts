// What a bulk send outputs, and the errors it stops with when On Error is not Continue.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { BulkRow } from '../../helpers/fields/bulkRows';
import { responseCodeOf } from '../../transport/client';
import { SKIPPED } from '../itemInput';
import { errorItem } from '../perItem';
import type { BatchResult } from './bulkBatches';
import type { TemplateRef } from './templateInput';

/** The input items that went into no file: refused (under continueOnFail) or on the skip list. */
export interface Unsent {
	problems: Map<number, unknown>;
	skipped: BulkRow[];
	itemCount: number;
}

/** Output "recipients": one item per input item, in input order. */
export function recipientItems(
	batches: BatchResult[],
	rows: BulkRow[],
	{ problems, skipped, itemCount }: Unsent,
	ref: TemplateRef,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = new Array(itemCount);
	for (const [itemIndex, error] of problems) output[itemIndex] = errorItem(error, itemIndex);
	for (const { itemIndex, to, countryCode, mobileNumber } of skipped) {
		output[itemIndex] = {
			json: { success: false, skipped: SKIPPED, to, countryCode, mobileNumber, ...ref },
			pairedItem: { item: itemIndex },
		};
	}
	for (const { batch, start, end, failed, error } of batches) {
		for (let i = start; i < end; i++) {
			const { itemIndex, to, countryCode, mobileNumber } = rows[i];
			const row = i - start + 1;
			if (failed) {
				const item = errorItem(error, itemIndex);
				output[itemIndex] = { ...item, json: { ...item.json, to, batch, row } };
			} else {
				output[itemIndex] = {
					json: { success: true, to, countryCode, mobileNumber, batch, row, ...ref },
					pairedItem: { item: itemIndex },
				};
			}
		}
	}
	return output;
}

/**
 * Output "files": one item per uploaded file. A refused item (under
 * continueOnFail) is listed by the file whose stretch of input items it sat
 * in, so every input item is accounted for exactly once, and each file item
 * is paired with every item it carried or lists.
 */
export function fileItems(
	batches: BatchResult[],
	rows: BulkRow[],
	{ problems, skipped, itemCount }: Unsent,
	ref: TemplateRef,
): INodeExecutionData[] {
	const refusedUpTo = stretchesOf(
		[...problems.keys()].sort((a, b) => a - b),
		(item) => {
			const { json } = errorItem(problems.get(item), item);
			return { item, error: json.error, code: json.code } as IDataObject;
		},
	);
	// Skipped recipients are counted, like refused ones, by the file whose stretch they sat in.
	const skippedUpTo = stretchesOf(
		skipped.map(({ itemIndex }) => itemIndex),
		(item) => ({ item }),
	);
	if (batches.length === 0) {
		const refusedRows = refusedUpTo(itemCount - 1);
		const skippedItems = skippedUpTo(itemCount - 1);
		return [
			{
				json: {
					success: false,
					batch: null,
					fileName: null,
					rows: 0,
					sent: 0,
					refused: refusedRows.length,
					skipped: skippedItems.length,
					...ref,
					refusedRows,
				},
				pairedItem: [...refusedRows.map(({ item }) => ({ item: item as number })), ...skippedItems],
			},
		];
	}
	return batches.map(({ batch, start, end, fileName, failed, error, response }, b) => {
		const last = b === batches.length - 1 ? itemCount - 1 : rows[end - 1].itemIndex;
		const refusedRows = refusedUpTo(last);
		const skippedItems = skippedUpTo(last);
		const carried = end - start;
		const json: IDataObject = {
			success: !failed,
			batch,
			fileName,
			rows: carried,
			sent: failed ? 0 : carried,
			refused: refusedRows.length,
			skipped: skippedItems.length,
			firstItem: rows[start].itemIndex,
			lastItem: rows[end - 1].itemIndex,
			...ref,
			refusedRows,
		};
		if (failed) Object.assign(json, errorItem(error, rows[start].itemIndex).json);
		else json.response = response;
		const paired = new Array<{ item: number }>(carried + refusedRows.length + skippedItems.length);
		let p = 0;
		for (let i = start; i < end; i++) paired[p++] = { item: rows[i].itemIndex };
		for (const { item } of refusedRows) paired[p++] = { item: item as number };
		for (const item of skippedItems) paired[p++] = item;
		return { json, pairedItem: paired };
	});
}

/**
 * Hands out sorted item indices by stretch: each call takes those up to
 * `last` not yet taken, so every item is listed by exactly one file.
 */
function stretchesOf<T>(indices: number[], entry: (item: number) => T): (last: number) => T[] {
	let next = 0;
	return (last) => {
		const from = next;
		while (next < indices.length && indices[next] <= last) next++;
		return indices.slice(from, next).map(entry);
	};
}

export function firstProblem(problems: Map<number, unknown>, itemCount: number): unknown {
	const indices = [...problems.keys()].sort((a, b) => a - b);
	const error = problems.get(indices[0]) as { description?: string | null };
	const listed = indices.slice(0, 20).join(', ') + (indices.length > 20 ? ', …' : '');
	error.description = `${error.description ? `${error.description} ` : ''}${indices.length} of ${itemCount} item(s) are invalid (items ${listed}). Nothing was uploaded. To send the valid rows and get the invalid ones as error items, turn on "Continue" under Settings → On Error.`;
	return error;
}

/** Without continueOnFail the node fails, saying which uploads went through and which did not. */
export function batchError(
	failures: BatchResult[],
	batches: BatchResult[],
	rows: BulkRow[],
): unknown {
	const [first] = failures;
	const error = first.error as { message: string; description?: string | null };
	const sent = batches.filter((b) => !b.failed);
	const sentRows = sent.reduce((sum, b) => sum + b.end - b.start, 0);
	const span = (b: BatchResult) => `items ${rows[b.start].itemIndex}–${rows[b.end - 1].itemIndex}`;
	// A Message Central code means it refused the file; a bare HTTP failure may have got through.
	const verdict =
		responseCodeOf(first.error) !== null
			? 'was not sent'
			: 'failed and may or may not have been sent';
	error.message = `Batch ${first.batch + 1} of ${batches.length} (${span(first)}) ${verdict}: ${error.message}`;
	const others =
		failures.length > 1
			? ` Batches ${failures
					.slice(1)
					.map((f) => f.batch + 1)
					.join(', ')} failed too.`
			: '';
	error.description =
		`${error.description ? `${error.description} ` : ''}${others} ${sent.length} of ${batches.length} batch(es) were accepted (${sentRows} recipients): do not run the whole list again. Turn on "Continue" under Settings → On Error to get one output item per recipient, failed ones included.`
			.replace(/\s+/g, ' ')
			.trim();
	return error;
}
