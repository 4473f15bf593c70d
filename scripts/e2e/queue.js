'use strict';
/**
 * The package under n8n's queue mode (queue-stack.js: PostgreSQL, Redis, main,
 * two workers with concurrency 1, two webhook processors behind
 * webhook-router.js, which pins the trigger examples' paths to the first and
 * spreads the rest), everything started through production webhook URLs:
 *
 *   - four bulk campaigns at once: both workers run them, every recipient
 *     reaches the sandbox once, at most one token request per execution;
 *   - chats while the sandbox answers 429 and 503 and expires the token: every
 *     message sent once;
 *   - two chat runs on the two workers, the token expired under both: each
 *     worker renews on its own, both runs finish, every message once;
 *   - signed trigger deliveries: one execution each, on a worker; a forged one 401;
 *   - the trigger pinned to one processor: a delivery repeated through the
 *     router starts one run, sent straight to each processor two;
 *   - Send and Wait: the link (on the webhook processor) resumes the execution
 *     on a worker.
 *
 *   node scripts/e2e/queue.js [--only <text>] [--keep]
 *
 * runs just this stage (after npm run build, the sandbox compile,
 * prepare-n8n.sh 2 and prepare-services.sh).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const stack = require('./stack');
const { startQueueStack, seedSandbox } = require('./queue-stack');
const { startWebhookRouter } = require('./webhook-router');
const {
	campaignWorkflow,
	chatWorkflow,
	perRecipient,
	deliveryProblems,
	statusDelivery,
} = require('./queue-workflows');

const SEND = '/verification/v3/send';

const CAMPAIGNS = 4;
const CAMPAIGN_SIZE = 1500;

async function queueChecks({ st, must: mustAll, only }) {
	// --only <text>: just the checks whose names contain it (and what they need).
	const must = (name, fn) =>
		!only || /activate on the main/.test(name) || name.includes(only) ? mustAll(name, fn) : true;
	const { client, sandbox, webhook, main, router } = st;
	// Through the router: spread over both webhook processors, the trigger pinned to the first.
	const post = (hookPath, body) =>
		fetch(`${router.url}/webhook/${hookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		}).then(async (r) => ({ status: r.status, text: await r.text() }));
	const activate = async (wf) => {
		const made = await client.createWorkflow(wf);
		await client.activateWorkflow(made.id, made.versionId);
		const hookPath = wf.nodes[0].parameters.path;
		await stack.waitForWebhook(
			`${webhook.baseUrl}/webhook/${hookPath}`,
			(s, t) => s !== 404 || /POST/.test(t),
		);
		return { id: made.id, path: hookPath };
	};
	/** Ids of the workflow's executions so far. */
	const idsOf = async (workflowId) =>
		new Set((await stack.executionsOf(client, workflowId)).map((x) => x.id));
	/**
	 * Starts runs through the webhook processor and waits until all have
	 * finished; answers the executions, each with its runData.
	 */
	const runAll = async (wf, bodies, { whileRunning, timeoutMs = 120000 } = {}) => {
		const before = await idsOf(wf.id);
		const answers = await Promise.all(bodies.map((b) => post(wf.path, b)));
		const refused = answers.filter((a) => a.status !== 200);
		if (refused.length)
			throw new Error(`webhook answered ${refused[0].status}: ${refused[0].text.slice(0, 200)}`);
		if (whileRunning) await whileRunning();
		const list = await stack.waitForNewExecutions(client, wf.id, before, bodies.length, timeoutMs);
		if (list.length !== bodies.length)
			throw new Error(`${list.length} executions for ${bodies.length} calls`);
		// Throws with n8n's error message for a run that did not succeed.
		for (const x of list) x.runData = await stack.finishedRun(client, 2, x.id);
		return list;
	};
	const state = () => sandbox.control.state();
	// Each heavy check starts from an empty sandbox, so polling its state stays cheap.
	const fresh = () => seedSandbox(st, { reset: true });
	const workersOf = (list) => list.map((x) => st.workerOf(x.id));

	let campaign;
	let chats;
	if (
		!(await must('two bulk workflows (campaign, chats) activate on the main process', async () => {
			campaign = await activate(campaignWorkflow('queue-campaign'));
			chats = await activate(chatWorkflow());
			return `production webhooks /webhook/${campaign.path}, /webhook/${chats.path} on the webhook processor`;
		}))
	)
		return;

	await must(
		'production webhooks are not served by the main process (N8N_DISABLE_PRODUCTION_MAIN_PROCESS)',
		async () => {
			const r = await fetch(`${main.baseUrl}/webhook/${campaign.path}`, { method: 'POST' });
			if (r.status !== 404) throw new Error(`main answered ${r.status}`);
			return 'main: 404, webhook processor: registered';
		},
	);

	await must(
		`${CAMPAIGNS} bulk campaigns of ${CAMPAIGN_SIZE} started at once run on both workers; every recipient once; at most one token request per execution`,
		async () => {
			const s0 = await state();
			const runs = Array.from({ length: CAMPAIGNS }, (_, i) => ({
				run: 100 + i,
				count: CAMPAIGN_SIZE,
			}));
			const list = await runAll(campaign, runs);
			const s1 = await state();
			const messages = s1.messages.slice(s0.messages.length);
			const problems = deliveryProblems(messages, runs);
			const workers = workersOf(list);
			if (workers.some((w) => w.length !== 1))
				problems.push(`ran on workers ${JSON.stringify(workers)}`);
			if (new Set(workers.flat()).size !== st.workers.length)
				problems.push(`only worker(s) ${[...new Set(workers.flat())]} ran campaigns`);
			const tokens = s1.tokenRequests - s0.tokenRequests;
			if (tokens > list.length)
				problems.push(`${tokens} token requests for ${list.length} executions`);
			for (const x of list) {
				const out = stack.runOutput(x.runData, 'WhatsApp Now');
				if (out.length !== CAMPAIGN_SIZE)
					problems.push(`execution ${x.id}: ${out.length} output items`);
			}
			if (problems.length) throw new Error(problems.join('; '));
			return `${messages.length} messages; workers ${workers.flat().join(',')}; ${tokens} token requests`;
		},
	);

	await must(
		'chats while the sandbox answers 429 and 503 and expires the token: every message sent once',
		async () => {
			const count = 60;
			await fresh();
			const s0 = await state();
			await sandbox.control.configure({ latencyMs: 20 });
			await sandbox.control.addFault({ status: 429, count: 3, path: SEND, retryAfter: 0 });
			await sandbox.control.addFault({ status: 503, count: 3, path: SEND });
			const list = await runAll(chats, [{ run: 200, count }], {
				// The token dies mid-run, after the faults have been answered.
				whileRunning: async () => {
					const deadline = Date.now() + 30000;
					while ((await state()).messages.length - s0.messages.length < 20 && Date.now() < deadline)
						await stack.sleep(50);
					await sandbox.control.expireTokens();
				},
			});
			const s1 = await state();
			await sandbox.control.configure({ latencyMs: 0 });
			const problems = deliveryProblems(s1.messages.slice(s0.messages.length), [
				{ run: 200, count },
			]);
			if (s1.faults.length) problems.push(`faults left unanswered: ${JSON.stringify(s1.faults)}`);
			const renewals = s1.tokenRequests - s0.tokenRequests;
			if (renewals < 1) problems.push('the expired token was not renewed');
			const out = stack.runOutput(list[0].runData, 'WhatsApp Now');
			if (out.length !== count || out.some((o) => !o.messageId))
				problems.push(`${out.length} output items, some without messageId`);
			if (problems.length) throw new Error(problems.join('; '));
			return `${count} chats once each on worker ${st.workerOf(list[0].id)}; 3 × 429, 3 × 503, ${renewals} token renewal(s)`;
		},
	);

	await must(
		'the token expires under runs on both workers: each worker renews on its own, neither run breaks, every message once',
		async () => {
			const count = 200;
			await fresh();
			const s0 = await state();
			let tokensAtExpiry = 0;
			await sandbox.control.configure({ latencyMs: 50 });
			const runs = [
				{ run: 300, count },
				{ run: 301, count },
			];
			const list = await runAll(chats, runs, {
				whileRunning: async () => {
					// Both runs have sent some messages (each on its own worker) before the token dies.
					const deadline = Date.now() + 30000;
					for (;;) {
						const fresh = (await state()).messages.slice(s0.messages.length);
						if (runs.every((r) => perRecipient(fresh, r.run).size >= 10) || Date.now() > deadline)
							break;
						await stack.sleep(100);
					}
					// Read first: no token is asked for while the token is valid.
					tokensAtExpiry = (await state()).tokenRequests;
					await sandbox.control.expireTokens();
				},
			});
			const s1 = await state();
			await sandbox.control.configure({ latencyMs: 0 });
			const messages = s1.messages.slice(s0.messages.length);
			const problems = deliveryProblems(messages, runs);
			const workers = workersOf(list).flat();
			if (new Set(workers).size !== 2) problems.push(`ran on workers ${workers}`);
			const renewals = s1.tokenRequests - tokensAtExpiry;
			if (renewals < 1 || renewals > list.length)
				problems.push(`${renewals} token requests for ${list.length} executions`);
			if (problems.length) throw new Error(problems.join('; '));
			return `2 × ${count} chats once each on workers ${workers.join(' and ')}; ${renewals} token request(s) after the expiry`;
		},
	);

	await must('the router spreads the other webhooks over both webhook processors', async () => {
		if (router.served.slice(0, 2).some((n) => n === 0))
			throw new Error(`requests per processor: ${router.served.join(', ')}`);
		return `requests per processor so far: ${router.served.join(', ')}`;
	});

	// ---- trigger: signed deliveries through the router, pinned to the first webhook processor
	const routed = { baseUrl: router.url };
	await sandbox.control.configure({
		callbackUrl: stack.productionUrl(routed, 'triggerReply'),
		callbackSecret: st.webhookSecret,
	});
	await must(
		'trigger: three signed inbound messages enter through the webhook processor, one execution each on a worker',
		async () => {
			const id = stack.EXAMPLES.triggerReply.id;
			const before = await idsOf(id);
			for (let i = 0; i < 3; i++) {
				const answer = await sandbox.control.inbound({
					type: 'text',
					from: `91987654${3300 + i}`,
					name: `Guest ${i}`,
					text: `Question ${i}`,
				});
				if (answer.callbackStatus !== 200)
					throw new Error(`callback ${i} answered ${answer.callbackStatus} ${answer.error || ''}`);
			}
			const list = await stack.waitForNewExecutions(client, id, before, 3);
			// The replies' own statuses reach the same URL and start nothing (messages only).
			await stack.sleep(1500);
			const after = (await stack.executionsOf(client, id)).filter((x) => !before.has(x.id));
			const workers = workersOf(after);
			if (after.length !== 3 || list.some((x) => x.status !== 'success' || x.mode !== 'webhook'))
				throw new Error(`executions: ${JSON.stringify(after)}`);
			if (workers.some((w) => w.length !== 1))
				throw new Error(`ran on workers ${JSON.stringify(workers)}`);
			return `3 executions on workers ${workers.flat().join(',')}`;
		},
	);

	await must(
		'trigger: a forged signature at the webhook processor is answered 401 and starts nothing',
		async () => {
			const id = stack.EXAMPLES.triggerStatus.id;
			const before = (await stack.executionsOf(client, id)).length;
			const body = Buffer.from(JSON.stringify((await state()).callbacks.at(-1).payload));
			const sig = crypto
				.createHmac('sha256', `${st.webhookSecret}-forged`)
				.update(body)
				.digest('hex');
			const r = await fetch(stack.productionUrl(webhook, 'triggerStatus'), {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${sig}` },
				body,
			});
			await stack.sleep(1000);
			const after = (await stack.executionsOf(client, id)).length;
			if (r.status !== 401 || after !== before)
				throw new Error(`${r.status}, ${after - before} new executions`);
			return '401, no execution';
		},
	);

	await must(
		'trigger pinned to one webhook processor: a delivery repeated 4 times through the router starts one run; sent straight to both processors, two',
		async () => {
			const id = stack.EXAMPLES.triggerStatus.id;
			const signed = (messageId) => {
				const body = Buffer.from(JSON.stringify(statusDelivery(messageId)));
				const sig = crypto.createHmac('sha256', st.webhookSecret).update(body).digest('hex');
				return {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${sig}` },
					body,
				};
			};
			const runsAfter = async (before, wait) => {
				await stack.sleep(wait);
				return (await stack.executionsOf(client, id)).filter((x) => !before.has(x.id)).length;
			};
			const pinned = `wamid.queue.pinned.${Date.now()}`;
			let before = await idsOf(id);
			const served0 = router.served[0];
			for (let i = 0; i < 4; i++) {
				const r = await fetch(stack.productionUrl(routed, 'triggerStatus'), signed(pinned));
				if (r.status !== 200) throw new Error(`routed delivery ${i}: ${r.status}`);
			}
			await stack.waitForNewExecutions(client, id, before, 1);
			const routedRuns = await runsAfter(before, 2500);
			if (router.served[0] - served0 !== 4)
				throw new Error(`the router sent ${router.served[0] - served0} of 4 to processor 1`);
			const spread = `wamid.queue.spread.${Date.now()}`;
			before = await idsOf(id);
			for (const processor of st.webhookProcessors) {
				const r = await fetch(stack.productionUrl(processor, 'triggerStatus'), signed(spread));
				if (r.status !== 200) throw new Error(`direct delivery: ${r.status}`);
			}
			await stack.waitForNewExecutions(client, id, before, 2);
			const spreadRuns = await runsAfter(before, 1500);
			if (routedRuns !== 1 || spreadRuns !== 2)
				throw new Error(`pinned: ${routedRuns} run(s), spread: ${spreadRuns} run(s)`);
			return 'pinned: 4 deliveries, 1 run; one delivery to each processor: 2 runs (each processor remembers only its own)';
		},
	);

	// ---- Send and Wait: resumes on a worker
	await must(
		'Send and Wait: the link on the webhook processor resumes the waiting execution on a worker',
		async () => {
			const id = stack.EXAMPLES.sendAndWait.id;
			const wf = await client.getWorkflow(id);
			if (!wf.active) await client.activateWorkflow(id, wf.versionId);
			await stack.waitForWebhook(
				`${webhook.baseUrl}/webhook/approval-request`,
				(s, t) => s !== 404 || /POST/.test(t),
			);
			const s0 = await state();
			const r = await post('approval-request', {
				phone: '+919876543399',
				requester: 'Asha',
				request: 'a new laptop',
			});
			if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
			const list = await stack.waitForExecutions(client, id, (l) =>
				l.some((x) => x.status === 'waiting'),
			);
			const waiting = list.find((x) => x.status === 'waiting');
			if (!waiting) throw new Error(`no waiting execution: ${JSON.stringify(list.slice(0, 2))}`);
			const message = (await state()).messages
				.slice(s0.messages.length)
				.find((m) => m.templateName === 'approval_request');
			if (!message) throw new Error('the sandbox got no approval_request message');
			const [, button] = stack.approvalTemplate(st.webhookBase).components;
			const link = button.buttons[0].url.replace('{{1}}', message.ctaVariables[0]);
			const page = await fetch(link);
			const form = new FormData();
			form.append('choice', 'approve');
			const answer = await fetch(link, { method: 'POST', body: form });
			if (page.status !== 200 || answer.status !== 200)
				throw new Error(
					`${link}: page ${page.status}, answer ${answer.status} ${(await answer.text()).slice(0, 300)}`,
				);
			const runData = await stack.finishedRun(client, 2, waiting.id);
			const out = stack.runOutput(runData, 'Ask for approval');
			if (!out[0] || !out[0].data || out[0].data.approved !== true)
				throw new Error(`output ${JSON.stringify(out)}`);
			const workers = st.workerOf(waiting.id);
			if (workers.length !== 2) throw new Error(`worker runs: ${JSON.stringify(workers)}`);
			return `execution ${waiting.id} ran twice (the send, then the resume) on workers ${workers.join(' and ')}; data.approved === true`;
		},
	);
}

