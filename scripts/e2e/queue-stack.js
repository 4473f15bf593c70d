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

/**
 * Starts PostgreSQL, Redis, the sandbox, n8n main, `workers` workers (each
 * `--concurrency=<concurrency>`) and one webhook processor; imports the
 * credential and the examples; activates the trigger examples; seeds the
 * sandbox's templates and points its callbacks at the webhook processor.
 * Returns handles, `workerOf(executionId)` and stop().
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
}) {
	root = path.resolve(root || fs.mkdtempSync(path.join(os.tmpdir(), 'wan-queue-')));
	fs.mkdirSync(root, { recursive: true });
	const folder = (name) => path.join(root, name);
	const handles = { root, workers: [] };
	const stop = async () => {
		const n8ns = [handles.webhook, ...handles.workers, handles.main].filter(Boolean);
		await Promise.all(n8ns.map((n) => n.stop()));
		for (const s of [handles.sandbox, handles.redis, handles.pg]) if (s) await s.stop();
	};
	handles.stop = stop;
	try {
		const webhookSecret = stack.newSecret();
		// Each handle is kept as soon as it exists, and every start is awaited
		// before a failure is raised, so stop() never misses a running server.
		const keep = (name) => (value) => (handles[name] = value);
		const starts = await Promise.allSettled([
			services.startPostgres({ dir: root }).then(keep('pg')),
			services.startRedis({ dir: root }).then(keep('redis')),
			stack
				.startSandboxCli({
					port: sandboxPort,
					logFile: path.join(root, 'sandbox.log'),
					env: sandboxEnv,
				})
				.then(keep('sandbox')),
			Promise.resolve().then(() => stack.installPackage(folder('main'))),
		]);
		const failed = starts.find((r) => r.status === 'rejected');
		if (failed) throw failed.reason;
		const { pg, redis, sandbox } = handles;
		handles.webhookSecret = webhookSecret;
		log(
			`PostgreSQL ${pg.version} on ${pg.port}, Redis on ${redis.port}, sandbox on ${sandbox.url}`,
		);
		const workerNames = Array.from({ length: workers }, (_, i) => `worker-${i + 1}`);
		for (const name of [...workerNames, 'webhook']) {
			fs.cpSync(
				path.join(folder('main'), '.n8n', 'nodes'),
				path.join(folder(name), '.n8n', 'nodes'),
				{
					recursive: true,
					verbatimSymlinks: true,
				},
			);
		}

		webhookPort = webhookPort || (await e2e.freePort());
		const webhookBase = `http://localhost:${webhookPort}/`;
		const env = queueEnv({ major, pg, redis, webhookBase });
		handles.env = env;
		// The CLI import also creates the schema (migrations) before any server starts.
		await stack.importCredentialAndExamples({
			major,
			userFolder: folder('main'),
			sandboxUrl: sandbox.url,
			webhookSecret,
			env,
		});
		handles.main = await e2e.startN8n({
			major,
			userFolder: folder('main'),
			port: mainPort || (await e2e.freePort()),
			env,
		});
		log(`n8n ${handles.main.version} main on ${handles.main.baseUrl}`);
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
			e2e.startN8n({
				major,
				userFolder: folder('webhook'),
				port: webhookPort,
				command: 'webhook',
				env,
			}),
		]);
		handles.webhook = started.pop();
		handles.workers = started;
		log(
			`${workers} workers (concurrency ${concurrency}) and the webhook processor on ${handles.webhook.baseUrl}`,
		);

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
		await stop();
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
	for (const template of [stack.SEED_TEMPLATE, stack.approvalTemplate(webhookBase)]) {
		await sandbox.control.seedTemplate(template).catch((e) => {
			if (!/exists/.test(e.message)) throw e;
		});
	}
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

module.exports = { startQueueStack, queueEnv, seedSandbox };
