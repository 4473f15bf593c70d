'use strict';
/**
 * WhatsApp for AI agents in a real n8n 2.x (called by e2e.js): the example
 * examples/whatsapp-ai-agent.json, WhatsApp Now Trigger → AI Agent (chat model:
 * scripts/fake-model.js through an `openAiApi` credential; Simple Memory keyed
 * by sessionId) → the action node as the agent's tool (`whatsAppNowTool`),
 * started through its production webhook by the sandbox's inbound callbacks;
 * then the human-approval variant (`whatsAppNowHitlTool`) in a workflow made
 * over REST. Every check compares what the fake model and the sandbox received.
 */
const crypto = require('node:crypto');
const stack = require('./stack');

const CUSTOMER = '919876543250';
const MANAGER = '919876543251';
const AGENT = 'AI Agent';
const finished = (l) => l.every((x) => x.status !== 'running' && x.status !== 'new');

async function agentChecks({ st, must, helpers, publicBase }) {
	const { n8n, sandbox, client, model } = st;
	const { control } = sandbox;
	const savedCallbackUrl = (await control.state()).config.callbackUrl;
	const { id } = stack.EXAMPLES.aiAgent;
	const url = stack.productionUrl(n8n, 'aiAgent');

	const active = await must('AI agent example activates (production webhook)', async () => {
		const wf = await client.getWorkflow(id);
		if (!wf.active) await client.activateWorkflow(id, wf.versionId);
		await stack.waitForWebhook(url);
		await control.configure({ callbackUrl: url });
		return new URL(url).pathname;
	});
	if (!active) return;

	const chatsTo = (to, messages) => messages.filter((m) => m.type === 'CHAT' && m.to === to);
	/** An inbound message as Message Central delivers it; the same id and time make a repeat. */
	const inbound = async (message) => {
		const answer = await control.inbound({
			type: 'text',
			from: CUSTOMER,
			name: 'Asha',
			...message,
		});
		if (answer.callbackStatus !== 200)
			throw new Error(`the trigger answered ${answer.callbackStatus} ${answer.error || ''}`);
		return answer;
	};

	const first = { id: `wamid.AGENT${Date.now()}`, at: Date.now(), text: 'Where is my order 1001?' };
	let executions = [];
	await must(
		'agent: an inbound message reaches the AI Agent as chatInput with sessionId; it calls whatsAppNowTool once; the sandbox sends exactly one reply, to the sender',
		async () => {
			model.reset();
			const messagesBefore = (await control.state()).messages.length;
			await inbound(first);
			executions = await stack.waitForExecutions(client, id, (l) => l.length >= 1 && finished(l));
			if (executions.length !== 1 || executions[0].status !== 'success')
				throw new Error(`executions: ${JSON.stringify(executions)}`);
			const run = await stack.finishedRun(client, st.major, executions[0].id);
			const trigger = stack.runOutput(run, 'WhatsApp Now Trigger') || [];
			if (
				trigger.length !== 1 ||
				trigger[0].chatInput !== first.text ||
				trigger[0].sessionId !== CUSTOMER
			)
				throw new Error(`trigger item ${JSON.stringify(trigger).slice(0, 300)}`);
			const calls = model.requests.filter((r) => r.path.endsWith('/chat/completions'));
			if (calls.length !== 2) throw new Error(`${calls.length} model calls (expected 2)`);
			const prompt = calls[0].body.messages.filter((m) => m.role === 'user').map((m) => m.content);
			if (JSON.stringify(prompt) !== JSON.stringify([first.text]))
				throw new Error(`the model's user messages: ${JSON.stringify(prompt)}`);
			const tool = calls[0].body.tools.map((t) => t.function);
			if (tool.length !== 1 || tool[0].name !== 'Reply_on_WhatsApp')
				throw new Error(`tools offered: ${JSON.stringify(tool).slice(0, 300)}`);
			// The recipient comes from the trigger: the model is offered no phone argument at all.
			const args = Object.keys(tool[0].parameters.properties || {});
			if (JSON.stringify(args) !== JSON.stringify(['message']))
				throw new Error(`tool arguments: ${JSON.stringify(args)}`);
			const sent = (await control.state()).messages.slice(messagesBefore);
			const replies = chatsTo(CUSTOMER, sent);
			if (sent.length !== 1 || replies.length !== 1)
				throw new Error(`messages sent: ${JSON.stringify(sent.map((m) => [m.type, m.to]))}`);
			if (!replies[0].message.includes(`You wrote: "${first.text}"`))
				throw new Error(`reply text: ${replies[0].message}`);
			const output = stack.runOutput(run, AGENT) || [];
			if (!output[0] || !/^Done\. The tool answered/.test(output[0].output))
				throw new Error(`agent output ${JSON.stringify(output).slice(0, 200)}`);
			return `1 execution, 2 model calls (tool call, then text), 1 reply to ${CUSTOMER}`;
		},
	);

	await must(
		"agent: the same message delivered again starts nothing (no execution, no model call, no second reply); the reply's statuses start nothing either",
		async () => {
			const messagesBefore = (await control.state()).messages.length;
			const callsBefore = model.requests.length;
			const callbacksBefore = (await control.state()).callbacks.length;
			await inbound(first);
			// The reply's sent/delivered/read also reach this trigger (Events: Messages only).
			await helpers.waitForCallbacks(sandbox, callbacksBefore + 1);
			await stack.sleep(2500);
			const list = await stack.executionsOf(client, id);
			const sent = (await control.state()).messages.slice(messagesBefore);
			const statuses = (await control.state()).callbacks.filter(
				(c) =>
					c.kind === 'status' &&
					c.payload.entry[0].changes[0].value.statuses[0].recipient_id === CUSTOMER,
			);
			if (list.length !== 1) throw new Error(`${list.length} executions (expected still 1)`);
			if (sent.length || model.requests.length !== callsBefore)
				throw new Error(
					`${sent.length} messages, ${model.requests.length - callsBefore} model calls`,
				);
			if (statuses.length < 1)
				throw new Error('no status callback of the reply reached the trigger');
			return `still 1 execution; ${statuses.length} status callbacks of the reply answered without a run`;
		},
	);

	await must(
		'agent: a second message of the same customer is answered with the conversation so far (Simple Memory keyed by sessionId)',
		async () => {
			model.reset();
			const text = 'And when will it arrive?';
			await inbound({ id: `wamid.AGENT2${Date.now()}`, text });
			const list = await stack.waitForExecutions(client, id, (l) => l.length >= 2 && finished(l));
			if (list.length !== 2 || list.some((x) => x.status !== 'success'))
				throw new Error(`executions: ${JSON.stringify(list)}`);
			const call = model.requests.find((r) => r.path.endsWith('/chat/completions'));
			const users = call.body.messages.filter((m) => m.role === 'user').map((m) => m.content);
			if (JSON.stringify(users) !== JSON.stringify([first.text, text]))
				throw new Error(`the model saw ${JSON.stringify(users)}`);
			return `the model saw ${users.length} customer messages`;
		},
	);

	// ---- the approval tool: the reply goes out only after a manager's Approve
	const hitlWorkflow = approvalWorkflow();
	const hitl = await client.createWorkflow(hitlWorkflow);
	const hitlHook = hitlWorkflow.nodes.find((n) => n.webhookId).webhookId;
	const hitlUrl = `${n8n.baseUrl}/webhook/${hitlHook}/webhook`;
	try {
		await must(
			"agent with whatsAppNowHitlTool, n8n's default approval text: the manager reads the proposed reply (no [object Object]) with the approval link first; the reply is sent only after Approve",
			async () => {
				await client.activateWorkflow(hitl.id, hitl.versionId);
				await stack.waitForWebhook(hitlUrl);
				await control.configure({ callbackUrl: hitlUrl });
				const messagesBefore = (await control.state()).messages.length;
				const text = 'Can I get a refund?';
				await inbound({ id: `wamid.HITL${Date.now()}`, text });
				const waiting = await stack.waitForExecutions(client, hitl.id, (l) =>
					l.some((x) => x.status === 'waiting'),
				);
				const execution = waiting.find((x) => x.status === 'waiting');
				if (!execution) throw new Error(`executions: ${JSON.stringify(waiting)}`);
				const asked = (await control.state()).messages.slice(messagesBefore);
				if (asked.length !== 1 || asked[0].to !== MANAGER || chatsTo(CUSTOMER, asked).length)
					throw new Error(`before Approve: ${JSON.stringify(asked.map((m) => [m.type, m.to]))}`);
				// n8n's default text would read "Input: [object Object]"; the proposed reply must be there.
				const proposed = `message: You wrote: "${text}"`;
				if (
					!asked[0].message.includes('The agent wants to run this tool: ') ||
					!asked[0].message.includes(proposed) ||
					asked[0].message.includes('[object Object]')
				)
					throw new Error(
						`the manager read ${JSON.stringify(asked[0].message.split('\n\n').slice(0, 2))}`,
					);
				const line = asked[0].message.split('\n').find((l) => l.startsWith('Approve: '));
				if (!line) throw new Error(`no Approve link in ${JSON.stringify(asked[0].message)}`);
				const approve = stack.throughProxy(line.slice('Approve: '.length), publicBase, n8n.baseUrl);
				const form = new FormData();
				form.append('choice', 'approve');
				const res = await fetch(approve.url, {
					method: 'POST',
					headers: approve.headers,
					body: form,
				});
				await res.text();
				if (res.status !== 200) throw new Error(`Approve answered ${res.status}`);
				await stack.finishedRun(client, st.major, execution.id);
				const after = (await control.state()).messages.slice(messagesBefore);
				const replies = chatsTo(CUSTOMER, after);
				if (replies.length !== 1 || !replies[0].message.includes(`You wrote: "${text}"`))
					throw new Error(`after Approve: ${JSON.stringify(after.map((m) => [m.type, m.to]))}`);
				return `approval to ${MANAGER}, then 1 reply to ${CUSTOMER}; execution ${execution.id} finished`;
			},
		);
	} finally {
		await client.deactivateWorkflow(hitl.id).catch(() => undefined);
		await client.deactivateWorkflow(id).catch(() => undefined);
		await control.configure({ callbackUrl: savedCallbackUrl });
	}
}

/** The example with the tool behind n8n's human-approval step (a Send and Wait to the manager). */
function approvalWorkflow() {
	const wf = stack.readExample('aiAgent');
	delete wf.id;
	wf.name = `${wf.name} (approval before each reply)`;
	for (const node of wf.nodes) {
		node.id = crypto.randomUUID();
		if (node.webhookId) node.webhookId = crypto.randomUUID();
	}
	wf.nodes.push({
		id: crypto.randomUUID(),
		name: 'Approve on WhatsApp',
		type: 'n8n-nodes-whatsapp-now.whatsAppNowHitlTool',
		typeVersion: 1,
		position: [480, 420],
		parameters: {
			phoneNumber: `+${MANAGER}`,
			// No message: n8n's default approval text ({{ $tool.parameters }} inside text) is what a manager reads.
			approvalOptions: {},
			options: {},
		},
		credentials: { messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name } },
	});
	wf.connections['Reply on WhatsApp'] = {
		ai_tool: [[{ node: 'Approve on WhatsApp', type: 'ai_tool', index: 0 }]],
	};
	wf.connections['Approve on WhatsApp'] = {
		ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]],
	};
	return wf;
}

module.exports = { agentChecks };
