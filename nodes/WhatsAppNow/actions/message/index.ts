import type { INodeProperties } from 'n8n-workflow';

import * as sendChat from './sendChat.operation';

export const operations = { sendChat };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send Chat',
				value: 'sendChat',
				description:
					'Send a free-form text message, optionally with a file, to a customer who wrote within the last 24 hours',
				action: 'Send a chat message',
			},
		],
		default: 'sendChat',
	},
	...sendChat.description,
];
