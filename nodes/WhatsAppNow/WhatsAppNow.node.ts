import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { responseWebhook, responseWebhooks } from './actions/message/responseWebhook';
import { properties } from './actions/properties';
import { router } from './actions/router';

/**
 * The canvas subtitle: the operation's display name ("Send Template in Bulk"),
 * not its value, read from the Operation options themselves so that a new
 * operation needs no second list. Operation values are unique across
 * resources, so one lookup by value is enough; an unknown value shows as it is.
 */
const OPERATION_NAMES: Record<string, string> = Object.fromEntries(
	properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => p.options ?? [])
		.map((option) => [String((option as { value: unknown }).value), option.name]),
);

const OPERATION_SUBTITLE = `={{ (${JSON.stringify(OPERATION_NAMES)})[$parameter["operation"]] || $parameter["operation"] }}`;

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
		subtitle: OPERATION_SUBTITLE,
		description:
			"Send WhatsApp template messages, bulk broadcasts and chats, manage templates, and send and check one-time passwords (OTP) over WhatsApp or SMS, through Message Central's WhatsApp Now and Verify Now APIs",
		defaults: { name: 'WhatsApp Now' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'messageCentralApi', required: true }],
		// The response page of Send and Wait for Response.
		webhooks: responseWebhooks,
		waitingNodeTooltip:
			'The execution continues when the person answers on the page the WhatsApp message links to',
		properties,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await responseWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
