'use strict';
/**
 * Combine Messages Within in a real n8n (called by e2e.js on 2.x and 1.x):
 * copies of the examples with the trigger option set, started through their
 * production webhooks by the sandbox's inbound callbacks. Three messages of one
 * customer within the window start one run whose chatInput holds all three
 * texts, and exactly one reply goes out; with the option off, three runs. On
 * 2.x the AI agent example too: the fake model (scripts/fake-model.js) gets
 * the three texts as one prompt. Every delivery must be answered 200 before
 * its burst's run starts (the node answers, then its webhook call waits).
 */
const crypto = require('node:crypto');
const stack = require('./stack');

const WINDOW_SECONDS = 5;
const TEXTS = ['Hi', 'I ordered on Monday', 'Where is it?'];
const finished = (l) => l.every((x) => x.status !== 'running' && x.status !== 'new');

/** An example with fresh ids (it is imported next to the original) and trigger options added. */
function copyOf(role, label, options) {
	const wf = stack.readExample(role);
	delete wf.id;
	wf.name = `${wf.name} (${label})`;
	for (const node of wf.nodes) {
		node.id = crypto.randomUUID();
		if (node.webhookId) node.webhookId = crypto.randomUUID();
	}
	const trigger = wf.nodes.find((n) => n.type.endsWith('.whatsAppNowTrigger'));
	trigger.parameters.options = { ...trigger.parameters.options, ...options };
	return { wf, webhookId: trigger.webhookId };
}

async function conversationChecks({ st, must }) {
	const { n8n, sandbox, client, model } = st;
	const { control } = sandbox;
	const savedCallbackUrl = (await control.state()).config.callbackUrl;
	const created = [];
	let customer = 919876543270;

	/** Imports and activates a copy; answers its id and production URL. */
	const activate = async (role, label, options) => {
		const { wf, webhookId } = copyOf(role, label, options);
		const made = await client.createWorkflow(wf);
		created.push(made.id);
		await client.activateWorkflow(made.id, made.versionId);
		const url = await stack.waitForWebhook(`${n8n.baseUrl}/webhook/${webhookId}/webhook`);
		await control.configure({ callbackUrl: url });
		return made.id;
	};

	/** The three messages one after another; how long each took to be answered (ms). */
	const sendBurst = async (from) => {
		const answered = [];
		for (const [index, text] of TEXTS.entries()) {
			const t0 = Date.now();
			const answer = await control.inbound({
				type: 'text',
				from,
				name: 'Asha',
				text,
				id: `wamid.BURST${Date.now()}${index}`,
			});
			if (answer.callbackStatus !== 200)
				throw new Error(`the trigger answered ${answer.callbackStatus} ${answer.error || ''}`);
			answered.push(Date.now() - t0);
		}
		return answered;
	};

	/** Runs of a workflow once they have ended and the window has passed with no more starting. */
	const settledRuns = async (id, count) => {
		await stack.waitForExecutions(client, id, (l) => l.length >= count && finished(l));
		await stack.sleep(WINDOW_SECONDS * 1000 + 2000);
		return await stack.waitForExecutions(client, id, (l) => finished(l));
	};

	const chatsTo = async (to, before) =>
		(await control.state()).messages.slice(before).filter((m) => m.type === 'CHAT' && m.to === to);

	/** One run for the burst: its trigger item, the replies, and the answers' timing. */
	const combinedRun = async (role, label) => {
		const id = await activate(role, label, { combineWithin: WINDOW_SECONDS });
		const from = String(customer++);
		const before = (await control.state()).messages.length;
		const answered = await sendBurst(from);
		// The answer never waits for the run: otherwise the first would take the whole window.
		if (answered[0] >= WINDOW_SECONDS * 1000)
			throw new Error(`the first delivery was answered after ${answered[0]} ms`);
		const runs = await settledRuns(id, 1);
		if (runs.length !== 1 || runs[0].status !== 'success')
			throw new Error(`executions: ${JSON.stringify(runs)}`);
		const run = await stack.finishedRun(client, st.major, runs[0].id);
		const items = stack.runOutput(run, 'WhatsApp Now Trigger') || [];
		if (
			items.length !== 1 ||
			items[0].chatInput !== TEXTS.join('\n') ||
			items[0].messages?.length !== 3 ||
			items[0].sessionId !== from
		)
			throw new Error(`trigger items ${JSON.stringify(items).slice(0, 400)}`);
		const replies = await chatsTo(from, before);
		if (replies.length !== 1) throw new Error(`${replies.length} replies (expected 1)`);
		return { answered, replies };
	};

	/** The option off: one run and one reply per message. */
	const separateRuns = async (role) => {
		const id = await activate(role, 'combine off', {});
		const from = String(customer++);
		const before = (await control.state()).messages.length;
		await sendBurst(from);
		const runs = await settledRuns(id, 3);
		if (runs.length !== 3 || runs.some((x) => x.status !== 'success'))
			throw new Error(`executions: ${JSON.stringify(runs)}`);
		const replies = await chatsTo(from, before);
		if (replies.length !== 3) throw new Error(`${replies.length} replies (expected 3)`);
		return '3 runs, 3 replies';
	};

	try {
		await must(
			`combine: with Combine Messages Within ${WINDOW_SECONDS} s, three messages of one customer start one run (chatInput holds the three texts) and one reply; each delivery answered 200 at once`,
			async () => {
				const { answered } = await combinedRun('triggerReply', 'combine messages');
				return `1 run, 1 reply; deliveries answered in ${answered.join(', ')} ms`;
			},
		);

		await must(
			'combine: with the option off, the same three messages start three runs and three replies',
			async () => await separateRuns('triggerReply'),
		);

		// The AI agent example uses n8n 2.x's AI Agent 3.1.
		if (st.major === 2) {
			await must(
				'combine, AI agent: three messages within the window reach the agent as one prompt holding all three texts; exactly one reply is sent',
				async () => {
					model.reset();
					const { replies } = await combinedRun('aiAgent', 'combine messages');
					const calls = model.requests.filter((r) => r.path.endsWith('/chat/completions'));
					const prompts = calls[0]?.body.messages
						.filter((m) => m.role === 'user')
						.map((m) => m.content);
					if (JSON.stringify(prompts) !== JSON.stringify([TEXTS.join('\n')]))
						throw new Error(`the model's user messages: ${JSON.stringify(prompts)}`);
					if (!replies[0].message.includes(TEXTS[2]))
						throw new Error(`reply text: ${replies[0].message}`);
					return `${calls.length} model calls, 1 prompt of 3 lines, 1 reply`;
				},
			);

			await must(
				'combine off, AI agent: three messages start three agent runs, three replies',
				async () => {
					model.reset();
					return await separateRuns('aiAgent');
				},
			);
		}
	} finally {
		for (const id of created) await client.deactivateWorkflow(id).catch(() => undefined);
		await control.configure({ callbackUrl: savedCallbackUrl });
	}
}

module.exports = { conversationChecks };
