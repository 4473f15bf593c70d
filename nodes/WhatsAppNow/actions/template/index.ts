import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getStatus from './getStatus.operation';
import * as waitForApproval from './waitForApproval.operation';

export const operations = { create, getStatus, waitForApproval };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Submit a new WhatsApp message template (text or media header, body with {{1}} variables, footer, buttons) for Meta approval; returns the name as saved, which later sends must use',
				action: 'Create a template',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description:
					'Look up a template by name, ID and language: its status (PENDING, APPROVED or REJECTED), components, and how many body and URL variables a send needs',
				action: 'Get the status of a template',
			},
			{
				name: 'Wait for Approval',
				value: 'waitForApproval',
				description:
					'Check a template repeatedly until Meta approves it (returns the template), rejects it (fails with the reason) or the timeout passes',
				action: 'Wait for a template to be approved',
			},
		],
		default: 'create',
	},
	...create.description,
	...getStatus.description,
	...waitForApproval.description,
];
