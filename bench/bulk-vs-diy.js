#!/usr/bin/env node
'use strict';
/**
 * By-hand benchmark (not part of npm test, npm run e2e or CI), in the real n8n
 * 2.x that scripts/e2e prepares (Node 24), against the sandbox with API latency.
 *
 * Part 1, --recipients: N recipients sent as one bulk broadcast, two ways.
 *   DIY (n8n built-in nodes only): Manual Trigger -> Code (makes the N recipients)
 *     -> Code (maps each to Country, Mobile, ctaVar1, ctaVar2, var1, var2)
 *     -> Convert to File (xlsx) -> HTTP Request (multipart upload of the file to
 *     /verification/v3/send, the package's query, header authToken from the
 *     sandbox's login endpoint). One file for all N rows.
 *   The package: Manual Trigger -> Code (same recipients) -> WhatsApp Now,
 *     Send Template in Bulk, Source "Input Items" (5,000 rows per file), mapping
 *     `plain` ({{ $json.phone }}), `text` (+91{{ $json.mobile }}), `fields`
 *     (Phone Field / Variable Fields), each with Output One Item per Recipient
 *     and One Item per File (`<style>-files`).
 *   Plus a baseline: Manual Trigger -> Code (the recipients) alone, for what the
 *   process costs without any sending.
 * Part 2, --sends: N per-item sends with 20 requests in flight: the package's
 *   Send Template (Requests in Flight 20) vs n8n's HTTP Request node doing the
 *   same POSTs. The HTTP Request node's Batching option does not wait for a
 *   batch to finish: with interval 0 it sends every item at once, with an
 *   interval it starts one batch per interval (open loop). Both are measured,
 *   and Loop Over Items (20) -> HTTP Request, the closed loop that caps the
 *   requests in flight at 20. The sandbox reports maxInFlight.
 *
 * For the sends the sandbox's clock splits each request's time: arrival to
 * answer (the sandbox, latency included) and answer to the arrival of the
 * request that took its place (the client: n8n reading the answer, the node,
 * the next request built and connected).
 *
 * Each route is one fresh process: `n8n execute --id=<id> --rawOutput` (the same
 * environment as scripts/e2e/n8n-cli.sh) under `/usr/bin/time -f %M` (peak RSS
 * of the largest process of the tree: n8n main or its JS task runner). While it
 * runs, the RSS of the whole tree (main + task runner) is also sampled every
 * 100 ms, to give the peak while the measured nodes ran (the CLI prints the
 * whole run data as JSON at the end, which the process peak includes). Node
 * times are each node's executionTime from the printed run data. The sandbox is
 * reset before each run and must have accepted exactly one message per
 * recipient, with the right variables. With --sandbox-share (default) the
 * files a route uploaded are sent again from this script straight to the
 * sandbox, to tell the sandbox's own share (XLSX parsing + latency) of the
 * upload time.
 *
 * Run (this 2-core machine: 20000 + sends ~3.5 min, 100000 ~5-7 min):
 *   node bench/bulk-vs-diy.js --recipients 20000 --sends 2000
 *   node bench/bulk-vs-diy.js --recipients 100000 --sends 0
 * Options: --recipients 20000,100000   (default both; 0 skips part 1)
 *          --sends 2000                (default 2000; 0 skips part 2)
 *          --latency 50 --concurrency 20 --batch-interval <ms, default = latency>
 *          --routes baseline,diy,plain,text,fields,plain-files,text-files,fields-files,
 *                   package,http0,httpN,loop
 *          --out <file.json> (default bench/out/bulk-vs-diy.json)
 *          --cpu-prof <dir> (V8 CPU profiles of each execute process; times grow)
 *          --node-options '<flags>' (NODE_OPTIONS of each execute process, e.g.
 *          --expose-gc or --max-old-space-size=2048; replaces --cpu-prof's)
 *          --repeat <k> (default 1): k rounds of every route, the order rotated each
 *          round; tables show medians and min-max, ratios to DIY are the median
 *          of each round's own ratio (a drift of the machine moves both sides)
 *          --no-sandbox-share  --server-running (keep the stack's n8n server up
 *          during the runs; by default it is stopped after the workflows are
 *          created)  --keep (keep the user folder)
 * Needs: bash scripts/e2e/prepare-n8n.sh 2 (run by this script; quick when
 * prepared), /usr/bin/time (apt-get install -y time). Builds the package and the
 * sandbox first (npm run build; tsc -p tsconfig.sandbox.json), retrying while a
 * concurrent edit breaks the build.
 * On 2 cores, expect +-30% between single runs (more if anything else runs), and
 * +-10% on peak RSS (when V8 collects decides it): quote --repeat 3 or more.
 * Results: printed, and merged into bench/out/bulk-vs-diy.json (per N, and sends).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const e2e = require('../scripts/e2e/n8n');
const stack = require('../scripts/e2e/stack');
const { procSnapshot } = require('./proc');

// ------------------------------------------------------------- options ---

const argv = process.argv.slice(2);
function raw(name) {
	const i = argv.indexOf(`--${name}`);
	return i === -1 ? undefined : argv[i + 1];
}
const numberList = (s) =>
	String(s)
		.split(',')
		.map((x) => Number(x.trim()))
		.filter((x) => Number.isInteger(x) && x > 0);
const givenRecipients = raw('recipients');
const givenSends = raw('sends');
const RECIPIENTS =
	givenRecipients !== undefined
		? numberList(givenRecipients)
		: givenSends !== undefined
			? []
			: [20000, 100000];
const SENDS =
	givenSends !== undefined ? Number(givenSends) : givenRecipients !== undefined ? 0 : 2000;
const LATENCY = Number(raw('latency') ?? 50);
const CONCURRENCY = Number(raw('concurrency') ?? 20);
const BATCH_INTERVAL = Number(raw('batch-interval') ?? LATENCY);
const ROUTE_FILTER = raw('routes') ? raw('routes').split(',') : null;
const SANDBOX_SHARE = !argv.includes('--no-sandbox-share');
const SERVER_RUNNING = argv.includes('--server-running');
const KEEP = argv.includes('--keep');
const RUN_TIMEOUT_MS = 30 * 60 * 1000;
const TIME_BIN = '/usr/bin/time';
const CPU_PROF = raw('cpu-prof');
const REPEAT = Math.max(1, Math.floor(Number(raw('repeat') ?? 1)) || 1);
const NODE_OPTIONS = raw('node-options');
const OUT_FILE = raw('out') ?? path.join(stack.REPO, 'bench', 'out', 'bulk-vs-diy.json');

const SEND_PATH = '/verification/v3/send';
const TOKEN_PATH = '/auth/v1/authentication/token';
const WAN = 'n8n-nodes-whatsapp-now.whatsAppNow';
const CREDENTIALS = { messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name } };
const TEMPLATE = { templateName: stack.SEED_TEMPLATE.name, language: stack.SEED_TEMPLATE.language };
// order_update: "Hello {{1}}, your order {{2}} has shipped." (test/fixtures/orderUpdateTemplate.ts)
const VARIABLES = { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.code }}' }] };

const log = (line) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wanted = (key) => !ROUTE_FILTER || ROUTE_FILTER.includes(key);

// ----------------------------------------------------------- workflows ---

/** Recipient i: mobile 98765xxxxx (10 digits), phone +9198765xxxxx, name, code. */
function mobileOf(i) {
	return String(9876500000 + i);
}
const makeRecipientsCode = (n) => `const n = ${n};
const out = new Array(n);
for (let i = 0; i < n; i++) {
  const mobile = String(9876500000 + i);
  out[i] = { json: { mobile, phone: '+91' + mobile, name: 'Customer' + i, code: 'MSG' + i } };
}
return out;`;

