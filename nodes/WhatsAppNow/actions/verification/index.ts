import type { INodeProperties } from 'n8n-workflow';

import * as checkCode from './checkCode.operation';
import * as sendCode from './sendCode.operation';

export const operations = { checkCode, sendCode };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['verification'] } },
		options: [
			{
				name: 'Check Code',
				value: 'checkCode',
				description:
					'Check the code a person typed against a verification started by Send Code; a wrong or expired code answers verified false with the reason, so the workflow can branch on it',
				action: 'Check a verification code',
			},
			{
				name: 'Send Code',
				value: 'sendCode',
				description:
					'Send a one-time password (OTP) to a phone number over WhatsApp or SMS with Message Central Verify Now; returns the verification ID that Check Code needs',
				action: 'Send a verification code',
			},
		],
		default: 'sendCode',
	},
	...sendCode.description,
	...checkCode.description,
];
