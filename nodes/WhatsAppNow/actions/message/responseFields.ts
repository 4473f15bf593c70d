// The "what can the person answer" fields of Send and Wait for Response.
import type { INodeProperties } from 'n8n-workflow';

export const responseTypeField: INodeProperties = {
	displayName: 'Response Type',
	name: 'responseType',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Approval',
			value: 'approval',
			description: 'Approve, or Approve and Decline; the output has data.approved',
		},
		{
			name: 'Free Text',
			value: 'freeText',
			description: 'One text box; the output has data.text',
		},
		{
			name: 'Custom Form',
			value: 'customForm',
			description: 'Fields you define; the output has one key per field label under data',
		},
	],
	default: 'approval',
	description:
		'What the person can answer. The message carries a link to a small page (made for phones) where they answer; the workflow continues when they do.',
};

export const approvalOptionsField: INodeProperties = {
	displayName: 'Approval Options',
	name: 'approvalOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { responseType: ['approval'] } },
	options: [
		{
			displayName: 'Type of Approval',
			name: 'approvalType',
			type: 'options',
			options: [
				{ name: 'Approve Only', value: 'single' },
				{ name: 'Approve and Decline', value: 'double' },
			],
			default: 'double',
		},
		{
			displayName: 'Approve Button Label',
			name: 'approveLabel',
			type: 'string',
			default: 'Approve',
		},
		{
			displayName: 'Decline Button Label',
			name: 'declineLabel',
			type: 'string',
			default: 'Decline',
			displayOptions: { show: { approvalType: ['double'] } },
		},
	],
};

export const formFieldsField: INodeProperties = {
	displayName: 'Form Fields',
	name: 'formFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Form Field',
	default: {},
	displayOptions: { show: { responseType: ['customForm'] } },
	description: 'The fields of the page; each label becomes a key under data in the output',
	options: [
		{
			name: 'field',
			displayName: 'Field',
			values: [
				{
					displayName: 'Label',
					name: 'label',
					type: 'string',
					default: '',
					placeholder: 'e.g. Quantity',
					required: true,
				},
				{
					displayName: 'Type',
					name: 'fieldType',
					type: 'options',
					options: [
						{ name: 'Text', value: 'text' },
						{ name: 'Number', value: 'number' },
						{ name: 'Dropdown', value: 'dropdown' },
						{ name: 'Date', value: 'date' },
					],
					default: 'text',
				},
				{
					displayName: 'Choices',
					name: 'choices',
					type: 'string',
					default: '',
					placeholder: 'e.g. Small, Medium, Large',
					description: 'The dropdown choices, separated by commas',
					displayOptions: { show: { fieldType: ['dropdown'] } },
				},
				{
					displayName: 'Required',
					name: 'required',
					type: 'boolean',
					default: false,
					description: 'Whether the page refuses to send the form while this field is empty',
				},
			],
		},
	],
};

export const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	description:
		'Continue without a response after a while: each item then carries timedOut: true. Without this option the workflow waits until someone responds.',
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					options: [
						{ name: 'After Time Interval', value: 'afterTimeInterval' },
						{ name: 'At Specified Time', value: 'atSpecifiedTime' },
					],
					default: 'afterTimeInterval',
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					default: 'hours',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					description: 'Continue without a response at this date and time',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
				},
			],
		},
	],
};
