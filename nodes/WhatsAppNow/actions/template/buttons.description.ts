import type { INodeProperties } from 'n8n-workflow';

/**
 * Template → Create's button list; the rules for it are in
 * helpers/template/buttons.ts, which turns it into the payload Message Central takes.
 */
export const buttonsField: INodeProperties = {
	displayName: 'Buttons',
	name: 'buttons',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Button',
	default: {},
	description:
		'Optional buttons: up to 3 quick replies, or up to 2 call-to-action buttons (at most one URL and one phone number). Quick replies and call-to-action buttons cannot be mixed.',
	options: [
		{
			displayName: 'Button',
			name: 'button',
			values: [
				{
					displayName: 'Phone Number',
					name: 'phoneNumber',
					type: 'string',
					default: '',
					placeholder: '919876543210',
					displayOptions: { show: { type: ['PHONE_NUMBER'] } },
					description: 'Number to call, with country code (e.g. 919876543210)',
				},
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					default: '',
					description: 'Label on the button, up to 25 characters',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Phone Number', value: 'PHONE_NUMBER', description: 'Calls a phone number' },
						{
							name: 'Quick Reply',
							value: 'QUICK_REPLY',
							description: 'Sends the button text back as a reply',
						},
						{ name: 'URL', value: 'URL', description: 'Opens a web page' },
					],
					default: 'QUICK_REPLY',
					description: 'What the button does',
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://www.example.com/order/{{1}}',
					displayOptions: { show: { type: ['URL'] } },
					description:
						'Web address to open. End it with {{1}} to make it dynamic: each send then supplies the end of the address as a CTA variable.',
				},
				{
					displayName: 'URL Example',
					name: 'urlExample',
					type: 'string',
					default: '',
					placeholder: 'https://www.example.com/order/12345',
					displayOptions: { show: { type: ['URL'] } },
					description:
						"For a dynamic URL only: a sample full address for Meta's review, or just the sample value that replaces {{1}}",
				},
			],
		},
	],
};