// The bulk contact list header: Country, Mobile, ctaVar1, ctaVar2, var1..varN
// (nodes/WhatsAppNow/helpers/xlsx/bulkSheet.ts; N = 2 for order_update).
const MAP_ROWS_CODE = `return $input.all().map((item) => ({
  json: {
    Country: '91',
    Mobile: item.json.mobile,
    ctaVar1: '',
    ctaVar2: '',
    var1: item.json.name,
    var2: item.json.code,
  },
}));`;

const node = stack.workflowNode;
function chain(names) {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++)
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}
function linear(name, nodes) {
	return {
		name,
		nodes,
		connections: chain(nodes.map((n) => n.name)),
		settings: { executionOrder: 'v1' },
	};
}
const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {});
const recipients = (n) =>
	node('Recipients', 'n8n-nodes-base.code', 2, 220, { jsCode: makeRecipientsCode(n) });

/** The query every broadcast carries (transport/api/messages.ts broadcastQuery). */
function broadcastQuery(senderId) {
	return [
		{ name: 'flowType', value: 'WHATSAPP' },
		{ name: 'type', value: 'BROADCAST' },
		{ name: 'templateName', value: TEMPLATE.templateName },
		{ name: 'senderId', value: senderId },
		{ name: 'langId', value: TEMPLATE.language },
	];
}

