#!/usr/bin/env node
'use strict';
/**
 * End-to-end benchmark in a real n8n 2.x against the sandbox with API latency:
 * N recipients as one Send Template in Bulk vs as N Send Template items
 * (Requests in Flight = 20). Not part of npm test or npm run e2e.
 *
 *   npm run bench:e2e [-- --recipients 10000] [--latency 50] [--concurrency 20] [--bulk-runs 3] [--single-runs 1]
 *
 * Each workflow is Webhook (respond when the last node finishes) -> Code (makes
 * the N recipients) -> WhatsApp Now, so a run is timed from the HTTP request to
 * its answer: n8n's engine, the node, the HTTP calls and the sandbox (XLSX
 * parsing included) are all inside. n8n's own execution duration is reported
 * too. The sandbox checks that every recipient got exactly one message.
 * Results: printed, and bench/out/e2e-bulk-vs-single.json.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const e2e = require('../scripts/e2e/n8n');
const stack = require('../scripts/e2e/stack');

function option(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const RECIPIENTS = option('recipients', 10000);
const LATENCY = option('latency', 50);
const CONCURRENCY = option('concurrency', 20);
const BULK_RUNS = option('bulk-runs', 3);
const SINGLE_RUNS = option('single-runs', 1);
// n8n 2.x evaluates expressions in an isolate ('vm', its default); 'legacy' is the 1.x evaluator, for comparison.
const ENGINE = process.argv.includes('--engine')
	? process.argv[process.argv.indexOf('--engine') + 1]
	: null;

const CREDENTIALS = { messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name } };

const MAKE_RECIPIENTS = `const n = Number($input.first().json.body.recipients);
const out = new Array(n);
for (let i = 0; i < n; i++) {
  out[i] = { json: { phone: '+91' + (9876500000 + i), name: 'Customer' + i, order: 'MSG' + i } };
}
return out;`;

function benchWorkflow(kind) {
	const send =
		kind === 'bulk'
			? { operation: 'sendTemplateBulk', source: 'items', options: {} }
			: { operation: 'sendTemplate', options: { concurrency: CONCURRENCY } };
	return {
		name: `bench: ${kind}`,
		nodes: [
			{
				id: `bench-${kind}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `bench-${kind}-0000-4000-8000-000000000000`,
				parameters: {
					httpMethod: 'POST',
					path: `bench-${kind}`,
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				id: `bench-${kind}-code`,
				name: 'Recipients',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [240, 0],
				parameters: { jsCode: MAKE_RECIPIENTS },
			},
			{
				id: `bench-${kind}-send`,
				name: 'Send',
				type: 'n8n-nodes-whatsapp-now.whatsAppNow',
				typeVersion: 1,
				position: [480, 0],
				parameters: {
					resource: 'message',
					templateName: 'order_update',
					language: 'en_US',
					phoneNumber: '={{ $json.phone }}',
					variables: {
						variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
					},
					...send,
				},
				credentials: CREDENTIALS,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

async function timedRun(st, workflowId, kind, recipients) {
	await st.sandbox.control.reset();
	await st.sandbox.control.configure({ latencyMs: LATENCY });
	await st.sandbox.control.seedTemplate(stack.SEED_TEMPLATE);
	const started = process.hrtime.bigint();
	const res = await fetch(`${st.n8n.baseUrl}/webhook/bench-${kind}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ recipients }),
		signal: AbortSignal.timeout(30 * 60 * 1000),
	});
	const answer = await res.text();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (res.status !== 200)
		throw new Error(`${kind}: the webhook answered ${res.status}: ${answer.slice(0, 300)}`);
	const state = await st.sandbox.control.state();
	const delivered = new Set(state.messages.map((m) => m.to));
	if (state.messages.length !== recipients || delivered.size !== recipients) {
		throw new Error(
			`${kind}: the sandbox accepted ${state.messages.length} messages for ${delivered.size} numbers, expected ${recipients}`,
		);
	}
	const sends = (await st.sandbox.control.requests()).filter(
		(r) => r.path === '/verification/v3/send',
	);
	const [last] = await stack.executionsOf(st.client, workflowId);
	const n8nMs = last ? new Date(last.stoppedAt) - new Date(last.startedAt) : null;
	return {
		wallMs,
		n8nMs,
		nodeMs: last ? await nodeTimes(st, last.id) : {},
		requests: sends.length,
		maxInFlight: state.maxInFlight,
	};
}

/** Each node's executionTime in a saved execution (n8n stores run data as a flatted string). */
async function nodeTimes(st, executionId) {
	const { parse } = require(path.join(e2e.n8nInfo(2).dir, 'node_modules', 'flatted'));
	const execution = await st.client.execution(executionId);
	const runData = parse(execution.data).resultData.runData;
	return Object.fromEntries(
		Object.entries(runData).map(([name, runs]) => [
			name,
			runs.reduce((sum, r) => sum + r.executionTime, 0),
		]),
	);
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function main() {
	stack.log('building (npm run build, sandbox)');
	stack.buildAll();
	const prep = spawnSync('bash', [path.join(stack.REPO, 'scripts', 'e2e', 'prepare-n8n.sh'), '2'], {
		stdio: 'inherit',
	});
	if (prep.status !== 0) throw new Error('prepare-n8n.sh 2 failed');
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-bench-'));
	const st = await stack.startStack({
		major: 2,
		userFolder,
		activate: [],
		callbackRole: null,
		n8nEnv: ENGINE ? { N8N_EXPRESSION_ENGINE: ENGINE } : {},
	});
	const ids = {};
	try {
		for (const kind of ['bulk', 'single']) {
			const wf = await st.client.createWorkflow(benchWorkflow(kind));
			await st.client.activateWorkflow(wf.id, wf.versionId);
			ids[kind] = wf.id;
		}
		await stack.sleep(1500);
		stack.log('warm-up: 50 recipients each way');
		await timedRun(st, ids.bulk, 'bulk', 50);
		await timedRun(st, ids.single, 'single', 50);

		const runs = { bulk: [], single: [] };
		for (let i = 0; i < BULK_RUNS; i++) {
			runs.bulk.push(await timedRun(st, ids.bulk, 'bulk', RECIPIENTS));
			stack.log(
				`bulk   run ${i + 1}: ${(runs.bulk[i].wallMs / 1000).toFixed(2)} s (${runs.bulk[i].requests} upload(s))`,
			);
		}
		for (let i = 0; i < SINGLE_RUNS; i++) {
			runs.single.push(await timedRun(st, ids.single, 'single', RECIPIENTS));
			stack.log(
				`single run ${i + 1}: ${(runs.single[i].wallMs / 1000).toFixed(2)} s (${runs.single[i].requests} requests, max ${runs.single[i].maxInFlight} in flight)`,
			);
		}
		const bulkMs = median(runs.bulk.map((r) => r.wallMs));
		const singleMs = median(runs.single.map((r) => r.wallMs));
		const result = {
			n8n: st.n8n.version,
			node: e2e.n8nInfo(2).node.includes('node24') ? 'Node 24' : 'node',
			machine: `${os.cpus().length} x ${os.cpus()[0].model}`,
			recipients: RECIPIENTS,
			latencyMs: LATENCY,
			concurrency: CONCURRENCY,
			expressionEngine: ENGINE || 'vm (default)',
			bulk: { runs: runs.bulk, medianWallMs: Math.round(bulkMs) },
			single: { runs: runs.single, medianWallMs: Math.round(singleMs) },
			ratio: Number((singleMs / bulkMs).toFixed(1)),
			target: 50,
		};
		fs.mkdirSync(path.join(stack.REPO, 'bench', 'out'), { recursive: true });
		fs.writeFileSync(
			path.join(stack.REPO, 'bench', 'out', 'e2e-bulk-vs-single.json'),
			JSON.stringify(result, null, 2),
		);
		const seconds = (ms) => `${((ms || 0) / 1000).toFixed(2)} s`;
		const row = (label, r) =>
			`${label.padEnd(44)} ${seconds(r.wallMs).padStart(9)}  (n8n execution ${seconds(r.n8nMs)}: ${Object.entries(
				r.nodeMs,
			)
				.map(([n, ms]) => `${n} ${seconds(ms)}`)
				.join(', ')})  ${r.requests} send request(s), max ${r.maxInFlight} in flight`;
		console.log(
			[
				'',
				`n8n ${result.n8n} (expression engine ${ENGINE || 'vm, the default'}), sandbox latency ${LATENCY} ms, ${RECIPIENTS} recipients (${result.machine})`,
				...runs.bulk.map((r, i) => row(`Send Template in Bulk, run ${i + 1}`, r)),
				...runs.single.map((r, i) =>
					row(`${RECIPIENTS} x Send Template (concurrency ${CONCURRENCY}), run ${i + 1}`, r),
				),
				'',
				`median: bulk ${(bulkMs / 1000).toFixed(2)} s, single ${(singleMs / 1000).toFixed(2)} s: bulk is ${result.ratio}x faster (target >= 50x: ${result.ratio >= 50 ? 'met' : 'NOT met'})`,
			].join('\n'),
		);
	} finally {
		await st.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`[bench] ERROR: ${error.message}`);
	process.exit(1);
});