/** The queue-mode stage: starts the stack, runs the checks, stops everything. */
async function runQueueStage({ check, keep = false, only }) {
	const t0 = Date.now();
	const must = stack.mustFor(check);
	let st;
	try {
		const up = await must(
			'queue mode starts: PostgreSQL, Redis, main, 2 workers, 2 webhook processors behind a router (package in each)',
			async () => {
				st = await startQueueStack({ webhookProcessors: 2 });
				// Message Central posts to one URL: the trigger's path always to the first processor.
				st.router = await startWebhookRouter({
					targets: st.webhookProcessors.map((w) => w.baseUrl),
					pinned: ['triggerReply', 'triggerStatus'].map((role) => ({
						prefix: new URL(stack.productionUrl({ baseUrl: 'http://x' }, role)).pathname.replace(
							/webhook$/,
							'',
						),
						target: 0,
					})),
				});
				return `${((Date.now() - t0) / 1000).toFixed(0)} s, ${st.root}; router ${st.router.url}`;
			},
		);
		if (up) await queueChecks({ st, must, only });
	} finally {
		if (st?.router) await st.router.stop();
		if (st) await st.stop();
		console.log(`== queue mode: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		if (st && (must.failures() || keep))
			console.log(`kept ${st.root} (n8n logs, sandbox.log, postgres/, redis/)`);
		else if (st) fs.rmSync(st.root, { recursive: true, force: true });
	}
	return !must.failures();
}

module.exports = { runQueueStage, queueChecks };

if (require.main === module) {
	let passed = 0;
	let failed = 0;
	const check = stack.makeCheck('queue', (ok) => (ok ? passed++ : failed++));
	const argv = process.argv.slice(2);
	const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
	runQueueStage({ check, keep: argv.includes('--keep'), only })
		.catch((error) => {
			failed++;
			console.error(error);
		})
		.then(() => {
			console.log(`${passed} passed, ${failed} failed`);
			process.exit(failed ? 1 : 0);
		});
}
