import type { IDataObject } from 'n8n-workflow';

import { batchRanges, type BulkRow } from '../../helpers/fields/bulkRows';
import { bulkHeader, sheetRowsIn } from '../../helpers/xlsx/bulkSheet';
import { writeXlsx } from '../../helpers/xlsx/xlsxWriter';
import { uploadBulkFile } from '../../transport/api';
import type { MessageCentralClient } from '../../transport/client';
import type { TemplateRef } from './templateInput';

export interface BatchPlan {
	senderId: string;
	ref: TemplateRef;
	rows: BulkRow[];
	variableCount: number;
	ctaCount: number;
	batchSize: number;
}

/** One uploaded file: rows[start..end) of the plan. `error` when the upload (or the writing) failed. */
export interface BatchResult {
	batch: number;
	start: number;
	end: number;
	fileName: string;
	response?: IDataObject;
	error?: unknown;
	failed: boolean;
}

/**
 * Writes and uploads the files one after the other, in order, each exactly
 * once: the client retries only 429 and 503 (answers that say the request was
 * not taken), so a file that may have reached the API is never sent again.
 * The next file is written while the previous one uploads; uploads never
 * overlap each other. A failed file fails only its own rows; the others go on.
 */
export async function uploadBatches(
	client: MessageCentralClient,
	plan: BatchPlan,
): Promise<BatchResult[]> {
	const { rows, ref, senderId } = plan;
	const header = bulkHeader(plan.variableCount);
	const ranges = batchRanges(rows.length, plan.batchSize);
	const errorContext = { variablesGiven: plan.variableCount, ctaVariablesGiven: plan.ctaCount };
	const results: BatchResult[] = [];
	let uploading: Promise<void> | undefined;
	for (let batch = 0; batch < ranges.length; batch++) {
		const [start, end] = ranges[batch];
		const fileName = `${ref.templateName}_batch_${batch + 1}_of_${ranges.length}.xlsx`;
		const result: BatchResult = { batch, start, end, fileName, failed: false };
		results.push(result);
		let file: Buffer | undefined;
		try {
			file = await writeXlsx(header, sheetRowsIn(rows, start, end));
		} catch (error) {
			result.failed = true;
			result.error = error;
		}
		// One upload at a time, in batch order: wait for the previous one.
		if (uploading) await uploading;
		if (!file) continue;
		const upload = { senderId, ...ref, file, fileName, errorContext };
		// Never rejects: the outcome is recorded on the result.
		uploading = uploadBulkFile(client, upload, rows[start].itemIndex).then(
			(response) => {
				result.response = response;
			},
			(error: unknown) => {
				result.failed = true;
				result.error = error;
			},
		);
	}
	if (uploading) await uploading;
	return results;
}
