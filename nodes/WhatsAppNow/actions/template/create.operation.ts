import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ButtonInput } from '../../helpers/template/buttons';
import type { BinaryFile } from '../../helpers/media';
import { normaliseTemplateName } from '../../helpers/template/templateName';
import {
	isMediaHeaderFormat,
	validateTemplate,
	type CheckedTemplate,
	type TemplateDraft,
} from '../../helpers/template/templateRules';
import { createTemplate } from '../../transport/api';
import { binaryPropertyField, languageField, throughputCollection } from '../common.descriptions';
import { problemsError, readBinaryFile, readSenderId, readText } from '../itemInput';
import { perItem } from '../perItem';
import { buttonsField } from './buttons.description';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'order_update',
		description:
			'Template name, sent as typed. Message Central saves it normalised: lower case, spaces and hyphens become "_", other characters such as "." or "!" are dropped, and "_" goes between letters and digits (Spring Sale2 becomes spring_sale_2). The output\'s "name" is the saved name (plus "requestedName", what you typed, when they differ): use "name" in later steps. Later steps also accept the name as typed here.',
	},
	languageField,
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: [
			{
				name: 'Authentication',
				value: 'AUTHENTICATION',
				description: 'One-time passcodes for sign-in, account verification or recovery',
			},
			{
				name: 'Marketing',
				value: 'MARKETING',
				description: 'Offers, announcements and anything that is not utility or authentication',
			},
			{
				name: 'Utility',
				value: 'UTILITY',
				description:
					'Updates about a transaction or request the customer agreed to, e.g. order, delivery or billing',
			},
		],
		default: 'UTILITY',
		required: true,
		description:
			'Kind of conversation the template starts; Meta may re-categorise it during review',
	},
	{
		displayName: 'Header Format',
		name: 'headerFormat',
		type: 'options',
		options: [
			{
				name: 'Document',
				value: 'DOCUMENT',
				description: 'A PDF from the input item',
			},
			{ name: 'Image', value: 'IMAGE', description: 'A JPEG or PNG image from the input item' },
			{ name: 'Text', value: 'TEXT', description: 'A short line of text' },
			{ name: 'Video', value: 'VIDEO', description: 'An MP4 or 3GP video from the input item' },
		],
		default: 'TEXT',
		required: true,
		description: 'What appears at the top of the message',
	},
	{
		displayName: 'Header',
		name: 'header',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { headerFormat: ['TEXT'] } },
		description: 'Header text, up to 60 characters, without variables',
	},
	{
		...binaryPropertyField,
		displayOptions: { show: { headerFormat: ['IMAGE', 'VIDEO', 'DOCUMENT'] } },
		description:
			"Name of the input item's binary property holding the header file (image: JPEG/PNG up to 5 MB; video: MP4/3GP up to 16 MB; document: PDF only, up to 100 MB). It is uploaded with its file name and MIME type.",
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		required: true,
		placeholder: 'Hello {{1}}, your order {{2}} has shipped.',
		description:
			'Main text, up to 1024 characters. Variables are written {{1}}, {{2}}, … in increasing order, not at the very start or end of the text and not side by side; each needs an example below.',
	},
	{
		displayName: 'Body Examples',
		name: 'bodyExamples',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Example',
		default: {},
		description:
			"One sample value per body variable, in order ({{1}} first), for Meta's review. Each must be a single word: Message Central separates examples with spaces.",
		options: [
			{
				displayName: 'Example',
				name: 'variable',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'John',
						description: 'Sample value for this variable, without spaces',
					},
				],
			},
		],
	},
	{
		displayName: 'Footer',
		name: 'footer',
		type: 'string',
		default: '',
		placeholder: 'Reply STOP to unsubscribe',
		description: 'Optional small text at the bottom, up to 60 characters, without variables',
	},
	buttonsField,
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['create'] } },
	properties,
);

interface PreparedTemplate {
	senderId: string;
	template: CheckedTemplate;
	file?: BinaryFile;
}

export const execute = perItem<PreparedTemplate>({
	async prepare(itemIndex, client) {
		const senderId = await readSenderId(this, client, itemIndex);
		const param = (name: string, label: string) => readText(this, name, label, itemIndex);
		const list = (name: string) => this.getNodeParameter(name, itemIndex, []) as IDataObject[];

		const binaryPropertyName = param('binaryPropertyName', 'Input Binary Field').trim();
		const binaries = this.getInputData()[itemIndex]?.binary ?? {};
		const binary = binaryPropertyName ? binaries[binaryPropertyName] : undefined;
		let file: BinaryFile | undefined;
		let fileInfo: TemplateDraft['file'];
		if (binary && isMediaHeaderFormat(param('headerFormat', 'Header Format'))) {
			file = await readBinaryFile(this, itemIndex, binaryPropertyName);
			fileInfo = { fileName: file.fileName, mimeType: file.mimeType, size: file.buffer.length };
		} else if (binary) {
			fileInfo = { fileName: binary.fileName ?? binaryPropertyName, mimeType: binary.mimeType };
		}

		const { problems, template } = validateTemplate({
			name: param('name', 'Name'),
			language: param('language', 'Language'),
			category: param('category', 'Category'),
			headerFormat: param('headerFormat', 'Header Format'),
			header: param('header', 'Header'),
			body: param('body', 'Body'),
			bodyExamples: list('bodyExamples.variable').map((v) => String(v.value ?? '')),
			footer: param('footer', 'Footer'),
			buttons: list('buttons.button') as ButtonInput[],
			binaryPropertyName,
			file: fileInfo,
			binaryProperties: Object.keys(binaries),
		});
		if (problems.length > 0) throw problemsError(this, problems, itemIndex);
		return { senderId, template, file };
	},

	async run(prepared, itemIndex, client) {
		const { template } = prepared;
		const created = await createTemplate(client, prepared, itemIndex);
		// The saved name comes from the answer; our own normalisation only when it has none.
		const name =
			typeof created.name === 'string' && created.name
				? created.name
				: normaliseTemplateName(template.name);
		return {
			name,
			id: created.id === undefined || created.id === null ? null : String(created.id),
			status: created.status ?? 'PENDING',
			category: created.category ?? template.category,
			language: template.language,
			...(template.name !== name ? { requestedName: template.name } : {}),
		};
	},
});
