import type { INodeProperties } from 'n8n-workflow';

export const senderIdField: INodeProperties = {
	displayName: 'Sender ID',
	name: 'senderId',
	type: 'string',
	default: '',
	placeholder: '919876543210',
	description:
		'Your WhatsApp Business (WABA) number with country code, digits only. Leave empty to use the Default Sender ID of the credential.',
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
		typeOptions: { minValue: 1, maxValue: 50 },
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

export const templateLanguageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'string',
	default: 'en_US',
	required: true,
	placeholder: 'en_US',
	description: 'Language code the template was created with, e.g. en_US, en_GB, hi or pt_BR',
};
