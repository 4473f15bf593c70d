#!/usr/bin/env node
'use strict';
/**
 * npm run dev: the package inside a real n8n 2.x, against the sandbox.
 *
 *   npm run dev [-- --fresh] [-- --no-watch]
 *   npm run dev -- --queue      the same in n8n's queue mode (queue-stack.js):
 *                               PostgreSQL, Redis, main, two workers and a webhook
 *                               processor; throwaway data, no watching
 *
 * Builds, prepares n8n 2.x once (scripts/e2e/prepare-n8n.sh, a few minutes the
 * first time), starts the sandbox CLI and n8n with this package installed as
 * n8n installs community packages, imports the credential "Message Central
 * Sandbox" (pointing at the sandbox) and the example workflows (examples/),
 * activates the two trigger workflows and points the sandbox's callbacks at
 * them, then prints the editor URL and the logins. A change under nodes/ or
 * credentials/ rebuilds, reinstalls and restarts n8n. Ctrl-C stops everything.
 *
 * Message Central posts to one callback URL; the sandbox does too. Here it
 * posts to a small loopback relay that forwards each callback, byte for byte
 * and with its signature, to the production URLs of both trigger examples
 * (replies and status log), so both can be tried at once.
 *
 * Environment: DEV_N8N_PORT (5678), DEV_WEBHOOK_PORT (5690, the webhook processor
 * with --queue), SANDBOX_PORT (4010), SANDBOX_AUTO_APPROVE_SECONDS (10),
 * SANDBOX_LATENCY_MS, N8N_E2E_CACHE (the user folder is <cache>/dev; with
 * --queue everything is under <tmp>/n8n-nodes-whatsapp-now-dev-queue).
 */

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const e2e = require('./e2e/n8n');
const stack = require('./e2e/stack');
const { startQueueStack, stopStackIn } = require('./e2e/queue-stack');

const args = process.argv.slice(2);
const N8N_PORT = Number(process.env.DEV_N8N_PORT || 5678);
const WEBHOOK_PORT = Number(process.env.DEV_WEBHOOK_PORT || 5690);
const AUTO_APPROVE = process.env.SANDBOX_AUTO_APPROVE_SECONDS || '10';
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 4010);
const USER_FOLDER = path.join(e2e.cacheDir(), 'dev');
const SANDBOX_PID = path.join(USER_FOLDER, 'sandbox.pid');
const TRIGGERS = ['triggerReply', 'triggerStatus'];
/** Trigger examples the relay also feeds once you activate them (a 404 from an inactive one is ignored). */
const OPTIONAL_TRIGGERS = ['aiAgent'];

/**
 * Forwards each POST to every target URL with the same body and signature;
 * answers the worst status of the active ones (an inactive workflow's URL
 * answers 404, which counts only when no target is active).
 */
