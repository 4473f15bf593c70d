#!/usr/bin/env node
'use strict';
/**
 * By-hand benchmark (not part of npm test, npm run e2e or CI): does n8n's
 * queue mode scale a bulk campaign out?
 *
 *   queue   scripts/e2e/queue-stack.js: PostgreSQL, Redis, n8n main, 2 workers
 *           (`n8n worker --concurrency=<c>`, default 10), one webhook processor.
 *   single  one `n8n start` (regular execution mode, no Redis) on its own
 *           PostgreSQL, the package installed the same way.
 *
 * Both against the sandbox (its CLI) with 50 ms latency on every API call, same
 * workflow: Webhook (POST, answers at once) -> Code "Recipients" (count from
 * the body) -> WhatsApp Now, Send Template in Bulk (Input Items, mapping
 * `fields`, 5,000 rows per file, files uploaded one after the other).
 * <campaigns> POSTs at once to the production webhook (the webhook processor in
 * queue mode, n8n itself in single mode), each <recipients> recipients with
 * their own phone range. Wall time = from the first POST until every execution
 * has finished (REST on main, polled every 250 ms; also max(stoppedAt) - first
 * POST).
 *
 * Where the time goes, per execution: queue wait (startedAt - createdAt), the
 * Code node and the bulk node (runData executionTime); inside the bulk node,
 * from the sandbox's records (same clock): "prep" = node start -> first upload
 * arriving (reading 25k rows + writing the first XLSX), "upload" = sum over the
 * files of arrival -> sandbox handled it (body + XLSX parsing) + the 50 ms
 * latency, "gaps" = time between one answer and the next upload arriving (the
 * next XLSX was not written yet: it is written while the previous one uploads),
 * "tail" = last answer -> node end (output items); "save" = stoppedAt -> the
 * REST list showing the final status (serialising and storing the run data,
 * +-250 ms). Plus CPU seconds per process
 * (main / workers / webhook / n8n / postgres / redis / sandbox, task runners
 * counted with their n8n) and the machine's busy share during the run, from
 * /proc.
 *
 * Every recipient must have reached the sandbox exactly once and each
 * execution must have succeeded with one output item per recipient.
 *
 *   node bench/queue-scale-out.js [--recipients 25000] [--campaigns 4]
 *        [--concurrency 10] [--latency 50] [--only queue|single] [--keep]
 *
 * Needs: npm run build, tsc -p tsconfig.sandbox.json, bash
 * scripts/e2e/prepare-n8n.sh 2, bash scripts/e2e/prepare-services.sh. Linux
 * (/proc). On 2 cores, expect +-15% between runs; run nothing else meanwhile.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const stack = require('../scripts/e2e/stack');
const { startQueueStack } = require('../scripts/e2e/queue-stack');
const { cpuMeter } = require('./proc');
const { campaignWorkflow, deliveryProblems } = require('../scripts/e2e/queue-workflows');

// ------------------------------------------------------------- options ---

const argv = process.argv.slice(2);
const raw = (name) => {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? undefined : argv[i + 1];
};
const RECIPIENTS = Number(raw('recipients') ?? 25000);
const CAMPAIGNS = Number(raw('campaigns') ?? 4);
const CONCURRENCY = Number(raw('concurrency') ?? 10);
const LATENCY = Number(raw('latency') ?? 50);
const WORKERS = 2;
const ONLY = raw('only');
const KEEP = argv.includes('--keep');
const RUN_TIMEOUT_MS = 30 * 60 * 1000;
if (ONLY && !['queue', 'single'].includes(ONLY)) throw new Error('--only queue|single');
for (const [k, v] of Object.entries({ RECIPIENTS, CAMPAIGNS, CONCURRENCY, LATENCY }))
	if (!Number.isInteger(v) || v < 0) throw new Error(`${k} must be a whole number (got ${v})`);

const SEND_PATH = '/verification/v3/send';
const HOOK_PATH = 'bench-campaign';

const log = (line) => console.log(`[bench ${new Date().toISOString().slice(11, 23)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sec = (ms) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
const s1 = (ms) => (ms === null || ms === undefined ? '-' : (ms / 1000).toFixed(1));

// ------------------------------------------------------------ workflow ---

// ----------------------------------------------------------------- run ---

/**
 * Activates the workflow, POSTs the campaigns at once to hookBase/webhook/...,
 * waits for every execution and measures. `runBase` makes phone ranges distinct.
 */
