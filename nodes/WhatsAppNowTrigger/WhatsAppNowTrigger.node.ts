import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './properties';
import { answerHandshake, receiveNotification } from './webhook/handlers';

export class WhatsAppNowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Now Trigger',
		name: 'whatsAppNowTrigger',
		icon: {
			light: 'file:../../icons/whatsAppNow.svg',
			dark: 'file:../../icons/whatsAppNow.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		// n8n's node panel shows the action node and this trigger as one "WhatsApp Now"
		// entry with the trigger's description, so this text describes the whole app
		// (docs/n8n-mechanics.md#the-node-panel-entry-and-the-canvas-subtitle).
		description:
			'Send WhatsApp templates, bulk broadcasts, chats and one-time passwords through Message Central, manage templates, and start workflows on inbound messages, delivery statuses and errors',
		defaults: { name: 'WhatsApp Now Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'messageCentralApi',
				required: true,
				displayOptions: { show: { authentication: ['token', 'signature'] } },
			},
		],
		webhooks: [
			// Notifications. The node writes every answer itself (200 at once, 400, 401).
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			// The hub.mode=subscribe / hub.verify_token / hub.challenge handshake.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};

	// Message Central registers callback URLs by e-mail only (see the notice), so
	// there is nothing to create or delete remotely and activation never fails.
	// Nothing is stored either, so any main of a multi-main setup may run these.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === 'setup'
			? await answerHandshake(this)
			: await receiveNotification(this);
	}
}
