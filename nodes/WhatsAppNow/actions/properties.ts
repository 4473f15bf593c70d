import type { INodeProperties } from 'n8n-workflow';

import { senderIdField } from './common.descriptions';
import * as message from './message';
import * as template from './template';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Message', value: 'message' },
			{ name: 'Template', value: 'template' },
		],
		default: 'message',
	},
	...message.description,
	...template.description,
	senderIdField,
];
