import type { INodeProperties } from 'n8n-workflow';

import { BURST_CEILING_MS, MAX_COMBINE_SECONDS } from './webhook/combine';
import { DEFAULT_RESUME_KEYWORDS, DEFAULT_STOP_KEYWORDS } from './webhook/optOut';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Message Central cannot be configured by API. To receive events, e-mail operations@messagecentral.com with the subject "WhatsApp Webhook Configuration with Message Central" and give your Customer ID, brand name, registered e-mail and this node\'s Production URL (shown above) as the callback URL. Activate the workflow before they test it: the URL must answer 200.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Messages', value: 'messages', description: 'Inbound messages from customers' },
			{
				name: 'Statuses',
				value: 'statuses',
				description: 'Sent, delivered, read, failed and deleted statuses of your messages',
			},
			{
				name: 'Errors',
				value: 'errors',
				description: 'Errors reported for the WhatsApp Business account',
			},
		],
		default: ['messages', 'statuses', 'errors'],
		description:
			'Which events start the workflow; a delivery whose events are all filtered out starts none',
	},
	{
		displayName:
			"For a chatbot or an AI Agent, select Messages only: otherwise the sent, delivered and read statuses of each reply start the workflow again. Each message item carries chatInput (the prompt an AI Agent reads by default) and sessionId (the customer's number, the key for Simple Memory).",
		name: 'agentNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		displayOptions: { show: { events: ['statuses'] } },
		options: [
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Delivered', value: 'delivered' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Read', value: 'read' },
			{ name: 'Sent', value: 'sent' },
		],
		default: ['sent', 'delivered', 'read', 'failed', 'deleted'],
		description: 'Which message statuses start the workflow',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'Accept every delivery to the webhook URL' },
			{
				name: 'Token',
				value: 'token',
				description:
					'Require the Webhook Secret in query parameter "token" or header "x-webhook-token"',
			},
			{
				name: 'Signature',
				value: 'signature',
				description:
					'Require an X-Hub-Signature-256 HMAC of the body keyed with the Webhook Secret',
			},
		],
		default: 'none',
		description:
			'How each delivery is checked; a failed check is answered 401 and starts nothing. With a Webhook Secret set, the GET subscription handshake also requires it as hub.verify_token.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Business Numbers',
				name: 'businessNumbers',
				type: 'string',
				default: '',
				placeholder: '+1 555-078-3881, 106540352242922',
				description:
					'Only events for these WhatsApp business numbers start the workflow, for accounts with several numbers. Comma-separated; each may be the display number (compared by digits only, so +1 555-078-3881 matches 15550783881) or the phone-number ID. Other events are answered 200 and start nothing. Empty means all numbers.',
			},
			{
				displayName: 'Combine Messages Within',
				name: 'combineWithin',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_COMBINE_SECONDS },
				default: 0,
				description: `Seconds (0 = off). Messages from one customer to one business number that arrive within this many seconds of the previous one start one run: chatInput holds every text, one per line, messages each message's item, and messageId, timestamp and context come from the last. Each message restarts the wait, up to ${BURST_CEILING_MS / 1000} seconds from the first. Every delivery is still answered 200 at once; statuses and errors are never held. Held in this n8n process's memory: messages waiting when n8n stops or restarts are lost without a trace (Message Central does not send them again), and under queue mode messages that reach different processes start separate runs.`,
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeats',
				type: 'boolean',
				default: true,
				description:
					'Whether a message or status that Message Central delivers again within 10 minutes starts nothing the second time, so that a bot never answers one message twice. Remembered by each n8n process on its own: see the README on queue mode.',
			},
			{
				displayName: 'Include Raw Object',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the untouched message, status or error object as "raw"',
			},
			{
				displayName: 'Resume Keywords',
				name: 'resumeKeywords',
				type: 'string',
				default: DEFAULT_RESUME_KEYWORDS,
				description:
					'A message whose whole text or button title (trimmed, any letter case) is one of these, comma-separated, carries optIn: true. From an expression, a list works too; empty flags nothing.',
			},
			{
				displayName: 'Stop Keywords',
				name: 'stopKeywords',
				type: 'string',
				default: DEFAULT_STOP_KEYWORDS,
				description:
					'A message whose whole text or button title (trimmed, any letter case) is one of these, comma-separated, carries optOut: true. "Stop promotions" is what the opt-out button of Meta\'s marketing templates sends. From an expression, a list works too (objects in it are ignored); empty flags nothing.',
			},
		],
	},
];
