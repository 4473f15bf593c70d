import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './properties';
import { answerHandshake, behaviourOf, receiveNotification } from './webhook/handlers';

export class WhatsAppNowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Now Trigger',
		name: 'whatsAppNowTrigger',
		icon: {
			light: 'file:../../icons/whatsAppNow.svg',
			dark: 'file:../../icons/whatsAppNow.dark.svg',
		},
		group: ['trigger'],
		// 1.1 (the default for new nodes) costs n8n far less per delivery: n8n 2.x
		// evaluates an expression in an isolate for every request to a node of
		// typeVersion 1 (webhook-helpers parseRequestBody), and 1.1 keeps the
		// Webhook Secret for a minute instead of reading the credential on every
		// delivery. Saved nodes on version 1 behave as before
		// (docs/n8n-mechanics.md#webhook-cost-per-delivery).
		version: [1, 1.1],
		defaultVersion: 1.1,
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
			// Notifications. Version 1 writes every answer itself (200 at once, 400,
			// 401). Version 1.1 writes the 400, 401 and the 200 of a delivery that
			// starts nothing; the 200 of one that starts a run is n8n's, with the
			// node's webhookResponse as its body (responseData '' selects it).
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
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
		const behaviour = behaviourOf(this.getNode().typeVersion);
		return this.getWebhookName() === 'setup'
			? await answerHandshake(this, behaviour)
			: await receiveNotification(this, behaviour);
	}
}
