import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/properties';
import { router } from './actions/router';

export class WhatsAppNow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Now',
		name: 'whatsAppNow',
		icon: {
			light: 'file:../../icons/whatsAppNow.svg',
			dark: 'file:../../icons/whatsAppNow.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Send WhatsApp template messages, bulk broadcasts and chats, and manage templates, through Message Central's WhatsApp Now API",
		defaults: { name: 'WhatsApp Now' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'messageCentralApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