function startRelay(targets) {
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const body = Buffer.concat(chunks);
			const headers = {};
			for (const h of ['content-type', 'x-hub-signature-256', 'x-webhook-token', 'user-agent'])
				if (req.headers[h]) headers[h] = req.headers[h];
			const search = new URL(req.url, 'http://relay').search;
			const statuses = await Promise.all(
				targets().map((url) =>
					fetch(url + search, {
						method: req.method,
						headers,
						body: req.method === 'POST' ? body : undefined,
					})
						.then(async (r) => (await r.arrayBuffer(), r.status))
						.catch(() => 502),
				),
			);
			const active = statuses.filter((status) => status !== 404);
			res.statusCode = active.length ? Math.max(200, ...active) : 404;
			res.end();
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function stopLeftovers() {
	// A previous dev run killed hard may have left its n8n (recorded in the user folder) and its sandbox.
	if (fs.existsSync(SANDBOX_PID)) {
		const pid = Number(fs.readFileSync(SANDBOX_PID, 'utf8'));
		try {
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (cmd.includes('sandbox/cli.js')) process.kill(pid, 'SIGTERM');
		} catch {
			// gone already
		}
		fs.rmSync(SANDBOX_PID, { force: true });
	}
	return e2e.stopN8n(USER_FOLDER);
}

/** What a dev run prints: where everything is and what to try. */
function banner({
	title,
	topology = [],
	editor,
	webhookBase,
	sandbox,
	model,
	userFolder,
	logs,
	footer,
}) {
	const c = stack.sandboxConstants();
	const owner = e2e.ownerLogin(userFolder);
	const hooks = webhookBase.replace(/\/+$/, '');
	return [
		'',
		`WhatsApp Now dev environment: ${title}`,
		'',
		...topology,
		`  n8n editor    ${editor}`,
		`  log in as     ${owner.email}, password in ${path.join(userFolder, 'e2e-owner.json')}`,
		`  sandbox       ${sandbox.url}   customer id ${c.customerId}, password ${c.password}, sender id ${c.senderId}`,
		`  credential    "${stack.CREDENTIAL.name}" (baseUrl ${sandbox.url}; webhook secret set, signature checked)`,
		'  examples      (Overview in the editor)',
		...Object.entries(stack.EXAMPLES).map(
			([role, x]) => `                ${editor}/workflow/${x.id}   ${stack.readExample(role).name}`,
		),
		`  callbacks     sandbox -> relay -> ${TRIGGERS.map((r) => new URL(stack.productionUrl({ baseUrl: hooks }, r)).pathname).join(' and ')} (both active)`,
		'',
		'  try           open "create a template, wait for approval, send it" and click Execute workflow',
		`                (templates are approved ${AUTO_APPROVE} s after creation); then an inbound message:`,
		`                curl -s -X POST ${sandbox.url}/__sandbox/inbound -H 'content-type: application/json' \\`,
		`                  -d '{"type":"text","from":"919876543210","name":"Asha","text":"Where is my order?"}'`,
		'  APPROVAL      activate "ask for approval over WhatsApp", start it, open the link the sandbox received:',
		`                curl -s -X POST ${hooks}/webhook/approval-request -H 'content-type: application/json' -d '{"phone":"+919876543210","requester":"Asha","request":"a refund"}'`,
		`                curl -s '${sandbox.url}/__sandbox/state' | grep -o 'webhook-waiting[^"]*'   (the link is the template button: ${hooks}/webhook-waiting/{{1}})`,
		`  AI AGENT      deactivate "reply to inbound messages", activate "AI agent answers customers" (its chat model is`,
		`                the local fake at ${model ? model.url : '(not started)'}), send the inbound message above, then read the reply:`,
		`                curl -s '${sandbox.url}/__sandbox/state' | grep -o '"message":"Thanks for your message[^"]*'`,
		'  OTP           activate "OTP sign-in", then ask for a code and read what the phone got:',
		`                curl -s -X POST ${hooks}/webhook/otp-sign-in/send -H 'content-type: application/json' -d '{"phone":"+919876543210"}'`,
		`                curl -s '${sandbox.url}/__sandbox/otp?to=919876543210'   (the last code sent to that number)`,
		`                curl -s -X POST ${hooks}/webhook/otp-sign-in/check -H 'content-type: application/json' -d '{"verificationId":"…","code":"…"}'`,
		`  logs          ${logs.join(', ')}`,
		'',
		footer,
	].join('\n');
}

/** Builds and prepares n8n 2.x (only the first time: a few minutes), plus PostgreSQL and Redis for --queue. */
function prepare({ queue }) {
	stack.log('building (npm run build, sandbox)');
	stack.buildAll();
	stack.log('preparing n8n 2.x (only the first time: a few minutes)');
	const scripts = [['prepare-n8n.sh', '2'], ...(queue ? [['prepare-services.sh']] : [])];
	for (const [script, ...scriptArgs] of scripts) {
		const r = spawnSync('bash', [path.join(__dirname, 'e2e', script), ...scriptArgs], {
			stdio: 'inherit',
		});
		if (r.status !== 0) throw new Error(`${script} failed`);
	}
}

/** npm run dev -- --queue: the queue-mode topology, throwaway, until Ctrl-C. */
async function mainQueue() {
	// Throwaway, and under the temporary folder: PostgreSQL runs as `nobody` when
	// started as root, and the cache folder may sit in a home folder closed to it.
	const root = path.join(os.tmpdir(), 'n8n-nodes-whatsapp-now-dev-queue');
	let relay;
	let stopping = false;
	// From the start: the servers run in their own process groups, so Ctrl-C
	// during start-up reaches only this script, which must stop them.
	const stop = async (why, code = 0) => {
		if (stopping) return;
		stopping = true;
		stack.log(
			`${why}: stopping n8n (main, workers, webhook processor), PostgreSQL, Redis, the sandbox`,
		);
		relay?.close();
		await stopStackIn(root);
		// An n8n CLI child (the import) may still be writing there for a moment.
		fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
		process.exit(code);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	try {
		await stopStackIn(root); // what an earlier run killed hard left behind
		fs.rmSync(root, { recursive: true, force: true });
		prepare({ queue: true });
		const st = await startQueueStack({
			root,
			mainPort: N8N_PORT,
			webhookPort: WEBHOOK_PORT,
			sandboxPort: SANDBOX_PORT,
			concurrency: 5,
			sandboxEnv: { SANDBOX_AUTO_APPROVE_SECONDS: AUTO_APPROVE },
			activate: TRIGGERS,
		});
		relay = await startRelay(() => TRIGGERS.map((role) => stack.productionUrl(st.webhook, role)));
		await st.sandbox.control.configure({
			callbackUrl: `http://127.0.0.1:${relay.address().port}/`,
			callbackSecret: st.webhookSecret,
		});
		const editor = `http://localhost:${st.main.port}`;
		console.log(
			banner({
				title: `n8n ${st.main.version} in queue mode with this package, against the sandbox`,
				topology: [
					`  main          ${editor}   (editor, REST; production webhooks off: N8N_DISABLE_PRODUCTION_MAIN_PROCESS)`,
					`  webhooks      ${st.webhookBase}   (n8n webhook: /webhook/..., /webhook-waiting/...)`,
					`  workers       ${st.workers.length} × n8n worker --concurrency=5 (run every execution)`,
					`  PostgreSQL    127.0.0.1:${st.pg.port} (user n8n, database postgres)   Redis 127.0.0.1:${st.redis.port}`,
				],
				editor,
				webhookBase: st.webhookBase,
				sandbox: st.sandbox,
				userFolder: path.join(root, 'main'),
				logs: [
					...[st.main, st.webhook, ...st.workers].map((n) => n.logFile),
					path.join(root, 'sandbox.log'),
				],
				footer:
					'Queue mode does not watch for changes (restart it). Ctrl-C stops everything and removes its data.',
			}),
		);
	} catch (error) {
		console.error(`[dev] ERROR: ${error.message}`);
		await stop('start-up failed', 1);
	}
}

async function main() {
	if (args.includes('--fresh')) fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	await stopLeftovers();

	prepare({ queue: false });

	const st = await stack.startStack({
		major: 2,
		userFolder: USER_FOLDER,
		n8nPort: N8N_PORT,
		sandboxPort: SANDBOX_PORT,
		sandboxEnv: { SANDBOX_AUTO_APPROVE_SECONDS: AUTO_APPROVE },
		sandboxPidFile: SANDBOX_PID,
		activate: TRIGGERS,
		callbackRole: null,
	});
	let n8n = st.n8n;
	const relay = await startRelay(() =>
		[...TRIGGERS, ...OPTIONAL_TRIGGERS].map((role) => stack.productionUrl(n8n, role)),
	);
	await st.sandbox.control.configure({
		callbackUrl: `http://127.0.0.1:${relay.address().port}/`,
		callbackSecret: st.webhookSecret,
	});

	const editor = `http://localhost:${n8n.port}`;
	console.log(
		banner({
			title: `n8n ${n8n.version} with this package, against the sandbox`,
			editor,
			webhookBase: editor,
			sandbox: st.sandbox,
			model: st.model,
			userFolder: USER_FOLDER,
			logs: [n8n.logFile, path.join(USER_FOLDER, 'sandbox.log')],
			footer: args.includes('--no-watch')
				? 'Ctrl-C stops everything.'
				: 'Watching nodes/ and credentials/: a change rebuilds, reinstalls and restarts n8n. Ctrl-C stops everything.',
		}),
	);

	let busy = false;
	let again = false;
	const reload = async () => {
		if (busy) {
			again = true;
			return;
		}
		busy = true;
		try {
			stack.log('change seen: rebuilding');
			stack.buildAll();
			await stack.installPackage(USER_FOLDER);
			await n8n.stop();
			n8n = await e2e.startN8n({ major: 2, userFolder: USER_FOLDER, port: N8N_PORT });
			stack.log(`n8n restarted with the new build: ${editor} (reload the page)`);
		} catch (error) {
			stack.log(`rebuild failed; n8n keeps the previous build:\n${error.message}`);
		} finally {
			busy = false;
			if (again) {
				again = false;
				void reload();
			}
		}
	};
	if (!args.includes('--no-watch')) {
		let timer = null;
		for (const dir of ['nodes', 'credentials']) {
			fs.watch(path.join(stack.REPO, dir), { recursive: true }, () => {
				clearTimeout(timer);
				timer = setTimeout(reload, 700);
			});
		}
	}

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		stack.log(`${signal}: stopping n8n, the sandbox and the relay`);
		relay.close();
		await n8n.stop();
		await st.sandbox.stop();
		await st.model.close();
		fs.rmSync(SANDBOX_PID, { force: true });
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

(args.includes('--queue') ? mainQueue() : main()).catch((error) => {
	console.error(`[dev] ERROR: ${error.message}`);
	process.exit(1);
});