function httpNode(name, x, { url, token, query, multipart, batching }) {
	return node(name, 'n8n-nodes-base.httpRequest', 4.2, x, {
		method: 'POST',
		url,
		sendQuery: true,
		specifyQuery: 'keypair',
		queryParameters: { parameters: query },
		sendHeaders: true,
		specifyHeaders: 'keypair',
		headerParameters: { parameters: [{ name: 'authToken', value: token }] },
		...(multipart
			? {
					sendBody: true,
					contentType: 'multipart-form-data',
					bodyParameters: {
						parameters: [
							{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' },
						],
					},
				}
			: {}),
		options: batching
			? { batching: { batch: { batchSize: batching.size, batchInterval: batching.interval } } }
			: {},
	});
}

/** The bulk routes: key -> { label, kind, build(n, ctx), measured: node names summed as the route's node time }. */
const BULK_ROUTES = [
	{
		key: 'baseline',
		label: 'baseline: Code (recipients) only',
		kind: 'baseline',
		measured: [],
		build: (n) => linear(`bench ${n}: baseline`, [trigger(), recipients(n)]),
	},
	{
		key: 'diy',
		label: 'DIY: Code map + Convert to File + HTTP Request',
		kind: 'diy',
		measured: ['Map to Sheet Rows', 'Convert to File', 'HTTP Upload'],
		build: (n, ctx) =>
			linear(`bench ${n}: diy`, [
				trigger(),
				recipients(n),
				node('Map to Sheet Rows', 'n8n-nodes-base.code', 2, 440, { jsCode: MAP_ROWS_CODE }),
				node('Convert to File', 'n8n-nodes-base.convertToFile', 1.1, 660, {
					operation: 'xlsx',
					binaryPropertyName: 'data',
					options: { fileName: 'recipients.xlsx' },
				}),
				httpNode('HTTP Upload', 880, {
					url: `${ctx.sandboxUrl}${SEND_PATH}`,
					token: ctx.token,
					query: broadcastQuery(ctx.senderId),
					multipart: true,
				}),
			]),
	},
	// The three mapping styles, each with both outputs (one item per recipient, one per file).
	...[
		{
			key: 'plain',
			label: 'package: expressions {{ $json.phone }}',
			params: { mapping: 'expressions', phoneNumber: '={{ $json.phone }}', variables: VARIABLES },
		},
		{
			key: 'text',
			label: 'package: expressions +91{{ $json.mobile }}',
			params: {
				mapping: 'expressions',
				phoneNumber: '=+91{{ $json.mobile }}',
				variables: VARIABLES,
			},
		},
		{
			key: 'fields',
			label: 'package: fields',
			params: {
				mapping: 'fields',
				phoneField: 'phone',
				variableFields: { field: [{ name: 'name' }, { name: 'code' }] },
			},
		},
	]
		.flatMap((style) => [
			{ ...style, params: { ...style.params, options: {} } },
			{
				key: `${style.key}-files`,
				label: `${style.label}, output files`,
				params: { ...style.params, options: { output: 'files' } },
			},
		])
		.map((r) => ({
			key: r.key,
			label: r.label,
			kind: 'package',
			measured: ['WhatsApp Now'],
			build: (n) =>
				linear(`bench ${n}: ${r.key}`, [
					trigger(),
					recipients(n),
					node(
						'WhatsApp Now',
						WAN,
						1,
						440,
						{
							resource: 'message',
							operation: 'sendTemplateBulk',
							...TEMPLATE,
							source: 'items',
							...r.params,
						},
						{ credentials: CREDENTIALS },
					),
				]),
		})),
];

/** The per-item send routes. */
function sendQuery(senderId) {
	return [
		...broadcastQuery(senderId),
		{ name: 'countryCode', value: '91' },
		{ name: 'mobileNumber', value: '={{ $json.mobile }}' },
		{ name: 'variables', value: '={{ $json.name }}, {{ $json.code }}' },
	];
}
const SEND_ROUTES = [
	{
		key: 'package',
		label: `package: Send Template, Requests in Flight ${CONCURRENCY}`,
		measured: ['Send Template'],
		build: (n) =>
			linear(`bench sends ${n}: package`, [
				trigger(),
				recipients(n),
				node(
					'Send Template',
					WAN,
					1,
					440,
					{
						resource: 'message',
						operation: 'sendTemplate',
						...TEMPLATE,
						phoneNumber: '={{ $json.phone }}',
						variables: VARIABLES,
						options: { concurrency: CONCURRENCY },
					},
					{ credentials: CREDENTIALS },
				),
			]),
	},
	{
		key: 'http0',
		label: `HTTP Request, Batching ${CONCURRENCY} items / 0 ms`,
		measured: ['HTTP Request'],
		build: (n, ctx) =>
			linear(`bench sends ${n}: http batching 0`, [
				trigger(),
				recipients(n),
				httpNode('HTTP Request', 440, {
					url: `${ctx.sandboxUrl}${SEND_PATH}`,
					token: ctx.token,
					query: sendQuery(ctx.senderId),
					batching: { size: CONCURRENCY, interval: 0 },
				}),
			]),
	},
	{
		key: 'httpN',
		label: `HTTP Request, Batching ${CONCURRENCY} items / ${BATCH_INTERVAL} ms`,
		measured: ['HTTP Request'],
		build: (n, ctx) =>
			linear(`bench sends ${n}: http batching ${BATCH_INTERVAL}`, [
				trigger(),
				recipients(n),
				httpNode('HTTP Request', 440, {
					url: `${ctx.sandboxUrl}${SEND_PATH}`,
					token: ctx.token,
					query: sendQuery(ctx.senderId),
					batching: { size: CONCURRENCY, interval: BATCH_INTERVAL },
				}),
			]),
	},
	{
		key: 'loop',
		label: `Loop Over Items (${CONCURRENCY}) -> HTTP Request`,
		measured: ['Loop Over Items', 'HTTP Request'],
		build: (n, ctx) => ({
			name: `bench sends ${n}: loop`,
			nodes: [
				trigger(),
				recipients(n),
				node('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, 440, {
					batchSize: CONCURRENCY,
					options: {},
				}),
				httpNode('HTTP Request', 660, {
					url: `${ctx.sandboxUrl}${SEND_PATH}`,
					token: ctx.token,
					query: sendQuery(ctx.senderId),
				}),
			],
			connections: {
				Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
				Recipients: { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
				// output 0 "done" goes nowhere, output 1 "loop" to the request
				'Loop Over Items': { main: [[], [{ node: 'HTTP Request', type: 'main', index: 0 }]] },
				'HTTP Request': { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		}),
	},
];

// ------------------------------------------------------------- process ---

function pageSize() {
	const r = spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' });
	return Number(r.stdout) || 4096;
}
const PAGE = pageSize();

/**
 * Samples the RSS of every descendant of rootPid (the /usr/bin/time process)
 * every intervalMs: `main` is its direct child (n8n), `others` the rest (task runners).
 */
function startRssSampler(rootPid, intervalMs = 100) {
	const samples = [];
	let tree = { main: null, others: [] };
	let lastScan = 0;
	const rssOf = (pid) => {
		try {
			return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
		} catch {
			return 0;
		}
	};
	const scan = () => {
		const table = procSnapshot();
		const kids = (p) => [...table].filter(([, x]) => x.ppid === p).map(([pid]) => pid);
		const main = kids(rootPid)[0] ?? null;
		const others = [];
		const queue = main ? kids(main) : [];
		while (queue.length) {
			const pid = queue.shift();
			others.push(pid);
			queue.push(...kids(pid));
		}
		tree = { main, others };
	};
	const tick = () => {
		const now = Date.now();
		if (now - lastScan > 1000) {
			scan();
			lastScan = now;
		}
		if (!tree.main) return;
		const main = rssOf(tree.main);
		const others = tree.others.reduce((s, pid) => s + rssOf(pid), 0);
		samples.push({ t: now, main, others });
	};
	const timer = setInterval(tick, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return samples;
		},
	};
}

/** `n8n execute --id=<id> --rawOutput` under /usr/bin/time, with n8n-cli.sh's environment. */
async function executeTimed(st, workflowId) {
	const info = e2e.n8nInfo(2);
	const running = SERVER_RUNNING ? e2e.runningInstance(st.userFolder) : null;
	const env = e2e.n8nEnv({
		major: 2,
		userFolder: st.userFolder,
		port: running ? running.port : await e2e.freePort(),
		brokerPort: await e2e.freePort(),
		// --cpu-prof <dir>: V8 CPU profiles of the execute process (and its task runner), for where the time goes.
		extra: NODE_OPTIONS
			? { NODE_OPTIONS }
			: CPU_PROF
				? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(CPU_PROF)}` }
				: {},
	});
	const timeFile = path.join(st.userFolder, `time-${workflowId}.txt`);
	// stdout to a file, not a pipe: n8n exits right after printing the run data,
	// and through a pipe the tail of a large print is lost (seen at 10 MB).
	const outFile = path.join(st.userFolder, `execute-${workflowId}.stdout`);
	const errFile = `${outFile}.stderr`;
	const outFd = fs.openSync(outFile, 'w');
	const errFd = fs.openSync(errFile, 'w');
	const started = Date.now();
	const child = spawn(
		TIME_BIN,
		[
			'-f',
			'%M %e %U %S',
			'-o',
			timeFile,
			info.node,
			info.main,
			'execute',
			`--id=${workflowId}`,
			'--rawOutput',
		],
		{ cwd: st.userFolder, env, stdio: ['ignore', outFd, errFd] },
	);
	fs.closeSync(outFd);
	fs.closeSync(errFd);
	const sampler = startRssSampler(child.pid);
	const code = await new Promise((resolve, reject) => {
		const t = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
		child.on('error', reject);
		child.on('close', (c) => {
			clearTimeout(t);
			resolve(c);
		});
	});
	const samples = sampler.stop();
	const wallMs = Date.now() - started;
	const stdout = fs.readFileSync(outFile, 'utf8');
	const stderr = fs.readFileSync(errFile, 'utf8');
	const [maxRssKb, elapsed, user, sys] = fs
		.readFileSync(timeFile, 'utf8')
		.trim()
		.split('\n')
		.pop()
		.split(' ')
		.map(Number);
	fs.rmSync(timeFile, { force: true });
	if (code !== 0) {
		const tail = `${stdout.slice(-3000)}\n${stderr.slice(-3000)}`;
		throw new Error(`n8n execute --id=${workflowId} exited ${code}:\n${tail}`);
	}
	// stdout: log lines, then the run data as pretty JSON from a line "{" to the last "}".
	const start = stdout.startsWith('{\n') ? 0 : stdout.indexOf('\n{\n') + 1;
	const end = stdout.lastIndexOf('\n}');
	if (start <= 0 && !stdout.startsWith('{\n'))
		throw new Error(`no JSON in the output:\n${stdout.slice(0, 2000)}`);
	let run;
	try {
		run = JSON.parse(stdout.slice(start, end + 2));
	} catch (error) {
		throw new Error(
			`the run data printed by n8n execute does not parse (${error.message}); its stdout: ${outFile}`,
		);
	}
	fs.rmSync(outFile, { force: true });
	fs.rmSync(errFile, { force: true });
	return {
		run,
		wallMs,
		maxRssKb,
		cpuS: user + sys,
		elapsedS: elapsed,
		samples,
		stdoutBytes: stdout.length,
	};
}

/** Per node: time (sum of its runs' executionTime), runs, first start, last end, output items of the last run. */
function nodeStats(run) {
	const runData = run.data.resultData.runData;
	const stats = {};
	for (const [name, runs] of Object.entries(runData)) {
		const last = runs[runs.length - 1];
		const main = last.data && last.data.main;
		stats[name] = {
			ms: runs.reduce((s, r) => s + r.executionTime, 0),
			runs: runs.length,
			start: Math.min(...runs.map((r) => r.startTime)),
			end: Math.max(...runs.map((r) => r.startTime + r.executionTime)),
			outputItems: main ? main.reduce((s, o) => s + (o ? o.length : 0), 0) : 0,
			error: last.error ? last.error.message : undefined,
		};
	}
	return stats;
}

function rssPeaks(samples, window) {
	const peak = (list) =>
		list.reduce(
			(p, s) => ({ main: Math.max(p.main, s.main), tree: Math.max(p.tree, s.main + s.others) }),
			{ main: 0, tree: 0 },
		);
	const all = peak(samples);
	const inWindow = window
		? peak(samples.filter((s) => s.t >= window[0] && s.t <= window[1] + 100))
		: null;
	// After the last measured node: the rest of the workflow, then n8n saving and printing the run data.
	const after = window ? peak(samples.filter((s) => s.t > window[1] + 100)) : null;
	const mb = (b) => Math.round(b / 1048576);
	return {
		samples: samples.length,
		processTreeMb: mb(all.tree),
		mainMb: mb(all.main),
		measuredNodesTreeMb: inWindow ? mb(inWindow.tree) : null,
		measuredNodesMainMb: inWindow ? mb(inWindow.main) : null,
		afterNodesTreeMb: after ? mb(after.tree) : null,
		afterNodesMainMb: after ? mb(after.main) : null,
	};
}

// ------------------------------------------------------------- sandbox ---

async function freshSandbox(st) {
	await st.sandbox.control.reset();
	await st.sandbox.control.configure({ latencyMs: LATENCY });
	await st.sandbox.control.seedTemplate(stack.SEED_TEMPLATE);
}

async function loginToken(st) {
	const c = stack.sandboxConstants();
	const qs = new URLSearchParams({
		customerId: c.customerId,
		key: Buffer.from(c.password, 'utf8').toString('base64'),
		scope: 'NEW',
	});
	const res = await fetch(`${st.sandbox.url}${TOKEN_PATH}?${qs}`);
	const body = await res.json();
	if (res.status !== 200 || typeof body.token !== 'string')
		throw new Error(`the sandbox login answered ${res.status}`);
	return body.token;
}

/** Every recipient 0..n-1 got exactly one message, with its own variables. */
async function checkDelivery(st, n, label) {
	const state = await st.sandbox.control.state();
	const byTo = new Map();
	for (const m of state.messages) byTo.set(m.to, (byTo.get(m.to) || 0) + 1);
	const problems = [];
	if (state.messages.length !== n)
		problems.push(`${state.messages.length} messages for ${n} recipients`);
	let wrong = 0;
	for (const m of state.messages) {
		const i = Number(m.mobileNumber) - 9876500000;
		if (
			!(i >= 0 && i < n) ||
			m.countryCode !== '91' ||
			(m.variables || []).join('|') !== `Customer${i}|MSG${i}`
		)
			wrong++;
	}
	if (wrong) problems.push(`${wrong} messages to an unexpected number or with wrong variables`);
	let missing = 0;
	for (let i = 0; i < n; i++) if (byTo.get(`91${mobileOf(i)}`) !== 1) missing++;
	if (missing) problems.push(`${missing} recipients without exactly one message`);
	if (problems.length) throw new Error(`${label}: ${problems.join('; ')}`);
	const requests = await st.sandbox.control.requests();
	const sends = requests.filter((r) => r.path === SEND_PATH);
	const failed = sends.filter((r) => r.status !== 200);
	if (failed.length)
		throw new Error(
			`${label}: ${failed.length} send requests failed: ${JSON.stringify(failed[0].response)}`,
		);
	return {
		messages: state.messages.length,
		viaFile: state.messages.filter((m) => m.viaFile).length,
		sendRequests: sends.length,
		tokenRequests: state.tokenRequests,
		maxInFlight: state.maxInFlight,
		// Closed loops only: with more in flight than that, an answer has no one replacement.
		timing: sends.length >= 100 && state.maxInFlight <= CONCURRENCY ? requestTiming(sends) : null,
		uploads: sends
			.filter((r) => r.files && r.files.length)
			.map((r) => ({
				query: r.query,
				filename: r.files[0].filename,
				mimeType: r.files[0].mimeType,
				bytes: r.files[0].size,
				rows: r.xlsx ? r.xlsx.rows.length : null,
				header: r.xlsx ? r.xlsx.header : null,
				base64: r.files[0].base64,
			})),
	};
}

/**
 * Where a request's time goes, from the sandbox's clock: `sandboxMs`, arrival
 * to answer (its 50 ms latency included); `turnaroundMs`, an answer to the
 * arrival of the request that took its place (the client reading the answer,
 * n8n handing it back, the next request being built and connected). With k in
 * flight, the k-th arrival after an answer is its replacement.
 */
function requestTiming(sends) {
	const k = Math.max(1, Math.min(CONCURRENCY, sends.length - 1));
	const arrivals = sends.map((r) => r.at).sort((a, b) => a - b);
	const answers = sends.map((r) => r.answeredAt).sort((a, b) => a - b);
	const own = sends.map((r) => r.answeredAt - r.at);
	const turnaround = [];
	for (let i = k; i < arrivals.length; i++) turnaround.push(arrivals[i] - answers[i - k]);
	const pct = (list) => {
		const sorted = [...list].sort((a, b) => a - b);
		const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
		return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
	};
	return { sandboxMs: pct(own), turnaroundMs: pct(turnaround) };
}

/** Sends the same files again, one after the other, straight to the sandbox: its own time per upload. */
async function sandboxShare(st, uploads, token) {
	await freshSandbox(st);
	const each = [];
	for (const u of uploads) {
		const form = new FormData();
		form.append(
			'file',
			new Blob([Buffer.from(u.base64, 'base64')], { type: u.mimeType }),
			u.filename,
		);
		const t0 = performance.now();
		const res = await fetch(`${st.sandbox.url}${SEND_PATH}?${new URLSearchParams(u.query)}`, {
			method: 'POST',
			headers: { authToken: token },
			body: form,
		});
		const text = await res.text();
		if (res.status !== 200)
			throw new Error(`re-upload answered ${res.status}: ${text.slice(0, 200)}`);
		each.push(Math.round(performance.now() - t0));
	}
	await st.sandbox.control.reset();
	return { ms: each.reduce((a, b) => a + b, 0), each };
}

// ---------------------------------------------------------------- runs ---

async function runRoute(st, ctx, route, workflowId, n) {
	await freshSandbox(st);
	// Other work on the machine (2 cores here) skews everything: keep a trace of it.
	const loadBefore = Number(os.loadavg()[0].toFixed(2));
	log(`${route.label}, N = ${n}: n8n execute --id=${workflowId} (load average ${loadBefore})`);
	const exec = await executeTimed(st, workflowId);
	const nodes = nodeStats(exec.run);
	for (const [name, s] of Object.entries(nodes))
		if (s.error) throw new Error(`${route.label}: node ${name} failed: ${s.error}`);
	const delivery =
		route.kind === 'baseline'
			? { messages: 0, sendRequests: 0, uploads: [] }
			: await checkDelivery(st, n, route.label);
	const measured = route.measured.filter((name) => nodes[name]);
	const window = measured.length
		? [
				Math.min(...measured.map((m) => nodes[m].start)),
				Math.max(...measured.map((m) => nodes[m].end)),
			]
		: nodes.Recipients
			? [nodes.Recipients.start, nodes.Recipients.end]
			: null;
	const share =
		SANDBOX_SHARE && delivery.uploads && delivery.uploads.length
			? await sandboxShare(st, delivery.uploads, ctx.token)
			: null;
	const result = {
		route: route.key,
		label: route.label,
		workflowId,
		nodeMs: Object.fromEntries(Object.entries(nodes).map(([k, v]) => [k, v.ms])),
		nodeRuns: Object.fromEntries(Object.entries(nodes).map(([k, v]) => [k, v.runs])),
		outputItems: Object.fromEntries(Object.entries(nodes).map(([k, v]) => [k, v.outputItems])),
		measuredNodes: route.measured,
		totalNodeMs: measured.reduce((s, m) => s + nodes[m].ms, 0),
		spanMs: window ? window[1] - window[0] : null,
		executionMs: new Date(exec.run.stoppedAt) - new Date(exec.run.startedAt),
		processWallMs: exec.wallMs,
		loadAverage1mBefore: loadBefore,
		processCpuS: Number(exec.cpuS.toFixed(1)),
		peakRssMb: Math.round(exec.maxRssKb / 1024),
		sampledRss: rssPeaks(exec.samples, window),
		stdoutMb: Number((exec.stdoutBytes / 1048576).toFixed(1)),
		sandbox: {
			messages: delivery.messages,
			viaFile: delivery.viaFile,
			sendRequests: delivery.sendRequests,
			tokenRequests: delivery.tokenRequests,
			maxInFlight: delivery.maxInFlight,
			timing: delivery.timing,
			uploads: (delivery.uploads || []).map(({ base64: _b, query: _q, ...u }) => u),
			reuploadMs: share ? share.ms : null,
			reuploadEachMs: share ? share.each : null,
		},
	};
	log(
		`  node time ${sec(result.totalNodeMs)} (${Object.entries(result.nodeMs)
			.map(([k, v]) => `${k} ${sec(v)}`)
			.join(
				', ',
			)}), peak RSS ${result.peakRssMb} MB, process ${sec(exec.wallMs)}, ${delivery.sendRequests} send request(s)${
			share ? `, sandbox alone ${sec(share.ms)}` : ''
		}`,
	);
	return result;
}

const median = (list) => {
	const sorted = [...list].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs every route of `plans` REPEAT times, rotating the order each round, and
 * returns one row per route: the run with the median node time (for its
 * per-node breakdown), with the median node time and peak RSS over all rounds,
 * each round's figures under `rounds`, and (against `pairWith`, e.g. DIY) the
 * median of the rounds' own ratios.
 */
async function runRounds(plans, runOne, pairWith) {
	const runs = new Map(plans.map((p) => [p.route.key, []]));
	for (let round = 0; round < REPEAT; round++) {
		for (let i = 0; i < plans.length; i++) {
			const p = plans[(i + round) % plans.length];
			const r = await runOne(p);
			r.kind = p.route.kind;
			runs.get(p.route.key).push(r);
		}
	}
	const rows = plans.map((p) => {
		const list = runs.get(p.route.key);
		const byTime = [...list].sort((a, b) => a.totalNodeMs - b.totalNodeMs);
		return {
			...byTime[Math.floor((byTime.length - 1) / 2)],
			totalNodeMs: median(list.map((r) => r.totalNodeMs)),
			peakRssMb: median(list.map((r) => r.peakRssMb)),
			rounds: list.map((r) => ({
				totalNodeMs: r.totalNodeMs,
				peakRssMb: r.peakRssMb,
				processWallMs: r.processWallMs,
			})),
		};
	});
	const base = pairWith && rows.find((r) => r.route === pairWith);
	if (base)
		for (const r of rows)
			if (r !== base)
				r.ratioToBase = {
					time: median(r.rounds.map((x, k) => x.totalNodeMs / base.rounds[k].totalNodeMs)),
					peakRss: median(r.rounds.map((x, k) => x.peakRssMb / base.rounds[k].peakRssMb)),
				};
	return rows;
}

const range = (row, field) => {
	const values = row.rounds.map((x) => x[field]);
	return `${Math.min(...values)}-${Math.max(...values)}`;
};

const sec = (ms) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : '-');
const fixed = (x) => (x === undefined ? '-' : `${x.toFixed(2)}x`);

function bulkTable(n, rows) {
	const diy = rows.find((r) => r.route === 'diy');
	const cols = [
		['route', Math.max(5, ...rows.map((r) => r.label.length)), (r) => r.label],
		['make', 7, (r) => sec(r.nodeMs.Recipients)],
		['map', 7, (r) => sec(r.nodeMs['Map to Sheet Rows'])],
		['convert', 8, (r) => sec(r.nodeMs['Convert to File'])],
		['HTTP', 7, (r) => sec(r.nodeMs['HTTP Upload'])],
		['WA Now', 7, (r) => sec(r.nodeMs['WhatsApp Now'])],
		['node total', 10, (r) => (r.route === 'baseline' ? '-' : sec(r.totalNodeMs))],
		['uploads', 7, (r) => String(r.sandbox.sendRequests)],
		['sandbox', 8, (r) => sec(r.sandbox.reuploadMs)],
		['RSS MB', 6, (r) => String(r.peakRssMb)],
		['RSS@nodes', 9, (r) => String(r.sampledRss.measuredNodesTreeMb ?? '-')],
		['RSS@after', 9, (r) => String(r.sampledRss.afterNodesTreeMb ?? '-')],
		['process', 8, (r) => sec(r.processWallMs)],
		['time/DIY', 8, (r) => (r.kind === 'package' && diy ? fixed(r.ratioToBase?.time) : '-')],
		['RSS/DIY', 7, (r) => (r.kind === 'package' && diy ? fixed(r.ratioToBase?.peakRss) : '-')],
		...(REPEAT > 1
			? [
					['node ms min-max', 15, (r) => (r.route === 'baseline' ? '-' : range(r, 'totalNodeMs'))],
					['RSS min-max', 11, (r) => range(r, 'peakRssMb')],
				]
			: []),
	];
	const line = (cells) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(cols[i][1]) : c.padStart(cols[i][1]))).join(' ');
	return [
		`N = ${n} recipients, sandbox latency ${LATENCY} ms${REPEAT > 1 ? `, medians of ${REPEAT} rounds` : ''}`,
		line(cols.map((c) => c[0])),
		...rows.map((r) => line(cols.map((c) => c[2](r)))),
	].join('\n');
}

const timingCell = (timing, key) => (timing ? `${timing[key].p50}/${timing[key].p90} ms` : '-');

function sendsTable(n, rows, floorMs) {
	const cols = [
		['route', Math.max(5, ...rows.map((r) => r.label.length)), (r) => r.label],
		['node time', 9, (r) => sec(r.totalNodeMs)],
		['span', 8, (r) => sec(r.spanMs)],
		['x floor', 7, (r) => ratio(r.totalNodeMs, floorMs)],
		...(REPEAT > 1 ? [['node ms min-max', 15, (r) => range(r, 'totalNodeMs')]] : []),
		['requests', 8, (r) => String(r.sandbox.sendRequests)],
		['maxInFlight', 11, (r) => String(r.sandbox.maxInFlight)],
		['sandbox p50/p90', 16, (r) => timingCell(r.sandbox.timing, 'sandboxMs')],
		['turnaround p50/p90', 18, (r) => timingCell(r.sandbox.timing, 'turnaroundMs')],
		['RSS MB', 6, (r) => String(r.peakRssMb)],
		['process', 8, (r) => sec(r.processWallMs)],
	];
	const line = (cells) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(cols[i][1]) : c.padStart(cols[i][1]))).join(' ');
	return [
		`${n} per-item sends, sandbox latency ${LATENCY} ms, ${CONCURRENCY} in flight: floor ${n} x ${LATENCY} ms / ${CONCURRENCY} = ${sec(floorMs)}${REPEAT > 1 ? `, medians of ${REPEAT} rounds` : ''}`,
		line(cols.map((c) => c[0])),
		...rows.map((r) => line(cols.map((c) => c[2](r)))),
	].join('\n');
}

// ---------------------------------------------------------------- main ---

/**
 * npm run build + the sandbox compile, the package installed into the user
 * folder (npm pack, as n8n does) and the stack started. Another engineer may be
 * building or editing at the same time (npm run build empties dist/ first), so
 * any failure up to a started stack is retried after 30 s.
 */
async function buildAndStartStack(userFolder, attempts = 10) {
	for (let attempt = 1; ; attempt++) {
		try {
			log('building (npm run build, tsc -p tsconfig.sandbox.json)');
			stack.buildAll();
			await stack.installPackage(userFolder);
			const installed = path.join(
				userFolder,
				'.n8n',
				'nodes',
				'node_modules',
				'n8n-nodes-whatsapp-now',
				'dist',
				'nodes',
				'WhatsAppNow',
				'WhatsAppNow.node.js',
			);
			if (!fs.existsSync(installed)) throw new Error(`${installed} is missing after the install`);
			log(`installed the package into ${userFolder}`);
			return await stack.startStack({
				major: 2,
				userFolder,
				install: false,
				activate: [],
				callbackRole: null,
			});
		} catch (error) {
			const first =
				String(error.message)
					.split('\n')
					.find((l) => /error/i.test(l)) || String(error.message).split('\n')[0];
			if (attempt >= attempts) throw error;
			log(
				`build/install/start failed (a concurrent edit or build?): ${first.trim()}; retrying in 30 s (${attempt}/${attempts})`,
			);
			await sleep(30000);
		}
	}
}

function gitInfo() {
	const git = (args) => spawnSync('git', args, { cwd: stack.REPO, encoding: 'utf8' }).stdout.trim();
	return {
		head: git(['rev-parse', '--short', 'HEAD']),
		dirty: git(['status', '--short', '--', 'nodes', 'helpers', 'credentials'])
			.split('\n')
			.filter(Boolean),
	};
}

async function main() {
	if (!fs.existsSync(TIME_BIN)) throw new Error(`${TIME_BIN} is missing: apt-get install -y time`);
	const prep = spawnSync('bash', [path.join(stack.REPO, 'scripts', 'e2e', 'prepare-n8n.sh'), '2'], {
		stdio: 'inherit',
	});
	if (prep.status !== 0) throw new Error('prepare-n8n.sh 2 failed');
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-bench-diy-'));
	const st = await buildAndStartStack(userFolder).catch((error) => {
		if (!KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	});
	const git = gitInfo(); // the code measured: HEAD plus the uncommitted changes at install time
	st.userFolder = userFolder;
	const outFile = path.resolve(OUT_FILE);
	const result = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : {};
	const tables = [];
	try {
		const ctx = {
			sandboxUrl: st.sandbox.url,
			senderId: stack.sandboxConstants().senderId,
			token: await loginToken(st),
		};
		// Create every workflow while the server runs, then (by default) stop it.
		const plan = [];
		for (const n of RECIPIENTS)
			for (const route of BULK_ROUTES.filter((r) => wanted(r.key)))
				plan.push({
					part: 'bulk',
					n,
					route,
					wf: await st.client.createWorkflow(route.build(n, ctx)),
				});
		if (SENDS > 0)
			for (const route of SEND_ROUTES.filter((r) => wanted(r.key)))
				plan.push({
					part: 'sends',
					n: SENDS,
					route,
					wf: await st.client.createWorkflow(route.build(SENDS, ctx)),
				});
		log(`created ${plan.length} workflows`);
		if (!SERVER_RUNNING) {
			await st.n8n.stop();
			log('stopped the n8n server: each route runs alone in its own `n8n execute` process');
		}
		const common = {
			n8n: st.n8n.version,
			node: spawnSync(e2e.n8nInfo(2).node, ['--version'], { encoding: 'utf8' }).stdout.trim(),
			machine: `${os.cpus().length} x ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GB`,
			git,
			latencyMs: LATENCY,
			serverRunningDuringRuns: SERVER_RUNNING,
			at: new Date().toISOString(),
		};

		for (const n of RECIPIENTS) {
			const rows = await runRounds(
				plan.filter((x) => x.part === 'bulk' && x.n === n),
				(p) => runRoute(st, ctx, p.route, p.wf.id, n),
				'diy',
			);
			const table = bulkTable(n, rows);
			tables.push(table);
			console.log(`\n${table}\n`);
			const diy = rows.find((r) => r.route === 'diy');
			result.recipients = result.recipients || {};
			result.recipients[n] = {
				...common,
				recipients: n,
				routes: rows,
				rounds: REPEAT,
				ratiosToDiy: diy
					? Object.fromEntries(
							rows
								.filter((r) => r.kind === 'package')
								.map((r) => [
									r.route,
									{
										time: Number(r.ratioToBase.time.toFixed(2)),
										peakRss: Number(r.ratioToBase.peakRss.toFixed(2)),
									},
								]),
						)
					: null,
			};
			writeOut(outFile, result);
		}

		if (SENDS > 0) {
			const floorMs = (SENDS * LATENCY) / CONCURRENCY;
			const rows = await runRounds(
				plan.filter((x) => x.part === 'sends'),
				(p) => runRoute(st, ctx, p.route, p.wf.id, SENDS),
				null,
			);
			const table = sendsTable(SENDS, rows, floorMs);
			tables.push(table);
			console.log(`\n${table}\n`);
			result.sends = {
				...common,
				sends: SENDS,
				concurrency: CONCURRENCY,
				batchIntervalMs: BATCH_INTERVAL,
				floorMs,
				rounds: REPEAT,
				routes: rows.map((r) => ({
					...r,
					ratioToFloor: Number((r.totalNodeMs / floorMs).toFixed(2)),
				})),
			};
			writeOut(outFile, result);
		}
		console.log(`\n${tables.join('\n\n')}\n\nwritten: ${path.relative(stack.REPO, outFile)}`);
		console.log(
			[
				'make = the Recipients Code node (not counted); node total = DIY: map + convert + HTTP, package: the WhatsApp Now node;',
				'uploads = send requests the sandbox received; sandbox = the same files re-sent from this script straight to the sandbox',
				'(its XLSX parsing + latency, sequentially); RSS MB = /usr/bin/time %M of the execute process (largest process of the tree);',
				'RSS@nodes = sampled RSS of n8n main + task runner while the measured nodes ran, RSS@after = after them (n8n saving and',
				'printing the run data); process = wall time of the whole n8n execute. Sends: sandbox = arrival to answer at the',
				'sandbox (latency included), turnaround = an answer to the arrival of the request that took its place (n8n side).',
			].join('\n'),
		);
	} finally {
		await st.stop();
		if (KEEP) log(`kept ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

function writeOut(file, data) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

main().catch((error) => {
	console.error(`[bench] ERROR: ${error.stack || error.message}`);
	process.exit(1);
});
