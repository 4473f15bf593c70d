import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { selectConsistentRows, toBatches, type BulkRow } from '../../helpers/bulkRows';
import { bulkHeader, sheetRows } from '../../helpers/bulkSheet';
import { writeXlsx } from '../../helpers/xlsxWriter';
import { uploadBulkFile } from '../../transport/api';
import { asNodeError, type MessageCentralClient } from '../../transport/client';
import {
	binaryPropertyField,
	ctaVariablesField,
	defaultCountryCodeField,
	languageField,
	phoneNumberField,
	templateNameField,
	variablesField,
} from '../common.descriptions';
import { readRecipient, readSenderId } from '../itemInput';
import { errorItem } from '../perItem';
import { uploadFiles } from './bulkFileUpload';
import { readTemplateRef, readTemplateValues, type TemplateRef } from './templateInput';

export const DEFAULT_BATCH_SIZE = 5000;

const fromItems = { show: { source: ['items'] } };

const properties: INodeProperties[] = [
	templateNameField,
	languageField,
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Input Items',
				value: 'items',
				description:
					'Every input item is one recipient; Phone Number and the variables are read from each item. The node writes the XLSX contact list itself.',
			},
			{
				name: 'XLSX File',
				value: 'binary',
				description:
					'Upload a ready contact list from a binary field: header row Country, Mobile, ctaVar1, ctaVar2, var1..varN, one recipient per row. Each input item is one file.',
			},
		],
		default: 'items',
		description: 'Where the recipients come from',
	},
	{ ...phoneNumberField, displayOptions: fromItems },
	{ ...defaultCountryCodeField, displayOptions: fromItems },
	{ ...variablesField, displayOptions: fromItems },
	{ ...ctaVariablesField, displayOptions: fromItems },
	{ ...binaryPropertyField, displayOptions: { show: { source: ['binary'] } } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: fromItems,
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: DEFAULT_BATCH_SIZE,
				description:
					'Most recipients per uploaded file; a longer list is sent as several files, one after the other. A failed file fails only its own recipients. Each output item says which file (batch, from 0) and which row of it (row, from 1) its recipient went in.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplateBulk'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	client: MessageCentralClient,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', 0, 'items') as string;
	if (source === 'binary') return await uploadFiles.call(this, client);
	return await sendFromItems.call(this, client);
}

// ---- source: items --------------------------------------------------------

async function sendFromItems(
	this: IExecuteFunctions,
	client: MessageCentralClient,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const senderId = await readSenderId(this, client, 0);
	const ref = readTemplateRef(this, 0);
	const batchSize =
		Number(this.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE)) || DEFAULT_BATCH_SIZE;

	// Read and check every row before anything is uploaded.
	const rows: BulkRow[] = [];
	const problems = new Map<number, unknown>();
	for (let i = 0; i < items.length; i++) {
		try {
			if (i > 0) sameTemplate(this, i, ref);
			rows.push({ itemIndex: i, ...readRecipient(this, i), ...readTemplateValues(this, i) });
		} catch (error) {
			problems.set(i, asNodeError(this, error, i));
		}
	}
	const consistent = selectConsistentRows(rows);
	for (const { itemIndex, message } of consistent.rejected) {
		problems.set(
			itemIndex,
			new NodeOperationError(this.getNode(), message, {
				itemIndex,
				description:
					"All rows of one bulk file carry the same number of values, the template's. Fix the variables of this item.",
			}),
		);
	}
	if (problems.size > 0 && !continueOnFail) throw firstProblem(problems, items.length);

	const output: INodeExecutionData[] = new Array(items.length);
	for (const [itemIndex, error] of problems) output[itemIndex] = errorItem(error, itemIndex);

	const header = bulkHeader(consistent.variableCount);
	const batches = toBatches(consistent.rows, batchSize);
	const failures: BatchFailure[] = [];
	for (let batch = 0; batch < batches.length; batch++) {
		const members = batches[batch];
		try {
			const file = await writeXlsx(header, sheetRows(members));
			const fileName = `${ref.templateName}_batch_${batch + 1}_of_${batches.length}.xlsx`;
			const errorContext = {
				variablesGiven: consistent.variableCount,
				ctaVariablesGiven: consistent.ctaCount,
			};
			const upload = { senderId, ...ref, file, fileName, errorContext };
			await uploadBulkFile(client, upload, members[0].itemIndex);
			members.forEach(({ itemIndex, to, countryCode, mobileNumber }, r) => {
				output[itemIndex] = {
					json: { success: true, to, countryCode, mobileNumber, batch, row: r + 1, ...ref },
					pairedItem: { item: itemIndex },
				};
			});
		} catch (error) {
			failures.push({ batch, error, members });
			members.forEach(({ itemIndex, to }, r) => {
				const item = errorItem(error, itemIndex);
				output[itemIndex] = { ...item, json: { ...item.json, to, batch, row: r + 1 } };
			});
		}
	}
	if (failures.length > 0 && !continueOnFail) throw batchError(failures, batches);
	return output;
}

/** One upload sends one template: every item must name the same one. */
function sameTemplate(ctx: IExecuteFunctions, itemIndex: number, first: TemplateRef) {
	const own = readTemplateRef(ctx, itemIndex);
	if (own.templateName === first.templateName && own.language === first.language) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Template Name / Language (item ${itemIndex}): "${own.templateName}" (${own.language}) differs from item 0's "${first.templateName}" (${first.language})`,
		{
			itemIndex,
			description:
				'A bulk broadcast sends one template to every recipient. Split the items by template first, or use Send Template, which takes one template per item.',
		},
	);
}

function firstProblem(problems: Map<number, unknown>, itemCount: number): unknown {
	const indices = [...problems.keys()].sort((a, b) => a - b);
	const error = problems.get(indices[0]) as { description?: string | null };
	const listed = indices.slice(0, 20).join(', ') + (indices.length > 20 ? ', …' : '');
	error.description = `${error.description ? `${error.description} ` : ''}${indices.length} of ${itemCount} item(s) are invalid (items ${listed}). Nothing was uploaded. To send the valid rows and get the invalid ones as error items, turn on "Continue" under Settings → On Error.`;
	return error;
}

interface BatchFailure {
	batch: number;
	error: unknown;
	members: BulkRow[];
}

/** Without continueOnFail the node fails, saying which uploads went through and which did not. */
function batchError(failures: BatchFailure[], batches: BulkRow[][]): unknown {
	const [first] = failures;
	const error = first.error as { message: string; description?: string | null };
	const failed = new Set(failures.map((f) => f.batch));
	const sent = batches.filter((_, b) => !failed.has(b));
	const sentRows = sent.reduce((sum, members) => sum + members.length, 0);
	const span = (members: BulkRow[]) =>
		`items ${members[0].itemIndex}–${members[members.length - 1].itemIndex}`;
	error.message = `Batch ${first.batch + 1} of ${batches.length} (${span(first.members)}) was not sent: ${error.message}`;
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