async function runCampaigns({ label, client, hookBase, sandbox, runBase, workerOf, cpu }) {
	const wf = campaignWorkflow(HOOK_PATH);
	const made = await client.createWorkflow(wf);
	await client.activateWorkflow(made.id, made.versionId);
	const url = `${hookBase}/webhook/${HOOK_PATH}`;
	await stack.waitForWebhook(url, (s, t) => s !== 404 || /POST/.test(t));
	log(`${label}: workflow ${made.id} active, POST ${url}`);
	await sandbox.control.configure({ latencyMs: LATENCY });
	const s0 = await sandbox.control.state();
	if (s0.messages.length) throw new Error(`${label}: the sandbox already holds messages`);

	const runs = Array.from({ length: CAMPAIGNS }, (_, i) => ({
		run: runBase + i,
		count: RECIPIENTS,
	}));
	const meter = cpu();
	const t0 = Date.now();
	const answers = await Promise.all(
		runs.map((body) =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			}).then(async (r) => ({ status: r.status, text: await r.text(), at: Date.now() })),
		),
	);
	const refused = answers.find((a) => a.status !== 200);
	if (refused) throw new Error(`${label}: webhook answered ${refused.status}: ${refused.text}`);
	log(`${label}: ${CAMPAIGNS} POSTs answered after ${answers.map((a) => a.at - t0).join(', ')} ms`);

	// Poll until every execution has finished; log status changes.
	const seen = new Map();
	const doneSeen = new Map();
	let list = [];
	let tDone = null;
	const deadline = t0 + RUN_TIMEOUT_MS;
	for (;;) {
		list = (await stack.executionsOf(client, made.id)).map((x) => ({
			...x,
			createdAt: Date.parse(x.createdAt),
			startedAt: x.startedAt ? Date.parse(x.startedAt) : null,
			stoppedAt: x.stoppedAt ? Date.parse(x.stoppedAt) : null,
		}));
		for (const x of list) {
			if (seen.get(x.id) !== x.status) {
				log(`${label}: execution ${x.id} ${x.status} (+${sec(Date.now() - t0)})`);
				seen.set(x.id, x.status);
				if (stack.FINISHED.includes(x.status)) doneSeen.set(x.id, Date.now() - t0);
			}
		}
		if (list.length >= CAMPAIGNS && list.every((x) => stack.FINISHED.includes(x.status))) {
			tDone = Date.now();
			break;
		}
		if (Date.now() > deadline)
			throw new Error(`${label}: not finished after ${sec(RUN_TIMEOUT_MS)}`);
		await sleep(250);
	}
	const cpuUse = meter();
	if (list.length !== CAMPAIGNS)
		throw new Error(`${label}: ${list.length} executions for ${CAMPAIGNS} POSTs`);
	const wallMs = tDone - t0;
	const wallStoppedMs = Math.max(...list.map((x) => x.stoppedAt)) - t0;
	log(
		`${label}: all ${CAMPAIGNS} finished, wall ${sec(wallMs)} (max stoppedAt ${sec(wallStoppedMs)})`,
	);

	// Sandbox side: uploads per run (phone range), arrival -> handled.
	const requests = await sandbox.control.call(
		'GET',
		`/requests?path=${encodeURIComponent(SEND_PATH)}`,
	);
	const state = await sandbox.control.state();
	const handledAt = new Map();
	for (const m of state.messages) {
		const h = handledAt.get(m.requestId);
		if (h === undefined || m.at < h) handledAt.set(m.requestId, m.at);
	}
	const runOf = (mobile) => Number(String(mobile).slice(1, 4));
	const uploadsByRun = new Map();
	for (const r of requests) {
		const first = r.xlsx && r.xlsx.rows && r.xlsx.rows[0];
		const run = first ? runOf(first[1]) : null;
		const u = {
			id: r.id,
			at: r.at,
			rows: r.xlsx ? r.xlsx.rows.length : 0,
			bytes: r.files && r.files[0] ? r.files[0].size : 0,
			status: r.status,
			handled: handledAt.get(r.id) ?? null,
		};
		if (!uploadsByRun.has(run)) uploadsByRun.set(run, []);
		uploadsByRun.get(run).push(u);
	}

	// Exactly once per recipient.
	const problems = deliveryProblems(state.messages, runs);
	if (state.messages.length !== CAMPAIGNS * RECIPIENTS)
		problems.push(`${state.messages.length} messages for ${CAMPAIGNS * RECIPIENTS} recipients`);
	const failedUploads = requests.filter((r) => r.status !== 200).length;
	if (failedUploads) problems.push(`${failedUploads} send requests did not answer 200`);
	const messages = state.messages.length;
	const tokenRequests = state.tokenRequests;
	const maxInFlight = state.maxInFlight;

	// Per execution: run data, node times, the bulk node's time split.
	const executions = [];
	for (const x of [...list].sort((a, b) => a.createdAt - b.createdAt)) {
		const runData = await stack.finishedRun(client, 2, x.id);
		const nodeOf = (n) => (runData[n] && runData[n][0]) || null;
		const code = nodeOf('Recipients');
		const bulk = nodeOf('WhatsApp Now');
		const hook = nodeOf('Webhook');
		const out = stack.runOutput(runData, 'WhatsApp Now');
		const body = hook && stack.runOutput(runData, 'Webhook')[0];
		const run = body && body.body ? body.body.run : null;
		if (out.length !== RECIPIENTS) problems.push(`execution ${x.id}: ${out.length} output items`);
		const ups = (uploadsByRun.get(run) || []).sort((a, b) => a.at - b.at);
		let split = null;
		if (bulk && ups.length) {
			const start = bulk.startTime;
			const end = bulk.startTime + bulk.executionTime;
			const answered = (u) => (u.handled ?? u.at) + LATENCY;
			let upload = 0;
			let gaps = 0;
			ups.forEach((u, i) => {
				upload += answered(u) - u.at;
				if (i) gaps += Math.max(0, u.at - answered(ups[i - 1]));
			});
			split = {
				prep: ups[0].at - start,
				upload,
				sandboxParse: upload - ups.length * LATENCY,
				gaps,
				tail: end - answered(ups[ups.length - 1]),
			};
		}
		const nodeSum = [hook, code, bulk].reduce((s, n) => s + (n ? n.executionTime : 0), 0);
		executions.push({
			id: x.id,
			run,
			worker: workerOf ? workerOf(x.id).join(',') : '-',
			created: x.createdAt - t0,
			queueWait: x.startedAt - x.createdAt,
			started: x.startedAt - t0,
			stopped: x.stoppedAt - t0,
			// stoppedAt -> the status the REST list shows (saving the run data; +-250 ms polling).
			save: doneSeen.get(x.id) - (x.stoppedAt - t0),
			seen: doneSeen.get(x.id),
			runMs: x.stoppedAt - x.startedAt,
			codeStart: code ? code.startTime - t0 : null,
			codeMs: code ? code.executionTime : null,
			bulkStart: bulk ? bulk.startTime - t0 : null,
			bulkMs: bulk ? bulk.executionTime : null,
			otherMs: x.stoppedAt - x.startedAt - nodeSum,
			uploads: ups.length,
			uploadRows: ups.map((u) => u.rows),
			split,
		});
	}
	if (problems.length) throw new Error(`${label}: ${problems.join('; ')}`);
	log(`${label}: ${messages} messages, each recipient once; ${requests.length} uploads`);
	return {
		label,
		wallMs,
		wallStoppedMs,
		postsAnsweredMs: answers.map((a) => a.at - t0),
		messages,
		uploads: requests.length,
		tokenRequests,
		maxInFlight,
		cpu: cpuUse,
		executions,
	};
}

