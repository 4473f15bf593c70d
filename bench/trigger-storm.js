#!/usr/bin/env node
'use strict';
/**
 * By-hand benchmark (not part of npm test, npm run e2e or CI): what a status
 * storm costs n8n's queue mode, through the WhatsApp Now Trigger and through
 * n8n's own Webhook node v2, the same bodies.
 *
 * scripts/e2e/queue-stack.js with two webhook processors (`n8n webhook`), two
 * workers (`n8n worker --concurrency=10`), PostgreSQL and Redis. Each scenario
 * is a workflow of one entry node, activated through the main process; the
 * bench POSTs <deliveries> signed status deliveries (each its own message id,
 * Meta's shape, X-Hub-Signature-256 with the credential's Webhook Secret),
 * <in-flight> at a time, alternately to the two processors (a load balancer's
 * round robin). Then it waits until n8n has finished every execution.
 *
 * Per scenario: deliveries/s (answers), answer latency p50/p95, CPU per
 * delivery of the webhook processors and of the workers (utime + stime from
 * /proc, children included, from the first POST until the last execution
 * finished), PostgreSQL's too, and lost / duplicated: executions that
 * succeeded against deliveries answered 200 that should start one (a
 * delivery whose events are all filtered out should start none).
 *
 * Scenarios (--scenarios, comma-separated, run in this order, --rounds times):
 *   v1-sig      trigger typeVersion 1, Authentication Signature  (what saved nodes run)
 *   v11-sig     trigger typeVersion 1.1, Signature                (new nodes)
 *   v1-none     trigger 1, Authentication None
 *   v11-none    trigger 1.1, None
 *   v1-msgonly  trigger 1, Signature, Events: Messages only (every status filtered out)
 *   v11-msgonly trigger 1.1, same
 *   wh2         n8n's Webhook node v2, no authentication
 *   wh2-header  n8n's Webhook node v2, Header Auth
 *
 *   node bench/trigger-storm.js [--deliveries 1000] [--in-flight 20]
 *        [--scenarios v1-sig,v11-sig,...] [--rounds 1] [--lazy] [--legacy]
 *        [--kill-after <n>] [--keep]
 *
 * --dedupe <n>: instead of the scenarios, n8n's Remove Duplicates under
 * concurrency: a workflow Trigger 1.1 (Signature, repeats ignored) → Remove
 * Duplicates (Remove Items Processed in Previous Executions, value
 * {{ $json.messageId }}, scope workflow), with no dedupe record yet. n
 * distinct deliveries spread over both processors, <in-flight> at a time,
 * then each delivered again to the other processor. Reports failed runs (and
 * n8n's error), and how many ids came out of Remove Duplicates twice.
 *
 * --kill-worker-after <n>: once n deliveries are answered, worker 2 is
 * killed (SIGKILL) with the executions it holds; the bench then waits until
 * n8n has failed them (up to 5 minutes without change) and reports how many
 * deliveries never got a successful run, and when n8n gave up on them.
 *
 * --kill-after <n>: once n deliveries are answered, the second webhook
 * processor is killed (SIGKILL, its whole process group), as a crash or an
 * OOM kill would; every delivery it does not answer is sent again to the
 * first processor, as Message Central redelivers what got no 200. Run one
 * scenario per invocation: the processor stays dead. "lost" then counts
 * deliveries answered 200 that never ran, "duplicated" runs beyond one per
 * delivery answered 200.
 *
 * --lazy sets N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true on every n8n process;
 * --legacy sets N8N_EXPRESSION_ENGINE=legacy. Needs: npm run build, tsc -p
 * tsconfig.sandbox.json, bash scripts/e2e/prepare-n8n.sh 2, bash
 * scripts/e2e/prepare-services.sh. Linux (/proc). CPU time is what to
 * compare: on a shared 2-core machine wall times move with other work.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const stack = require('../scripts/e2e/stack');
const { startQueueStack } = require('../scripts/e2e/queue-stack');
const { cpuMeter } = require('./proc');
const { statusDelivery } = require('../scripts/e2e/queue-workflows');

const argv = process.argv.slice(2);
const raw = (name) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? undefined : argv[i + 1];
};
const DELIVERIES = Number(raw('deliveries') ?? 1000);
const IN_FLIGHT = Number(raw('in-flight') ?? 20);
const ROUNDS = Number(raw('rounds') ?? 1);
const SCENARIOS = (raw('scenarios') ?? 'v1-sig,v11-sig,wh2').split(',');
const LAZY = argv.includes('--lazy');
const LEGACY = argv.includes('--legacy');
const KEEP = argv.includes('--keep');
const DEDUPE = raw('dedupe') === undefined ? undefined : Number(raw('dedupe'));
const KILL_WORKER_AFTER =
	raw('kill-worker-after') === undefined ? undefined : Number(raw('kill-worker-after'));
const KILL_AFTER = raw('kill-after') === undefined ? undefined : Number(raw('kill-after'));
const WORKER_CONCURRENCY = 10;
const TRIGGER = 'n8n-nodes-whatsapp-now.whatsAppNowTrigger';
const HEADER_NAME = 'x-webhook-token';

const log = (line) => console.log(`[bench ${new Date().toISOString().slice(11, 23)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const KINDS = {
	'v1-sig': { trigger: 1, authentication: 'signature', starts: true },
	'v11-sig': { trigger: 1.1, authentication: 'signature', starts: true },
	'v1-none': { trigger: 1, authentication: 'none', starts: true },
	'v11-none': { trigger: 1.1, authentication: 'none', starts: true },
	'v1-msgonly': { trigger: 1, authentication: 'signature', events: ['messages'], starts: false },
	'v11-msgonly': { trigger: 1.1, authentication: 'signature', events: ['messages'], starts: false },
	wh2: { webhook: 'none', starts: true },
	'wh2-header': { webhook: 'headerAuth', starts: true },
};
for (const s of SCENARIOS) if (!KINDS[s]) throw new Error(`unknown scenario ${s}`);

/** One entry node, as a workflow. */
function scenarioWorkflow(name, kind, headerCredential) {
	const webhookId = crypto.randomUUID();
	if (kind.trigger) {
		const parameters = { authentication: kind.authentication };
		if (kind.events) parameters.events = kind.events;
		const node = stack.workflowNode('Trigger', TRIGGER, kind.trigger, 0, parameters, {
			webhookId,
			...(kind.authentication === 'none'
				? {}
				: {
						credentials: {
							messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name },
						},
					}),
		});
		return {
			workflow: { name, nodes: [node], connections: {}, settings: { executionOrder: 'v1' } },
			path: `${webhookId}/webhook`,
		};
	}
	const hookPath = `storm-${name.replace(/[^a-z0-9-]/gi, '-')}`;
	const node = stack.workflowNode(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		0,
		{
			httpMethod: 'POST',
			path: hookPath,
			responseMode: 'onReceived',
			authentication: kind.webhook,
			options: {},
		},
		{
			webhookId,
			...(kind.webhook === 'headerAuth'
				? {
						credentials: {
							httpHeaderAuth: { id: headerCredential.id, name: headerCredential.name },
						},
					}
				: {}),
		},
	);
	return {
		workflow: { name, nodes: [node], connections: {}, settings: { executionOrder: 'v1' } },
		path: hookPath,
	};
}

