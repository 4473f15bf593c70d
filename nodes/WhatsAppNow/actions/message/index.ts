import type { INodeProperties } from 'n8n-workflow';

import * as sendAndWait from './sendAndWait.operation';
import * as sendChat from './sendChat.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendTemplateBulk from './sendTemplateBulk.operation';

export const operations = { sendAndWait, sendChat, sendTemplate, sendTemplateBulk };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send and Wait for Response',
				value: 'sendAndWait',
				description:
					'Send a message with a link to a response page (approve/decline, free text or a form) and pause the workflow until the person answers',
				action: 'Send message and wait for response',
			},
			{
				name: 'Send Chat',
				value: 'sendChat',
				description:
					'Send a free-form text message, optionally with a file, to a customer who wrote within the last 24 hours',
				action: 'Send a chat message',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				description:
					'Send an approved template message to one phone number per item; the only kind of message that may open a conversation',
				action: 'Send a template message',
			},
			{
				name: 'Send Template in Bulk',
				value: 'sendTemplateBulk',
				description:
					'Broadcast one approved template to many recipients at once: all input items, or an XLSX contact list, uploaded as bulk files',
				action: 'Send a template message in bulk',
			},
		],
		default: 'sendTemplate',
	},
	...sendTemplate.description,
	...sendTemplateBulk.description,
	...sendChat.description,
	...sendAndWait.description,
];
