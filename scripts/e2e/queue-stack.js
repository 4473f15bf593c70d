'use strict';
/**
 * n8n in queue mode on one machine, for the e2e stage, the benchmark and
 * `npm run dev -- --queue`:
 *
 *                       +--------------------+
 *   editor, REST ---->  | main  (n8n start)  | --- enqueues manual runs, activations
 *                       +--------------------+
 *                                 |
 *   production webhooks,          v              +-------------------------------+
 *   waiting links  ----> webhook processor --->  | Redis (Bull queue "jobs")     |
 *   (/webhook/...,       (n8n webhook)           +-------------------------------+
 *    /webhook-waiting/...)                          |                  |
 *                                                   v                  v
 *                                         worker 1 (n8n worker)  worker 2 (n8n worker)
 *                                                   \                  /
 *                                                    PostgreSQL (workflows, credentials,
 *                                                    executions, binary data)
 *
 * Every process has its own user folder with the package installed the way n8n
 * installs community packages (install-package.sh once, then the same
 * .n8n/nodes copied), the same encryption key and the same database. The main
 * process runs with N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true, so production
 * webhooks only work through the webhook processor, whose address is the
 * webhook URL every process puts in links.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const e2e = require('./n8n');
const stack = require('./stack');
const services = require('./services');

/** Environment shared by every n8n process (and the CLI) of one queue-mode stack. */
function queueEnv({ major, pg, redis, webhookBase }) {
	return {
		...pg.env,
		...redis.env,
		EXECUTIONS_MODE: 'queue',
		// Production webhooks go to the webhook processor only.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// Runs started in the editor go to the workers too (what a queue-mode team sets).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...(major === 2 ? { N8N_WEBHOOK_URL: webhookBase } : { WEBHOOK_URL: webhookBase }),
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
}

/** Where a stack records the process groups of its servers (n8n keeps its own PID files). */
const SERVERS_FILE = 'servers.json';
const N8N_FOLDERS = /^(main|worker-\d+|webhook(-\d+)?)$/;

/**
 * Stops whatever a stack in `root` left running (a run killed during start-up,
 * or a previous dev run): this process's n8n CLI runs, every n8n by its user
 * folder's PID file, then the servers recorded in servers.json. Safe to call
 * on a folder with nothing in it.
 */
async function stopStackIn(root) {
	await e2e.stopCliRuns();
	if (!fs.existsSync(root)) return;
	const folders = fs.readdirSync(root).filter((name) => N8N_FOLDERS.test(name));
	await Promise.all(folders.map((name) => e2e.stopN8n(path.join(root, name))));
	const file = path.join(root, SERVERS_FILE);
	if (!fs.existsSync(file)) return;
	const servers = JSON.parse(fs.readFileSync(file, 'utf8'));
	for (const pid of Object.values(servers)) await e2e.killGroup(pid, 10000);
	fs.rmSync(file, { force: true });
}

/**
 * Starts PostgreSQL, Redis, the sandbox, n8n main, `workers` workers (each
 * `--concurrency=<concurrency>`) and one webhook processor; imports the
 * credential and the examples; activates the trigger examples; seeds the
 * sandbox. With `workers: 0`, one `n8n start` in regular mode on the same
 * PostgreSQL instead (no Redis; it takes its own webhooks): the comparison the
 * benchmark makes. Returns handles, `workerOf(executionId)` and stop().
 */
async function startQueueStack({
	major = 2,
	root,
	workers = 2,
	concurrency = 1,
	sandboxEnv = {},
	sandboxPort,
	mainPort,
	webhookPort,
	activate = ['triggerStatus', 'triggerReply'],
	log = stack.log,
	webhookProcessors = 1,
	extraEnv = {},
	webhookBase: givenWebhookBase,
}) {
	root = path.resolve(root || fs.mkdtempSync(path.join(os.tmpdir(), 'wan-queue-')));
	fs.mkdirSync(root, { recursive: true });
	const queue = workers > 0;
	const folder = (name) => path.join(root, name);
	const handles = { root, workers: [] };
	const servers = {};
	/** Keeps a server's handle the moment it exists, and its process group on disk. */
	const keep = (name) => (server) => {
		handles[name] = server;
		servers[name] = server.pid;
		fs.writeFileSync(path.join(root, SERVERS_FILE), JSON.stringify(servers));
		return server;
	};
	handles.stop = () => stopStackIn(root);
	try {
		const webhookSecret = stack.newSecret();
		// Every start is awaited before a failure is raised: nothing is left
		// half-started for stop() to miss.
		const starts = await Promise.allSettled([
			services.startPostgres({ dir: root }).then(keep('pg')),
			queue ? services.startRedis({ dir: root }).then(keep('redis')) : null,
			stack
				.startSandboxCli({
					port: sandboxPort,
					logFile: path.join(root, 'sandbox.log'),
					env: sandboxEnv,
				})
				.then(keep('sandbox')),
			stack.installPackage(folder('main')),
		]);
		const failed = starts.find((r) => r.status === 'rejected');
		if (failed) throw failed.reason;
		const { pg, redis, sandbox } = handles;
		handles.webhookSecret = webhookSecret;
		log(
			`PostgreSQL ${pg.version} on ${pg.port}${redis ? `, Redis on ${redis.port}` : ''}, sandbox on ${sandbox.url}`,
		);
		const workerNames = Array.from({ length: workers }, (_, i) => `worker-${i + 1}`);
		// Webhook processors: "webhook", then "webhook-2", "webhook-3"…
		const webhookNames = Array.from({ length: webhookProcessors }, (_, i) =>
			i === 0 ? 'webhook' : `webhook-${i + 1}`,
		);
		const others = queue ? [...workerNames, ...webhookNames] : [];
		for (const name of others) {
			const nodes = (f) => path.join(folder(f), '.n8n', 'nodes');
			fs.cpSync(nodes('main'), nodes(name), { recursive: true, verbatimSymlinks: true });
		}

		mainPort = mainPort || (await e2e.freePort());
		webhookPort = queue ? webhookPort || (await e2e.freePort()) : mainPort;
		// The public address: the first webhook processor, or what a proxy in front of them listens on.
		const webhookBase = givenWebhookBase || `http://localhost:${webhookPort}/`;
		const env = {
			...(queue ? queueEnv({ major, pg, redis, webhookBase }) : { ...pg.env }),
			...extraEnv,
		};
		handles.env = env;
		// The CLI import also creates the schema (migrations) before any server starts.
		await stack.importCredentialAndExamples({
			major,
			userFolder: folder('main'),
			sandboxUrl: sandbox.url,
			webhookSecret,
			env,
		});
		handles.main = await e2e.startN8n({ major, userFolder: folder('main'), port: mainPort, env });
		log(
			`n8n ${handles.main.version} ${queue ? 'main' : '(one process)'} on ${handles.main.baseUrl}`,
		);
		if (queue) {
			// A failed start stops its own process; the others are found by their PID files.
			const started = await Promise.all([
				...workerNames.map(async (name) =>
					e2e.startN8n({
						major,
						userFolder: folder(name),
						port: await e2e.freePort(),
						command: 'worker',
						args: [`--concurrency=${concurrency}`],
						env,
					}),
				),
				...webhookNames.map(async (name, i) =>
					e2e.startN8n({
						major,
						userFolder: folder(name),
						port: i === 0 ? webhookPort : await e2e.freePort(),
						command: 'webhook',
						env,
					}),
				),
			]);
			handles.webhookProcessors = started.splice(workers);
			handles.webhook = handles.webhookProcessors[0];
			handles.workers = started;
			log(
				`${workers} workers (concurrency ${concurrency}) and ${webhookProcessors} webhook processor(s) on ${handles.webhookProcessors.map((w) => w.baseUrl).join(', ')}`,
			);
		} else {
			handles.webhook = handles.main;
			handles.webhookProcessors = [handles.main];
		}

		const client = await e2e.ownerClient(handles.main);
		handles.client = client;
		handles.webhooks = {};
		for (const role of activate)
			handles.webhooks[role] = await stack.activateTrigger(client, handles.webhook, role);
		handles.webhookBase = webhookBase;
		await seedSandbox(handles);
		handles.workerOf = (executionId) => workerOf(handles.workers, executionId);
		return handles;
	} catch (error) {
		await handles.stop();
		throw error;
	}
}

/**
 * The sandbox as the checks expect it: the templates the examples send, the
 * webhook secret for signed callbacks. Callbacks stay off until a check points
 * them at a trigger: a campaign's sent/delivered/read would otherwise start
 * three executions per recipient. `reset` first forgets every message and
 * request (tokens already issued stay valid).
 */
async function seedSandbox({ sandbox, webhookBase, webhookSecret }, { reset = false } = {}) {
	if (reset) await sandbox.control.reset();
	await stack.seedTemplates(sandbox.control, webhookBase);
	await sandbox.control.configure({ callbackSecret: webhookSecret });
}

/**
 * Which workers ran an execution (a resumed wait runs again): 1-based worker
 * numbers, from the line n8n's job processor logs ("Worker started execution
 * <id> (job <n>)").
 */
function workerOf(workers, executionId) {
	const line = new RegExp(`Worker started execution ${executionId} \\(job`);
	const found = [];
	workers.forEach((w, i) => {
		const text = fs.readFileSync(w.logFile, 'utf8');
		const count = text.split('\n').filter((l) => line.test(l)).length;
		for (let k = 0; k < count; k++) found.push(i + 1);
	});
	return found;
}

module.exports = { startQueueStack, stopStackIn, queueEnv, seedSandbox };
