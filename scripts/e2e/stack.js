'use strict';
/**
 * The whole stack for `npm run dev`, `npm run e2e` and the end-to-end benchmark:
 * the sandbox (its CLI, as a child process), a real n8n with this package
 * installed, the "Message Central Sandbox" credential and the example
 * workflows imported with n8n's CLI, and the trigger workflows activated.
 * Plain CommonJS on top of n8n.js; types in stack.d.ts.
 *
 * Secrets (the webhook secret, the owner password) are never printed.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFile, spawnSync } = require('node:child_process');
const e2e = require('./n8n');
const { startFakeModel } = require('../fake-model');

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(REPO, 'examples');
const SANDBOX_CLI = path.join(REPO, '.build', 'sandbox', 'cli.js');

/** The credential every example references (type messageCentralApi, docs/public-contract.md). */
const CREDENTIAL = {
	id: 'mcSandboxCred001',
	name: 'Message Central Sandbox',
	type: 'messageCentralApi',
};

/** The example workflows (examples/*.json) by role. */
const EXAMPLES = {
	templateFlow: { file: 'template-create-wait-send.json', id: 'wanExTemplateFlw' },
	bulk: { file: 'bulk-broadcast-from-list.json', id: 'wanExBulkBroadc1' },
	chatImage: { file: 'chat-with-image.json', id: 'wanExChatImage01' },
	triggerReply: { file: 'trigger-reply.json', id: 'wanExTriggerRply' },
	triggerStatus: { file: 'trigger-status-log.json', id: 'wanExTriggerStat' },
	otpSignIn: { file: 'otp-sign-in.json', id: 'wanExOtpSignIn01' },
	templateStatus: { file: 'template-get-status.json', id: 'wanExTmplStatus1' },
	sendAndWait: { file: 'send-and-wait-approval.json', id: 'wanExSendAndWait' },
	aiAgent: { file: 'whatsapp-ai-agent.json', id: 'wanExAiAgent0001' },
	optOuts: { file: 'whatsapp-opt-outs.json', id: 'wanExOptOuts0001' },
};

/** The OpenAI-compatible credential of the AI agent example, pointed at scripts/fake-model.js. */
const MODEL_CREDENTIAL = {
	id: 'wanFakeModelCred',
	name: 'Fake Model (local)',
	type: 'openAiApi',
};

/** The approved template the bulk example sends (seeded into the sandbox). */
const SEED_TEMPLATE = {
	// Pinned: examples/template-get-status.json looks this template up by its ID.
	id: '790937216444001',
	name: 'order_update',
	language: 'en_US',
	category: 'UTILITY',
	status: 'APPROVED',
	components: [
		{ type: 'HEADER', format: 'TEXT', text: 'Your order' },
		{
			type: 'BODY',
			text: 'Hello {{1}}, your order {{2}} has shipped.',
			example: { body_text: [['John', 'MSG3453']] },
		},
		{ type: 'FOOTER', text: 'Reply STOP to unsubscribe' },
	],
};

/**
 * The approved template Send and Wait for Response goes out as: one dynamic
 * URL button pointing at this n8n's waiting webhooks (README, "the template
 * recipe"). Seeded once n8n's address is known.
 */
function approvalTemplate(n8nPublicUrl) {
	const base = n8nPublicUrl.replace(/\/+$/, '');
	return {
		// No fixed ID: templates the e2e run creates take IDs from the same sequence.
		name: 'approval_request',
		language: 'en_US',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{
				type: 'BODY',
				text: '{{1}} asks for your decision: {{2}}',
				example: { body_text: [['Asha', 'refund of 120 EUR for order 1001']] },
			},
			{
				type: 'BUTTONS',
				buttons: [
					{
						type: 'URL',
						text: 'Respond',
						url: `${base}/webhook-waiting/{{1}}`,
						example: [`${base}/webhook-waiting/1/node?item=0&signature=0`],
					},
				],
			},
		],
	};
}

/**
 * n8n's public address (WEBHOOK_URL, what its links use): n8n.js starts n8n
 * as localhost, while the scripts talk to the loopback address. n8n 1.x signs
 * the host into Send and Wait links, so a template button must use this one.
 */
