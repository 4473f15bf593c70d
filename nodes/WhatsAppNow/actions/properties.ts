import type { INodeProperties } from 'n8n-workflow';

import { senderIdField } from './common.descriptions';
import * as message from './message';
import * as template from './template';
import * as verification from './verification';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Message', value: 'message' },
			{ name: 'Template', value: 'template' },
			{ name: 'Verification (OTP)', value: 'verification' },
		],
		default: 'message',
	},
	...message.description,
	...template.description,
	...verification.description,
	senderIdField,
];
