import type { INodeProperties } from 'n8n-workflow';

export const senderIdField: INodeProperties = {
	displayName: 'Sender ID',
	name: 'senderId',
	type: 'string',
	default: '',
	placeholder: '919876543210',
	description:
		'Your WhatsApp Business (WABA) number with country code, digits only. Leave empty to use the Default Sender ID of the credential.',
	// Verification codes come from Message Central's own sender, not the business number.
	displayOptions: { hide: { resource: ['verification'] } },
};

export const phoneNumberField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	default: '',
	required: true,
	placeholder: '+919876543210',
	description:
		"Recipient's number: international format (+919876543210 or 00919876543210), digits with country code (919876543210), or a national number completed by Default Country Code",
};

export const defaultCountryCodeField: INodeProperties = {
	displayName: 'Default Country Code',
	name: 'defaultCountryCode',
	type: 'string',
	default: '',
	placeholder: '91',
	description:
		'Calling code used for numbers written without one, e.g. 91 for India or 1 for the USA. Leave empty when every number carries its country code.',
};

/** Opt-outs and other numbers not to message (docs/operations.md#skip-numbers). */
export const skipNumbersField: INodeProperties = {
	displayName: 'Skip Numbers',
	name: 'skipNumbers',
	type: 'string',
	default: '',
	placeholder: "e.g. {{ $('Opt-outs').all().map(item => item.json.phone) }}",
	description:
		'Numbers not to send to, e.g. customers who opted out (typically read from an n8n Data table): a list, or text separated by commas or line breaks, each number in any format. A recipient on it gets no message, costs nothing and comes out with skipped: "on the skip list". Read once per run, as the first item sees it.',
};

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file',
};

/** Per-item operations share these limits; Message Central publishes no rate limit of its own. */
export const throughputOptions: INodeProperties[] = [
	{
		displayName: 'Requests in Flight',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
		default: 5,
		description: 'How many items are sent to Message Central at the same time',
	},
	{
		displayName: 'Max Requests per Second',
		name: 'maxPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Upper bound on requests started per second; 0 means no limit',
	},
];

/** The `options` collection of every per-item operation. */
export const throughputCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: throughputOptions,
};

export const templateNameField: INodeProperties = {
	displayName: 'Template Name',
	name: 'templateName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'order_update',
	description:
		'Name of the template: the "name" output of Template → Create (e.g. order_update), or the name as typed there. The node normalises it the way Message Central saves names (lower case, spaces and hyphens as "_", "_" between letters and digits: Spring Sale2 becomes spring_sale_2). Sends need an APPROVED template.',
};

export const languageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'string',
	default: 'en_US',
	required: true,
	placeholder: 'en_US',
	description:
		'WhatsApp language code of the template text, e.g. en_US, en_GB, hi, es or pt_BR. One name can exist once per language; elsewhere use the language the template was created with.',
};

/**
 * A sortable list of single strings, saved as `{"<entry>": [{"<key>": "…"}]}`
 * (docs/public-contract.md#fixed-collection-shapes).
 */
export function stringList(list: {
	displayName: string;
	name: string;
	description: string;
	button: string;
	entry: { name: string; displayName: string };
	key: { name: string; displayName: string; placeholder?: string };
}): INodeProperties {
	const { displayName, name, description, button, entry, key } = list;
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true, multipleValueButtonText: button },
		placeholder: button,
		default: {},
		description,
		options: [{ ...entry, values: [{ ...key, type: 'string', default: '' }] }],
	};
}

const valueList = (displayName: string, name: string, description: string, button: string) =>
	stringList({
		displayName,
		name,
		description,
		button,
		entry: { name: 'variable', displayName: 'Value' },
		key: { name: 'value', displayName: 'Value' },
	});

export const variablesField = valueList(
	'Variables',
	'variables',
	'Values for the body placeholders {{1}}, {{2}}, … in that order: exactly one per placeholder of the template. Commas are fine. A value whose expression returns an array fills one placeholder per element.',
	'Add Variable',
);

export const ctaVariablesField = valueList(
	'CTA Variables',
	'ctaVariables',
	'Values for the dynamic end of URL buttons (a button URL ending in {{1}}), in button order. At most 2; leave empty when the template has no dynamic URL button.',
	'Add CTA Variable',
);