// -------------------------------------------------------------- setups ---

/**
 * One setup: `queue` (queue-stack.js with WORKERS workers) or `single` (the
 * same function with no workers: one `n8n start` in regular mode on its own
 * PostgreSQL, taking its own webhooks). Starts it, runs the campaigns, stops it.
 */
async function runSetup(kind, root) {
	const queue = kind === 'queue';
	log(
		queue
			? `queue: starting PostgreSQL, Redis, sandbox, main, ${WORKERS} workers (concurrency ${CONCURRENCY}), webhook processor`
			: 'single: starting PostgreSQL, sandbox, one n8n (regular mode)',
	);
	const t = Date.now();
	const st = await startQueueStack({
		major: 2,
		root,
		workers: queue ? WORKERS : 0,
		concurrency: CONCURRENCY,
		sandboxEnv: { SANDBOX_LATENCY_MS: String(LATENCY) },
		activate: [],
		log: (l) => log(`${kind}: ${l}`),
	});
	log(`${kind}: stack up in ${sec(Date.now() - t)} (${root})`);
	try {
		// The postmaster's pid is the server's (setpriv, as root, execs it).
		const pids = queue
			? { main: st.main.pid, webhook: st.webhook.pid, sandbox: st.sandbox.pid }
			: { n8n: st.main.pid, sandbox: st.sandbox.pid };
		Object.assign(pids, { postgres: st.pg.pid, redis: st.redis?.pid });
		st.workers.forEach((w, i) => (pids[`worker-${i + 1}`] = w.pid));
		return await runCampaigns({
			label: kind,
			client: st.client,
			hookBase: st.webhook.baseUrl,
			sandbox: st.sandbox,
			runBase: queue ? 100 : 200,
			workerOf: queue ? st.workerOf : null,
			cpu: () => cpuMeter(pids),
		});
	} finally {
		log(`${kind}: stopping`);
		await st.stop();
	}
}

