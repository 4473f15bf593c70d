'use strict';
/**
 * The workflows the queue-mode checks and the scale-out benchmark start through
 * production webhooks: Webhook (POST, answers at once) → Code "Recipients"
 * (`{ run, count }` from the body) → WhatsApp Now.
 */
const crypto = require('node:crypto');
const stack = require('./stack');

const WAN = 'n8n-nodes-whatsapp-now.whatsAppNow';

/**
 * Recipient i of run r has the Indian mobile number 9<r:3 digits><i:6 digits>,
 * so no two runs share a number. Also the Code node's own definition (its text
 * is put in the node).
 */
function mobileOf(run, i) {
	return '9' + String(run).padStart(3, '0') + String(i).padStart(6, '0');
}

/** Messages the sandbox accepted for run r, counted per recipient (WhatsApp id 91<mobile>). */
function perRecipient(messages, run) {
	const prefix = `91${mobileOf(run, 0).slice(0, 4)}`;
	const counts = new Map();
	for (const m of messages)
		if (m.to.startsWith(prefix)) counts.set(m.to, (counts.get(m.to) || 0) + 1);
	return counts;
}

/** What is wrong with "each of the `count` recipients of each run got exactly one message". */
function deliveryProblems(messages, runs) {
	return runs.flatMap(({ run, count }) => {
		const counts = perRecipient(messages, run);
		const twice = [...counts.values()].filter((c) => c > 1).length;
		const problems = [];
		if (counts.size !== count)
			problems.push(`run ${run}: ${counts.size} of ${count} recipients reached`);
		if (twice) problems.push(`run ${run}: ${twice} recipients got duplicates`);
		return problems;
	});
}
const CREDENTIALS = { messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name } };

/** Webhook (POST <path>, answers at once) → Code (recipients from the body) → WhatsApp Now. */
function webhookWorkflow(name, hookPath, parameters) {
	const node = stack.workflowNode;
	const nodes = [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			2,
			0,
			{ httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
			{ webhookId: crypto.randomUUID() },
		),
		node('Recipients', 'n8n-nodes-base.code', 2, 220, {
			jsCode: `${mobileOf.toString()}
const { run, count } = $input.first().json.body;
return Array.from({ length: count }, (_, i) => ({
  json: { phone: '+91' + mobileOf(run, i), name: 'Customer ' + i, code: 'R' + run + '-' + i },
}));`,
		}),
		node('WhatsApp Now', WAN, 1, 440, parameters, { credentials: CREDENTIALS }),
	];
	const connections = {
		Webhook: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
		Recipients: { main: [[{ node: 'WhatsApp Now', type: 'main', index: 0 }]] },
	};
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

const campaignWorkflow = (hookPath) =>
	webhookWorkflow(`bulk campaign (${hookPath})`, hookPath, {
		resource: 'message',
		operation: 'sendTemplateBulk',
		templateName: stack.SEED_TEMPLATE.name,
		language: stack.SEED_TEMPLATE.language,
		mapping: 'fields',
		phoneField: 'phone',
		variableFields: { field: [{ name: 'name' }, { name: 'code' }] },
		options: {},
	});

const chatWorkflow = () =>
	webhookWorkflow('queue: chats', 'queue-chats', {
		resource: 'message',
		operation: 'sendChat',
		phoneNumber: '={{ $json.phone }}',
		message: '=Hello {{ $json.name }}, your code is {{ $json.code }}',
		options: { concurrency: 4 },
	});

/** A status delivery in Meta's shape, its own message id (the trigger examples select statuses). */
function statusDelivery(messageId) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
							statuses: [
								{
									id: messageId,
									status: 'delivered',
									timestamp: String(Math.floor(Date.now() / 1000)),
									recipient_id: '919876543210',
								},
							],
						},
					},
				],
			},
		],
	};
}
module.exports = {
	statusDelivery,
	webhookWorkflow,
	campaignWorkflow,
	chatWorkflow,
	mobileOf,
	perRecipient,
	deliveryProblems,
};