const publicUrl = (n8n) => n8n.baseUrl.replace('//127.0.0.1:', '//localhost:');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function log(line) {
	console.log(`[stack ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** Runs a command in the repository; throws with its output's tail when it fails. */
function run(cmd, args, { quiet = true, env } = {}) {
	const r = spawnSync(cmd, args, {
		cwd: REPO,
		encoding: 'utf8',
		env: env || process.env,
		stdio: quiet ? 'pipe' : 'inherit',
	});
	if (r.status !== 0) {
		const out = `${r.stdout || ''}${r.stderr || ''}`.split('\n').slice(-40).join('\n');
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})${out ? `:\n${out}` : ''}`);
	}
	return r.stdout || '';
}

/** npm run build (dist/) and the sandbox's own compile (.build/sandbox). */
function buildAll({ quiet = true } = {}) {
	run('npm', ['run', 'build', '--silent'], { quiet });
	run(
		process.execPath,
		[path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.sandbox.json'],
		{ quiet },
	);
}

/** Constants of the compiled sandbox (customer id, password, sender id). */
function sandboxConstants() {
	if (!fs.existsSync(SANDBOX_CLI))
		throw new Error(
			`${SANDBOX_CLI} is missing: compile the sandbox (tsc -p tsconfig.sandbox.json)`,
		);
	const s = require(path.join(REPO, '.build', 'sandbox', 'state.js'));
	return {
		customerId: s.SANDBOX_CUSTOMER_ID,
		password: s.SANDBOX_PASSWORD,
		senderId: s.SANDBOX_SENDER_ID,
	};
}

// ------------------------------------------------------------- sandbox ---

/** A client for the sandbox's /__sandbox control endpoints. */
class SandboxControl {
	constructor(url) {
		this.url = url.replace(/\/$/, '');
	}

	async call(method, route, body) {
		const res = await fetch(`${this.url}/__sandbox${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (res.status !== 200)
			throw new Error(`sandbox ${method} ${route} answered ${res.status}: ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : undefined;
	}

	state() {
		return this.call('GET', '/state');
	}
	requests() {
		return this.call('GET', '/requests');
	}
	configure(partial) {
		return this.call('POST', '/config', partial);
	}
	reset() {
		return this.call('POST', '/reset', {});
	}
	seedTemplate(template) {
		return this.call('POST', '/templates', template);
	}
	inbound(message) {
		return this.call('POST', '/inbound', message);
	}
	/** A status callback for a message the sandbox sent (e.g. `failed` with an error code). */
	status(input) {
		return this.call('POST', '/status', input);
	}
	addFault(fault) {
		return this.call('POST', '/faults', fault);
	}
	/** Every token issued so far stops working (the next API call answers 401). */
	expireTokens() {
		return this.call('POST', '/expire-tokens', {});
	}
	/** The last one-time password "sent" to a number (country code + mobile number). */
	lastOtp(to) {
		return this.call('GET', `/otp?to=${encodeURIComponent(to)}`);
	}
	expireOtp(verificationId) {
		return this.call('POST', '/otp/expire', { verificationId });
	}
}

/**
 * Starts the sandbox CLI (`node .build/sandbox/cli.js`) on 127.0.0.1:<port>
 * and waits until its control endpoint answers. Its output goes to logFile.
 */
async function startSandboxCli({ port, logFile, env = {}, pidFile }) {
	if (!fs.existsSync(SANDBOX_CLI))
		throw new Error(`${SANDBOX_CLI} is missing: compile the sandbox first`);
	port = port || (await e2e.freePort());
	// A sandbox left running there would answer the readiness check in the new one's place.
	if (await e2e.portInUse(port))
		throw new Error(`port ${port} is already in use (a sandbox left running?)`);
	const url = `http://127.0.0.1:${port}`;
	const control = new SandboxControl(url);
	const server = await e2e.startServer([process.execPath, SANDBOX_CLI], {
		logFile,
		cwd: REPO,
		env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_HOST: '127.0.0.1', ...env },
		what: `the sandbox on port ${port}`,
		// Recorded at once, so that a run stopped during start-up can be cleaned up after.
		onStart: (pid) => pidFile && fs.writeFileSync(pidFile, String(pid)),
		timeoutMs: 10000,
		ready: () =>
			control.state().then(
				() => true,
				() => false,
			),
	});
	return { url, port, pid: server.pid, control, stop: () => server.stop(5000) };
}

// ----------------------------------------------------------------- n8n ---

/**
 * install-package.sh: npm pack this repository and install it into the user
 * folder as n8n does. Asynchronous, so other servers can start meanwhile.
 */
function installPackage(userFolder) {
	return new Promise((resolve, reject) => {
		execFile(
			'bash',
			[path.join(__dirname, 'install-package.sh'), userFolder, REPO],
			{ cwd: REPO, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (!error) return resolve();
				const out = `${stdout}${stderr}`.split('\n').slice(-40).join('\n');
				reject(new Error(`install-package.sh failed (exit ${error.code}):\n${out}`));
			},
		);
	});
}

/** A new random webhook secret (letters and digits), never printed. */
function newSecret() {
	return crypto.randomBytes(18).toString('base64url');
}

function writePrivate(file, data) {
	fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
}

async function cli(major, userFolder, args, env = {}) {
	const r = await e2e.runN8nCli({ major, userFolder, args, env });
	if (r.code !== 0) {
		const out = `${r.stdout}\n${r.stderr}`
			.split('\n')
			.filter((l) => !/^\s+at /.test(l))
			.slice(-30)
			.join('\n');
		throw new Error(`n8n ${args[0]} failed (exit ${r.code}):\n${out}`);
	}
	return r;
}

/**
 * Imports the "Message Central Sandbox" credential (pointing at sandboxUrl,
 * with webhookSecret) and every example workflow with n8n's CLI. Import
 * replaces records with the same ids, so this is safe to repeat.
 */
async function importCredentialAndExamples({
	major,
	userFolder,
	sandboxUrl,
	webhookSecret,
	modelUrl,
	env = {},
}) {
	const c = sandboxConstants();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-import-'));
	try {
		const credFile = path.join(dir, 'credentials.json');
		writePrivate(credFile, [
			{
				...CREDENTIAL,
				data: {
					customerId: c.customerId,
					password: c.password,
					keyFormat: 'plain',
					senderId: c.senderId,
					webhookSecret,
					baseUrl: sandboxUrl,
				},
			},
			// The AI agent example's model: the local fake (no internet, no key).
			...(modelUrl ? [{ ...MODEL_CREDENTIAL, data: { apiKey: 'fake-key', url: modelUrl } }] : []),
		]);
		await cli(major, userFolder, ['import:credentials', `--input=${credFile}`], env);
		await cli(major, userFolder, ['import:workflow', '--separate', `--input=${EXAMPLES_DIR}`], env);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The example workflow JSON as shipped. */
function readExample(role) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, EXAMPLES[role].file), 'utf8'));
}