// -------------------------------------------------------------- report ---

function table(rows, cols) {
	const widths = cols.map(([h, w]) => Math.max(w, h.length));
	const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
	console.log(line(cols.map(([h]) => h)));
	for (const r of rows) console.log(line(cols.map(([, , f]) => f(r))));
}

function report(result) {
	const { label } = result;
	console.log('');
	console.log(
		`== ${label}: ${CAMPAIGNS} x ${RECIPIENTS} recipients, latency ${LATENCY} ms${label === 'queue' ? `, ${WORKERS} workers, concurrency ${CONCURRENCY}` : ''}`,
	);
	console.log(
		`wall ${sec(result.wallMs)} (max stoppedAt ${sec(result.wallStoppedMs)}); ${result.messages} messages, ${result.uploads} uploads, ${result.tokenRequests} token requests, sandbox max in flight ${result.maxInFlight}`,
	);
	console.log('times in s from the first POST (created/started/stopped) or durations:');
	table(result.executions, [
		['exec', 4, (r) => r.id],
		['run', 3, (r) => r.run],
		['worker', 6, (r) => r.worker],
		['created', 7, (r) => s1(r.created)],
		['wait', 5, (r) => s1(r.queueWait)],
		['started', 7, (r) => s1(r.started)],
		['code@', 5, (r) => s1(r.codeStart)],
		['code', 5, (r) => s1(r.codeMs)],
		['bulk@', 5, (r) => s1(r.bulkStart)],
		['bulk', 5, (r) => s1(r.bulkMs)],
		['prep', 5, (r) => s1(r.split && r.split.prep)],
		['upload', 6, (r) => s1(r.split && r.split.upload)],
		['gaps', 5, (r) => s1(r.split && r.split.gaps)],
		['tail', 5, (r) => s1(r.split && r.split.tail)],
		['other', 5, (r) => s1(r.otherMs)],
		['stopped', 7, (r) => s1(r.stopped)],
		['save', 4, (r) => s1(r.save)],
		['seen', 5, (r) => s1(r.seen)],
		['files', 5, (r) => r.uploads],
	]);
	const cpu = result.cpu;
	const all = Object.entries(cpu.cpuSeconds).sort((a, b) => b[1] - a[1]);
	const roles = all.filter(([r]) => !r.startsWith('other:'));
	const others = all.filter(([r, v]) => r.startsWith('other:') && v >= 0.1);
	const total = roles.reduce((s, [, v]) => s + v, 0);
	console.log(
		`CPU s: ${roles.map(([r, v]) => `${r} ${v.toFixed(1)}`).join(', ')}; sum ${total.toFixed(1)} of ${(
			(cpu.cores * result.wallMs) /
			1000
		).toFixed(
			1,
		)} available (${cpu.cores} cores x wall); machine busy ${Math.round(cpu.busyShare * 100)}%`,
	);
	if (others.length)
		console.log(
			`other processes: ${others.map(([r, v]) => `${r.slice(6)} ${v.toFixed(1)}`).join(', ')}`,
		);
}

// ---------------------------------------------------------------- main ---

async function main() {
	log(
		`${CAMPAIGNS} x ${RECIPIENTS} recipients, latency ${LATENCY} ms, ${os.cpus().length} cores; setups: ${ONLY || 'queue, single'}`,
	);
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-bench-scale-'));
	// PostgreSQL runs as `nobody` under root: it must pass through this folder.
	fs.chmodSync(base, 0o711);
	const results = {};
	let failed = false;
	try {
		if (!ONLY || ONLY === 'queue')
			results.queue = await runSetup('queue', path.join(base, 'queue'));
		if (!ONLY || ONLY === 'single')
			results.single = await runSetup('single', path.join(base, 'single'));
	} catch (error) {
		failed = true;
		console.error(error);
	} finally {
		for (const r of Object.values(results)) report(r);
		if (results.queue && results.single) {
			const q = results.queue.wallMs;
			const s = results.single.wallMs;
			console.log('');
			console.log(
				`single / queue = ${(s / q).toFixed(2)} (wall ${sec(s)} / ${sec(q)}; 2.00 would be perfect scale-out to 2 workers)`,
			);
		}
		if (KEEP || failed) console.log(`kept ${base} (n8n logs, sandbox.log, postgres/, redis/)`);
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