/** A status delivery as the request body. */
const statusBody = (id) => JSON.stringify(statusDelivery(id));

function percentile(sorted, p) {
	if (!sorted.length) return null;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Execution counts of a workflow (REST on main): all, success, finished in any way. */
async function executionCounts(client, workflowId) {
	const count = async (extra) => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, ...extra }));
		const page = await client.call('GET', `/rest/executions?filter=${filter}&limit=1`);
		return page.count;
	};
	const [all, success, finished] = await Promise.all([
		count({}),
		count({ status: ['success'] }),
		count({ status: stack.FINISHED }),
	]);
	return { all, success, finished };
}

async function runScenario({ st, name, kind, round, secret, headerCredential, pids }) {
	const label = `${name}#${round}`;
	const { workflow, path: hookPath } = scenarioWorkflow(label, kind, headerCredential);
	const made = await st.client.createWorkflow(workflow);
	await st.client.activateWorkflow(made.id, made.versionId);
	const urls = st.webhookProcessors.map((w) => `${w.baseUrl}/webhook/${hookPath}`);
	for (const url of urls) await stack.waitForWebhook(url, (s, t) => s !== 404 || /POST/.test(t));
	// The first delivery on each processor warms it (module loads, caches): not measured.
	for (const url of urls) {
		const body = statusBody(`wamid.warm.${label}.${url.length}.${Math.random()}`);
		await post(url, body, secret);
	}
	await waitForSettled(st.client, made.id, kind.starts ? urls.length : 0, 60000);

	const bodies = Array.from({ length: DELIVERIES }, (_, i) => statusBody(`wamid.${label}.${i}`));
	const latencies = [];
	const statuses = {};
	let next = 0;
	let answers = 0;
	let killed = false;
	let workerKilled = 0;
	let resent = 0;
	const meter = cpuMeter(pids);
	const t0 = Date.now();
	let tLast = t0;
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			for (;;) {
				const i = next++;
				if (i >= DELIVERIES) return;
				const started = performance.now();
				let target = killed ? 0 : i % urls.length;
				let status = await post(urls[target], bodies[i], secret).catch(() => 'error');
				while (status !== 200 && KILL_AFTER !== undefined && target !== 0) {
					// No 200 from the dead processor: Message Central delivers it again.
					resent++;
					target = 0;
					status = await post(urls[0], bodies[i], secret).catch(() => 'error');
				}
				latencies.push(performance.now() - started);
				statuses[status] = (statuses[status] || 0) + 1;
				tLast = Date.now();
				answers++;
				if (KILL_WORKER_AFTER !== undefined && !workerKilled && answers >= KILL_WORKER_AFTER) {
					workerKilled = Date.now();
					log(`${label}: ${answers} answered: killing worker 2 (pid ${st.workers[1].pid})`);
					try {
						process.kill(-st.workers[1].pid, 'SIGKILL');
					} catch (error) {
						log(`kill failed: ${error.message}`);
					}
				}
				if (KILL_AFTER !== undefined && !killed && answers >= KILL_AFTER) {
					killed = true;
					log(
						`${label}: ${answers} answered: killing webhook processor 2 (pid ${st.webhookProcessors[1].pid})`,
					);
					try {
						process.kill(-st.webhookProcessors[1].pid, 'SIGKILL');
					} catch (error) {
						log(`kill failed: ${error.message}`);
					}
				}
			}
		}),
	);
	if (KILL_AFTER !== undefined) log(`${label}: ${resent} deliveries sent again after the kill`);
	const answerSeconds = (tLast - t0) / 1000;
	const answered200 = statuses[200] || 0;
	const expected = (kind.starts ? answered200 : 0) + (kind.starts ? urls.length : 0);
	const counts = await waitForSettled(
		st.client,
		made.id,
		expected,
		workerKilled ? 900000 : 300000,
		workerKilled ? 300000 : 20000,
	);
	if (workerKilled) {
		log(
			`${label}: worker 2 killed; every execution finished (or 300 s without change) ${((Date.now() - workerKilled) / 1000).toFixed(0)} s later: ${JSON.stringify(counts)}`,
		);
	}
	const tDone = Date.now();
	const cpu = meter();
	await st.client.deactivateWorkflow(made.id).catch(() => undefined);
	if (killed) {
		// What the dead processor left: executions it stored but never queued.
		log(`${label}: executions after the kill ${JSON.stringify(counts)}`);
	}

	const sum = (re) =>
		Object.entries(cpu.cpuSeconds)
			.filter(([role]) => re.test(role))
			.reduce((a, [, v]) => a + v, 0);
	const succeeded = counts.success;
	const total = counts.all;
	latencies.sort((a, b) => a - b);
	const result = {
		name,
		round,
		deliveries: DELIVERIES,
		statuses,
		perSecond: DELIVERIES / answerSeconds,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		untilDoneSeconds: (tDone - t0) / 1000,
		webhookMsPerDelivery: (sum(/^webhook/) * 1000) / DELIVERIES,
		workerMsPerDelivery: (sum(/^worker/) * 1000) / DELIVERIES,
		postgresMsPerDelivery: (sum(/^postgres/) * 1000) / DELIVERIES,
		mainMsPerDelivery: (sum(/^main/) * 1000) / DELIVERIES,
		executions: counts,
		resent,
		lost: Math.max(0, expected - succeeded),
		duplicated: Math.max(0, total - expected),
		busyShare: cpu.busyShare,
		others: Object.entries(cpu.cpuSeconds)
			.filter(([r, v]) => r.startsWith('other:') && v >= 0.5)
			.map(([r, v]) => `${r.slice(6)} ${v.toFixed(1)}`)
			.join(', '),
	};
	log(
		`${label}: ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms; ` +
			`CPU per delivery: webhook processors ${result.webhookMsPerDelivery.toFixed(1)} ms, workers ${result.workerMsPerDelivery.toFixed(1)} ms, ` +
			`postgres ${result.postgresMsPerDelivery.toFixed(1)} ms; answers ${JSON.stringify(statuses)}; executions ${JSON.stringify(counts)}; ` +
			`lost ${result.lost}, duplicated ${result.duplicated}; machine busy ${Math.round(cpu.busyShare * 100)}%`,
	);
	return result;
}