/**
 * The production webhook URL of a trigger example: n8n registers a node with
 * a webhookId and `path: 'webhook'` (not a full path) at /webhook/<webhookId>/webhook
 * (1.123.x and 2.41.1 alike).
 */
function productionUrl(n8n, role) {
	const trigger = readExample(role).nodes.find((n) => n.type.endsWith('.whatsAppNowTrigger'));
	return `${n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
}

/** The URL the n8n editor shows as the Test URL (listening only while "Listen for test event" runs). */
function testUrl(n8n, role) {
	return productionUrl(n8n, role).replace('/webhook/', '/webhook-test/');
}

/**
 * Waits until a production webhook is registered: n8n 2.x registers webhooks
 * a moment after activation. `ready(status, text)` tells a registered answer
 * to a GET (200 for the trigger, which answers GETs itself).
 */
async function waitForWebhook(url, ready = (status) => status === 200) {
	const deadline = Date.now() + 30000;
	let last = '';
	while (Date.now() < deadline) {
		const res = await fetch(url);
		const text = await res.text();
		if (ready(res.status, text)) return url;
		last = `${res.status} ${text.slice(0, 200)}`;
		await sleep(250);
	}
	throw new Error(`${url} is not registered after activation: ${last}`);
}

/** Activates ("publishes" in 2.x) a trigger example over REST and waits for its production URL. */
async function activateTrigger(client, n8n, role) {
	const { id } = EXAMPLES[role];
	const wf = await client.getWorkflow(id);
	if (!wf.active) await client.activateWorkflow(id, wf.versionId);
	return await waitForWebhook(productionUrl(n8n, role));
}

/** Executions of a workflow, newest first ({ id, status, mode, createdAt, startedAt, stoppedAt }). */
async function executionsOf(client, workflowId) {
	// The list is paged (20 by default): at most 100 per page, more than a test ever makes.
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const r = await client.call('GET', `/rest/executions?filter=${filter}&limit=100`);
	return (r.results || []).map((x) => ({
		id: String(x.id),
		status: x.status,
		mode: x.mode,
		createdAt: x.createdAt,
		startedAt: x.startedAt,
		stoppedAt: x.stoppedAt,
	}));
}

/** Polls until `predicate(list)` holds for the workflow's executions (or the timeout passes); returns the last list. */
async function waitForExecutions(client, workflowId, predicate, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	let list = [];
	for (;;) {
		list = await executionsOf(client, workflowId);
		if (predicate(list) || Date.now() > deadline) return list;
		await sleep(300);
	}
}

/** n8n execute --id=<id>: { ok, data (the run), stdout } */
async function executeWorkflow(major, userFolder, workflowId) {
	const r = await e2e.runN8nCli({ major, userFolder, args: ['execute', `--id=${workflowId}`] });
	const ok = r.code === 0 && r.stdout.includes('Execution was successful');
	let data = null;
	try {
		data = e2e.parseExecuteOutput(r.stdout);
	} catch {
		// stays null: the caller reports the output
	}
	return { ok, data, stdout: r.stdout, stderr: r.stderr, code: r.code };
}

/** The `main` outputs of a node's last run in runData, or null when it did not run. */
function lastRunMain(runData, nodeName) {
	const runs = runData && runData[nodeName];
	if (!runs || !runs.length) return null;
	return runs.at(-1).data?.main || [];
}

/** The output items (json) of a node's first output in a run printed by `n8n execute` (null: it did not run). */
function nodeOutput(run, nodeName) {
	const main = lastRunMain(run?.data?.resultData?.runData, nodeName);
	if (main === null) return null;
	return main[0] ? main[0].map((i) => i.json) : [];
}

/** The statuses an execution ends in. */
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/**
 * Waits until an execution ends (REST, so it works for runs on queue-mode
 * workers too); throws unless it succeeded; answers its runData by node name.
 */
async function finishedRun(client, major, executionId, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await client.execution(executionId);
		const done = FINISHED.includes(execution.status);
		if (done || Date.now() > deadline) {
			// n8n stores run data as a `flatted` string: parse it with n8n's own copy.
			const { parse } = require(path.join(e2e.n8nInfo(major).dir, 'node_modules', 'flatted'));
			const resultData = execution.data ? parse(execution.data).resultData : {};
			if (execution.status !== 'success') {
				const why = resultData.error ? `: ${resultData.error.message}` : '';
				throw new Error(`execution ${executionId} is ${execution.status}${why}`);
			}
			return resultData.runData;
		}
		await sleep(300);
	}
}

/** The output items (json) of a node's last run in runData, all outputs flattened. */
function runOutput(runData, node) {
	return (lastRunMain(runData, node) || []).flat().map((i) => i.json);
}

/**
 * Waits until `count` executions of the workflow that are not in `before`
 * (ids) have all ended; answers them (fewer when the timeout passed first).
 */
async function waitForNewExecutions(client, workflowId, before, count, timeoutMs = 30000) {
	const isNew = (list) => list.filter((x) => !before.has(x.id));
	const list = await waitForExecutions(
		client,
		workflowId,
		(l) => isNew(l).length >= count && isNew(l).every((x) => FINISHED.includes(x.status)),
		timeoutMs,
	);
	return isNew(list);
}

/** Seeds the templates the examples send (the approval one points at n8n's public address); a second seeding is fine. */
async function seedTemplates(control, n8nPublicUrl) {
	for (const template of [SEED_TEMPLATE, approvalTemplate(n8nPublicUrl)]) {
		await control.seedTemplate(template).catch((e) => {
			if (!/exists/.test(e.message)) throw e;
		});
	}
}

// ---------------------------------------------------------------- checks ---

/**
 * The check printer: one line per check, `ok  ` or `FAIL`, with its label and
 * detail; `onResult(ok)` lets the caller count.
 */
function makeCheck(label, onResult = () => {}) {
	return (name, ok, detail = '') => {
		onResult(Boolean(ok));
		console.log(`${ok ? 'ok  ' : 'FAIL'} [${label}] ${name}${detail ? ` (${detail})` : ''}`);
	};
}

/**
 * `must(name, fn)`: runs one check; what fn returns is the detail of an ok,
 * what it throws the detail of a FAIL. Answers whether it passed;
 * `must.failures()` counts the FAILs so far.
 */
function mustFor(check) {
	let failures = 0;
	const must = async (name, fn) => {
		try {
			check(name, true, await fn());
			return true;
		} catch (error) {
			failures++;
			check(name, false, String(error.message || error));
			return false;
		}
	};
	must.failures = () => failures;
	return must;
}

/**
 * The stack in one call: install the package into userFolder, start the sandbox
 * and n8n, import the credential and the examples, log in, activate the trigger
 * workflows and point the sandbox's callbacks at callbackRole's production URL
 * (or at callbackUrl). Returns handles and stop().
 */
async function startStack({
	major,
	userFolder,
	n8nPort,
	sandboxPort,
	sandboxEnv = {},
	sandboxPidFile,
	n8nEnv = {},
	install = true,
	activate = ['triggerStatus', 'triggerReply'],
	callbackRole = 'triggerStatus',
}) {
	fs.mkdirSync(userFolder, { recursive: true });
	const webhookSecret = newSecret();
	let sandbox;
	let n8n;
	let model;
	const stop = async () => {
		if (n8n) await n8n.stop();
		if (sandbox) await sandbox.stop();
		if (model) await model.close();
	};
	try {
		if (install) {
			log(`installing the package into ${userFolder}`);
			await installPackage(userFolder);
		}
		sandbox = await startSandboxCli({
			port: sandboxPort,
			logFile: path.join(userFolder, 'sandbox.log'),
			env: sandboxEnv,
			pidFile: sandboxPidFile,
		});
		log(`sandbox on ${sandbox.url}`);
		model = await startFakeModel();
		log(`fake chat model on ${model.url}`);
		await importCredentialAndExamples({
			major,
			userFolder,
			sandboxUrl: sandbox.url,
			webhookSecret,
			modelUrl: model.url,
		});
		log(
			`imported the credential "${CREDENTIAL.name}" and ${Object.keys(EXAMPLES).length} example workflows`,
		);
		n8n = await e2e.startN8n({
			major,
			userFolder,
			port: n8nPort || (await e2e.freePort()),
			env: n8nEnv,
		});
		log(`n8n ${n8n.version} on ${n8n.baseUrl}`);
		const client = await e2e.ownerClient(n8n);
		const webhooks = {};
		for (const role of activate) webhooks[role] = await activateTrigger(client, n8n, role);
		await seedTemplates(sandbox.control, publicUrl(n8n));
		if (callbackRole) {
			await sandbox.control.configure({
				callbackUrl: productionUrl(n8n, callbackRole),
				callbackSecret: webhookSecret,
			});
		}
		return { major, userFolder, sandbox, n8n, model, client, webhooks, webhookSecret, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * n8n's links carry its public address (WEBHOOK_URL). The checks reach n8n
 * on the loopback address the way a reverse proxy does: same path and query,
 * X-Forwarded-Host/-Proto naming the public address (n8n runs with
 * N8N_PROXY_HOPS=1; n8n 1.x signs the host into the link).
 */
function throughProxy(link, publicBase, localBase) {
	const pub = new URL(publicBase);
	const url = new URL(link);
	if (url.origin !== pub.origin) throw new Error(`${link} is not on ${pub.origin}`);
	return {
		url: `${localBase}${url.pathname}${url.search}`,
		headers: { 'x-forwarded-host': pub.host, 'x-forwarded-proto': pub.protocol.slice(0, -1) },
	};
}

/** One node of a workflow a script builds: a fresh id, placed at [x, 0]. */
function workflowNode(name, type, typeVersion, x, parameters, extra = {}) {
	return {
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	};
}

module.exports = {
	REPO,
	EXAMPLES,
	EXAMPLES_DIR,
	CREDENTIAL,
	MODEL_CREDENTIAL,
	SEED_TEMPLATE,
	approvalTemplate,
	publicUrl,
	SandboxControl,
	sleep,
	log,
	buildAll,
	sandboxConstants,
	startSandboxCli,
	installPackage,
	newSecret,
	importCredentialAndExamples,
	readExample,
	productionUrl,
	testUrl,
	activateTrigger,
	waitForWebhook,
	executionsOf,
	waitForExecutions,
	executeWorkflow,
	nodeOutput,
	FINISHED,
	finishedRun,
	runOutput,
	waitForNewExecutions,
	seedTemplates,
	makeCheck,
	mustFor,
	startStack,
	workflowNode,
	throughProxy,
};
