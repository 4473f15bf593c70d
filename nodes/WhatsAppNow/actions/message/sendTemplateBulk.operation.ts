import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { selectConsistentRows } from '../../helpers/fields/bulkRows';
import type { MessageCentralClient } from '../../transport/client';
import {
	binaryPropertyField,
	ctaVariablesField,
	defaultCountryCodeField,
	languageField,
	phoneNumberField,
	skipNumbersField,
	stringList,
	templateNameField,
	variablesField,
} from '../common.descriptions';
import { readSenderId, readSkipList } from '../itemInput';
import { uploadBatches } from './bulkBatches';
import { uploadFiles } from './bulkFileUpload';
import { batchError, fileItems, firstProblem, recipientItems } from './bulkOutput';
import { readExpressionRows, readFieldRows } from './bulkRecipients';
import { readTemplateRef } from './templateInput';

export const DEFAULT_BATCH_SIZE = 5000;

const fromItems = { show: { source: ['items'] } };
const byExpressions = { show: { source: ['items'], mapping: ['expressions'] } };
const byFields = { show: { source: ['items'], mapping: ['fields'] } };

/** `{"field": [{"name": "first_name"}]}`, shown with Mapping "Fields". */
const fieldList = (displayName: string, name: string, description: string, button: string) => ({
	...stringList({
		displayName,
		name,
		description,
		button,
		entry: { name: 'field', displayName: 'Field' },
		key: {
			name: 'name',
			displayName: 'Field Name',
			placeholder: 'e.g. first_name or customer.name',
		},
	}),
	displayOptions: byFields,
});

/** What the contact-list file does to values (docs/operations.md#what-counts-as-text). */
const IN_THE_FILE =
	'A value that shows nothing (spaces, zero-width or control characters alone) is refused. Control characters inside a value (U+0000–U+001F other than tab and line breaks, which are refused anyway) and U+FFFE/U+FFFF are removed: the uploaded XLSX file cannot carry them.';

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
	{
		displayName: 'Mapping',
		name: 'mapping',
		type: 'options',
		noDataExpression: true,
		displayOptions: fromItems,
		options: [
			{
				name: 'Expressions',
				value: 'expressions',
				description:
					'Phone Number and the variables are expressions, evaluated for each item. Any expression works; on tens of thousands of items, expressions other than a plain field reference take a while.',
			},
			{
				name: 'Fields',
				value: 'fields',
				description:
					'Name the input fields that hold the phone number, its country code and the variables; they are read directly from each item, no expression per item. The fastest way for large lists.',
			},
			{
				name: 'Automatically',
				value: 'auto',
				description:
					"For items that already carry the contact-list columns (Country, Mobile, var1..varN, ctaVar1, ctaVar2) or a phone field (phone, phoneNumber, mobile) with var1..varN: the first item's field names are used for all, read like Fields",
			},
		],
		default: 'expressions',
		description: 'How each item becomes a recipient row',
	},
	{ ...phoneNumberField, displayOptions: byExpressions },
	{
		displayName: 'Phone Field',
		name: 'phoneField',
		type: 'string',
		default: 'phone',
		required: true,
		placeholder: 'e.g. phone or customer.phone',
		displayOptions: byFields,
		description:
			"Name of the input field holding the recipient's number (any form Phone Number accepts). Dot notation reaches nested fields (customer.phone); a field whose name itself contains a dot is found too.",
	},
	{
		displayName: 'Country Code Field',
		name: 'countryCodeField',
		type: 'string',
		default: '',
		placeholder: 'e.g. country_code',
		displayOptions: byFields,
		description:
			'Name of the input field holding the calling code (91) for numbers written without one. Leave empty to use Default Country Code for every item; an item whose field is empty uses it too.',
	},
	{ ...defaultCountryCodeField, displayOptions: fromItems },
	{
		...variablesField,
		description: `${variablesField.description} ${IN_THE_FILE}`,
		displayOptions: byExpressions,
	},
	{ ...ctaVariablesField, displayOptions: byExpressions },
	fieldList(
		'Variable Fields',
		'variableFields',
		`The input fields holding the template's body variables, in placeholder order: the first fills {{1}}, the second {{2}}, and so on. ${IN_THE_FILE}`,
		'Add Variable Field',
	),
	fieldList(
		'CTA Variable Fields',
		'ctaVariableFields',
		'The input fields holding the values of dynamic URL buttons (at most 2), in button order',
		'Add CTA Variable Field',
	),
	{
		...skipNumbersField,
		description: `${skipNumbersField.description} With Source "XLSX File" the file goes as it is: filter its rows before this node.`,
		displayOptions: fromItems,
	},
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
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'One Item per Recipient',
						value: 'recipients',
						description:
							'Each input item gives one output item: its number, the file (batch) and the row it went in, or its error',
					},
					{
						name: 'One Item per File',
						value: 'files',
						description:
							'Each uploaded file gives one output item: batch, rows, sent, refused, and the refused rows with their item and reason. Lighter for very large lists.',
					},
				],
				default: 'recipients',
				description: 'What the node outputs',
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
	const outputMode = this.getNodeParameter('options.output', 0, 'recipients') as string;
	const mapping = this.getNodeParameter('mapping', 0, 'expressions') as string;

	// Read and check every row before anything is uploaded.
	const { rows, problems } =
		mapping === 'expressions'
			? readExpressionRows(this, ref)
			: readFieldRows(this, ref, mapping === 'auto');
	// Opted-out recipients leave the list before anything is written: no row, no charge.
	const skipList = readSkipList(this);
	const skipped = skipList.size ? rows.filter((row) => skipList.has(row.to)) : [];
	const consistent = selectConsistentRows(
		skipped.length ? rows.filter((row) => !skipList.has(row.to)) : rows,
	);
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

	const batches = await uploadBatches(client, {
		senderId,
		ref,
		rows: consistent.rows,
		variableCount: consistent.variableCount,
		ctaCount: consistent.ctaCount,
		batchSize,
	});
	const failures = batches.filter((b) => b.failed);
	if (failures.length > 0 && !continueOnFail) {
		throw batchError(failures, batches, consistent.rows);
	}
	const settled = { problems, skipped, itemCount: items.length };
	return outputMode === 'files'
		? fileItems(batches, consistent.rows, settled, ref)
		: recipientItems(batches, consistent.rows, settled, ref);
}