const agentOptions = { method: 'POST' };
async function post(url, body, secret) {
	const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
	const r = await fetch(url, {
		...agentOptions,
		headers: {
			'content-type': 'application/json',
			'x-hub-signature-256': signature,
			[HEADER_NAME]: secret,
		},
		body,
	});
	await r.arrayBuffer();
	return r.status;
}

/** Waits until the workflow has `expected` finished executions and none running, or nothing changes for 20 s. */
async function waitForSettled(client, workflowId, expected, timeoutMs, quietMs = 20000) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	let since = Date.now();
	for (;;) {
		const counts = await executionCounts(client, workflowId);
		if (counts.finished >= expected && counts.finished === counts.all) {
			// A duplicate would show up a moment later: look once more.
			await sleep(expected ? 1500 : 500);
			return await executionCounts(client, workflowId);
		}
		const now = JSON.stringify(counts);
		if (now !== last) {
			last = now;
			since = Date.now();
		}
		if (Date.now() - since > quietMs || Date.now() > deadline) return counts;
		await sleep(500);
	}
}

/** Every execution id of a workflow (REST list, 100 a page, n8n 2.x's cursor). */
async function executionIds(client, workflowId) {
	const ids = [];
	let cursor;
	for (;;) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await client.call(
			'GET',
			`/rest/executions?filter=${filter}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		const results = page.results || [];
		ids.push(...results.map((x) => String(x.id)));
		if (results.length < 100 || !page.nextCursor) return [...new Set(ids)];
		cursor = page.nextCursor;
	}
}

async function runDedupe({ st, secret }) {
	const webhookId = crypto.randomUUID();
	const trigger = stack.workflowNode(
		'Trigger',
		TRIGGER,
		1.1,
		0,
		{ authentication: 'signature', events: ['statuses'] },
		{
			webhookId,
			credentials: { messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name } },
		},
	);
	const dedupe = stack.workflowNode(
		'Remove Duplicates',
		'n8n-nodes-base.removeDuplicates',
		2,
		220,
		{
			operation: 'removeItemsSeenInPreviousExecutions',
			logic: 'removeItemsWithAlreadySeenKeyValues',
			dedupeValue: '={{ $json.messageId }}',
			options: { scope: 'workflow' },
		},
	);
	const made = await st.client.createWorkflow({
		name: 'dedupe under concurrency',
		nodes: [trigger, dedupe],
		connections: { Trigger: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await st.client.activateWorkflow(made.id, made.versionId);
	const urls = st.webhookProcessors.map((w) => `${w.baseUrl}/webhook/${webhookId}/webhook`);
	for (const url of urls) await stack.waitForWebhook(url, (s, t) => s !== 404 || /POST/.test(t));
	const ids = Array.from({ length: DEDUPE }, (_, i) => `wamid.dedupe.${Date.now()}.${i}`);
	const bodies = ids.map(statusBody);
	const send = async (processorOf) => {
		let next = 0;
		const statuses = {};
		await Promise.all(
			Array.from({ length: IN_FLIGHT }, async () => {
				for (;;) {
					const i = next++;
					if (i >= DEDUPE) return;
					const status = await post(urls[processorOf(i)], bodies[i], secret).catch(() => 'error');
					statuses[status] = (statuses[status] || 0) + 1;
				}
			}),
		);
		return statuses;
	};
	const first = await send((i) => i % 2);
	await waitForSettled(st.client, made.id, DEDUPE, 300000);
	const again = await send((i) => (i + 1) % 2);
	await waitForSettled(st.client, made.id, 2 * DEDUPE, 300000);
	const passed = new Map();
	const errors = {};
	let failedRuns = 0;
	let runs = 0;
	for (const id of await executionIds(st.client, made.id)) {
		runs++;
		try {
			const runData = await stack.finishedRun(st.client, 2, id);
			// Output 0 is Kept, output 1 Discarded.
			const dedupeRuns = runData['Remove Duplicates'] || [];
			const kept = dedupeRuns.length
				? (dedupeRuns[dedupeRuns.length - 1].data?.main?.[0] ?? [])
				: [];
			for (const { json } of kept)
				passed.set(json.messageId, (passed.get(json.messageId) || 0) + 1);
		} catch (error) {
			failedRuns++;
			const why = error.message.replace(/^execution \d+ is /, '').slice(0, 120);
			errors[why] = (errors[why] || 0) + 1;
		}
	}
	const twice = [...passed.values()].filter((n) => n > 1).length;
	const never = ids.filter((id) => !passed.has(id)).length;
	log(
		`dedupe: ${DEDUPE} deliveries ${JSON.stringify(first)}, again to the other processor ${JSON.stringify(again)}; ` +
			`${runs} runs, ${failedRuns} failed ${JSON.stringify(errors)}; ids through Remove Duplicates twice: ${twice}, never: ${never}`,
	);
}

function report(results) {
	console.log('');
	console.log(
		`== ${DELIVERIES} signed status deliveries per scenario, ${IN_FLIGHT} in flight, 2 webhook processors, 2 workers (concurrency ${WORKER_CONCURRENCY}), n8n 2.41.1, ${os.cpus().length} cores${LAZY ? ', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : ''}${LEGACY ? ', N8N_EXPRESSION_ENGINE=legacy' : ''}`,
	);
	const cols = [
		['scenario', 12, (r) => `${r.name}#${r.round}`],
		['per s', 6, (r) => r.perSecond.toFixed(1)],
		['p50 ms', 7, (r) => r.p50.toFixed(0)],
		['p95 ms', 7, (r) => r.p95.toFixed(0)],
		['webhook ms', 10, (r) => r.webhookMsPerDelivery.toFixed(1)],
		['worker ms', 9, (r) => r.workerMsPerDelivery.toFixed(1)],
		['pg ms', 6, (r) => r.postgresMsPerDelivery.toFixed(1)],
		['main ms', 7, (r) => r.mainMsPerDelivery.toFixed(1)],
		['200s', 5, (r) => r.statuses[200] || 0],
		['runs ok', 7, (r) => r.executions.success],
		['lost', 4, (r) => r.lost],
		['dup', 3, (r) => r.duplicated],
		['busy', 4, (r) => `${Math.round(r.busyShare * 100)}%`],
	];
	const line = (cells) => cells.map((c, i) => String(c).padStart(cols[i][1])).join('  ');
	console.log(line(cols.map(([h]) => h)));
	for (const r of results) console.log(line(cols.map(([, , f]) => f(r))));
	const others = results.filter((r) => r.others).map((r) => `${r.name}#${r.round}: ${r.others}`);
	if (others.length) console.log(`other processes (CPU s): ${others.join('; ')}`);
}

async function main() {
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-bench-storm-'));
	fs.chmodSync(base, 0o711);
	const extraEnv = {
		...(LAZY ? { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } : {}),
		...(LEGACY ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
	};
	log(
		`starting PostgreSQL, Redis, sandbox, main, 2 workers, 2 webhook processors ${JSON.stringify(extraEnv)}`,
	);
	const st = await startQueueStack({
		major: 2,
		root: base,
		workers: 2,
		concurrency: WORKER_CONCURRENCY,
		webhookProcessors: 2,
		activate: [],
		extraEnv,
		log: (l) => log(l),
	});
	const results = [];
	let failed = false;
	try {
		const pids = { main: st.main.pid, postgres: st.pg.pid, redis: st.redis?.pid };
		st.webhookProcessors.forEach((w, i) => (pids[i ? `webhook-${i + 1}` : 'webhook'] = w.pid));
		st.workers.forEach((w, i) => (pids[`worker-${i + 1}`] = w.pid));
		let headerCredential;
		if (SCENARIOS.includes('wh2-header')) {
			headerCredential = await st.client.createCredential({
				name: 'storm header',
				type: 'httpHeaderAuth',
				data: { name: HEADER_NAME, value: st.webhookSecret },
			});
		}
		if (DEDUPE !== undefined) await runDedupe({ st, secret: st.webhookSecret });
		for (let round = 1; round <= (DEDUPE === undefined ? ROUNDS : 0); round++) {
			for (const name of SCENARIOS) {
				results.push(
					await runScenario({
						st,
						name,
						kind: KINDS[name],
						round,
						secret: st.webhookSecret,
						headerCredential,
						pids,
					}),
				);
			}
		}
	} catch (error) {
		failed = true;
		console.error(error);
	} finally {
		report(results);
		const out = path.join(__dirname, 'out');
		fs.mkdirSync(out, { recursive: true });
		fs.writeFileSync(
			path.join(out, 'trigger-storm.json'),
			JSON.stringify(
				{ deliveries: DELIVERIES, inFlight: IN_FLIGHT, LAZY, LEGACY, results },
				null,
				2,
			),
		);
		await st.stop();
		if (KEEP || failed) console.log(`kept ${base}`);
		else fs.rmSync(base, { recursive: true, force: true });
	}
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
