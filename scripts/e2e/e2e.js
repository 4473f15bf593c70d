#!/usr/bin/env node
'use strict';
/**
 * End-to-end checks inside a real n8n (npm run e2e; run.sh prepares everything first).
 *
 *   node scripts/e2e/e2e.js [2] [1] [--no-browser] [--no-queue] [--no-editor-install] [--keep]
 *
 * For each n8n major given (default: 2 then 1): a fresh user folder with the
 * package installed as n8n installs community packages, the sandbox CLI on a
 * free port, the credential and the examples imported, n8n started; then the
 * node types, every example workflow (n8n execute --id) against exactly the
 * requests the sandbox received, the trigger workflows through n8n's production
 * webhook URLs (statuses, an inbound message, a forged signature), and the
 * editor in headless chromium. After the 2.x run, the queue-mode stage
 * (queue.js: PostgreSQL, Redis, main, two workers, a webhook processor) unless
 * --no-queue. Then, for each major (with the browser, unless
 * --no-editor-install), editorInstall.js: the package installed, updated and
 * uninstalled from the editor out of a local registry. Screenshots go to the run's user folder, or to
 * E2E_SCREENSHOTS_DIR on the 2.x run (`npm run screenshots` points it at
 * docs/): a test run leaves the working tree as it found it. One line per
 * check; the last line is "N passed, N failed"; the exit code is non-zero when
 * a check failed.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const e2e = require('./n8n');
const stack = require('./stack');
const { startFakeModel } = require('../fake-model');

const SEND = '/verification/v3/send';
const TEMPLATE = '/verification/v3/template';
const TOKEN = '/auth/v1/authentication/token';
/** What the editor shows as the webhook base (a public n8n), so the screenshots show a realistic URL. */
const PUBLIC_WEBHOOK_BASE = 'https://n8n.example.com/';

const args = process.argv.slice(2);
const majors = args.filter((a) => a === '1' || a === '2').map(Number);
const withBrowser = !args.includes('--no-browser');
const keep = args.includes('--keep');
const withQueue = !args.includes('--no-queue');
const withEditorInstall = !args.includes('--no-editor-install');

/** Where the 2.x run's pictures go when they are asked for (npm run screenshots: docs/). */
const screenshotsDir = () =>
	process.env.E2E_SCREENSHOTS_DIR ? path.resolve(process.env.E2E_SCREENSHOTS_DIR) : undefined;

const results = [];
const makeCheck = (label) => stack.makeCheck(label, (ok) => results.push(ok));

/** A request parameter, from the query string or a multipart field. */
const param = (r, name) =>
	r.query && r.query[name] !== undefined ? r.query[name] : r.fields ? r.fields[name] : undefined;

/**
 * Compares the API requests (token requests left out) with expectations: one
 * function per expected request returning a list of mismatches. Returns the
 * problems found (empty = exactly as expected).
 */
function compareRequests(requests, expected) {
	const api = requests.filter((r) => r.path !== TOKEN);
	const problems = [];
	if (api.length !== expected.length) {
		problems.push(
			`${api.length} requests instead of ${expected.length}: ${api.map((r) => `${r.method} ${r.path} ${param(r, 'type') || ''}`).join(' | ')}`,
		);
	}
	expected.forEach((fn, i) => {
		if (!api[i]) return;
		for (const p of fn(api[i]))
			problems.push(`request ${i + 1} (${api[i].method} ${api[i].path}): ${p}`);
	});
	return problems;
}

function expectParams(r, want) {
	const out = [];
	for (const [k, v] of Object.entries(want)) {
		const got = param(r, k);
		const ok = v instanceof RegExp ? typeof got === 'string' && v.test(got) : got === v;
		if (!ok)
			out.push(
				`${k} = ${JSON.stringify(got)}, expected ${v instanceof RegExp ? v : JSON.stringify(v)}`,
			);
	}
	if (
		r.status !== 200 ||
		(r.responseCode !== 200 && r.responseCode !== null && r.responseCode !== undefined)
	) {
		out.push(`answered HTTP ${r.status} / responseCode ${r.responseCode}`);
	}
	return out;
}

function pngOfChatExample() {
	const set = stack.readExample('chatImage').nodes.find((n) => n.type === 'n8n-nodes-base.set');
	return Buffer.from(set.parameters.assignments.assignments[0].value, 'base64');
}

async function newRequests(sandbox, from) {
	return (await sandbox.control.requests()).slice(from);
}

async function requestCount(sandbox) {
	return (await sandbox.control.state()).requestCount;
}

/** Waits until the sandbox has made `count` callbacks that got an answer (or timeout); returns them. */
async function waitForCallbacks(sandbox, count, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const callbacks = (await sandbox.control.state()).callbacks;
		const settled = callbacks.filter((c) => c.status !== null || c.error !== null);
		if (settled.length >= count || Date.now() > deadline) return settled;
		await stack.sleep(200);
	}
}

function signedPayloadHeaders(body, secret) {
	return {
		'content-type': 'application/json',
		'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`,
	};
}

async function runVersion(major) {
	const info = e2e.n8nInfo(major);
	const label = `n8n ${info.version}`;
	const check = makeCheck(label);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `wan-e2e-${major}-`));
	const failedBefore = results.filter((r) => !r).length;
	const webhookSecret = stack.newSecret();
	let sandbox;
	let n8n;
	let model;
	const t0 = Date.now();
	console.log(`\n== ${label} (user folder ${userFolder})`);
	const must = stack.mustFor(check);
	try {
		if (
			!(await must('package installs as n8n installs community packages', async () =>
				stack.installPackage(userFolder),
			))
		)
			return;
		if (
			!(await must('sandbox CLI starts on a free port', async () => {
				sandbox = await stack.startSandboxCli({
					logFile: path.join(userFolder, 'sandbox.log'),
					env: { SANDBOX_AUTO_APPROVE_SECONDS: '2' },
				});
				return sandbox.url;
			}))
		)
			return;
		if (
			!(await must(
				`credential "Message Central Sandbox" and the ${Object.keys(stack.EXAMPLES).length} examples import (n8n CLI)`,
				async () => {
					// The AI agent example's chat model: a local fake (scripts/fake-model.js).
					model = await startFakeModel();
					await stack.importCredentialAndExamples({
						major,
						userFolder,
						sandboxUrl: sandbox.url,
						webhookSecret,
						modelUrl: model.url,
					});
				},
			))
		)
			return;
		// Behind a (pretend) reverse proxy: links carry the public address; the
		// Send and Wait checks call in with X-Forwarded-Host, as a proxy does.
		const webhookEnv = {
			...(major === 2
				? { N8N_WEBHOOK_URL: PUBLIC_WEBHOOK_BASE }
				: { WEBHOOK_URL: PUBLIC_WEBHOOK_BASE }),
			N8N_PROXY_HOPS: '1',
		};
		if (
			!(await must('n8n starts and the owner logs in', async () => {
				n8n = await e2e.startN8n({
					major,
					userFolder,
					port: await e2e.freePort(),
					env: webhookEnv,
				});
				return `${((Date.now() - t0) / 1000).toFixed(0)} s so far, ${n8n.baseUrl}`;
			}))
		)
			return;
		const client = await e2e.ownerClient(n8n);
		const st = { major, n8n, sandbox, model, client, webhookSecret };

		// ---- loaded types
		const nodeTypes = (await client.nodeTypes()).map((t) => t.name);
		for (const n of [
			'n8n-nodes-whatsapp-now.whatsAppNow',
			'n8n-nodes-whatsapp-now.whatsAppNowTrigger',
		]) {
			check(`node type ${n} is loaded`, nodeTypes.includes(n));
		}
		const credTypes = (await client.credentialTypes()).map((t) => t.name);
		check('credential type messageCentralApi is loaded', credTypes.includes('messageCentralApi'));
		const logText = fs.readFileSync(n8n.logFile, 'utf8');
		const loadErrors = logText
			.split('\n')
			.filter((l) => l.includes('n8n-nodes-whatsapp-now') && /error|fail|skipping/i.test(l));
		check(
			'no load errors for the package in the n8n log',
			loadErrors.length === 0,
			loadErrors.slice(0, 2).join(' | '),
		);

		await must('the imported credential tests OK against the sandbox', async () => {
			const r = await client.testCredential({ id: stack.CREDENTIAL.id });
			if (r.status !== 'OK') throw new Error(`${r.status}: ${r.message}`);
			return r.message;
		});

		// ---- triggers: activate, handshake
		const urls = {};
		await must(
			'trigger workflows activate; production URLs are /webhook/<webhookId>/webhook',
			async () => {
				for (const role of ['triggerStatus', 'triggerReply'])
					urls[role] = await stack.activateTrigger(client, n8n, role);
				return Object.values(urls)
					.map((u) => new URL(u).pathname)
					.join(', ');
			},
		);
		await must(
			'subscription handshake: hub.challenge echoed for the right verify token, 403 otherwise',
			async () => {
				const url = urls.triggerStatus || stack.productionUrl(n8n, 'triggerStatus');
				const q = (token) =>
					`${url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`;
				const good = await fetch(q(webhookSecret));
				const goodText = await good.text();
				const bad = await fetch(q('wrong-token'));
				if (good.status !== 200 || goodText !== '1158201444')
					throw new Error(`right token: ${good.status} ${goodText.slice(0, 80)}`);
				if (bad.status !== 403) throw new Error(`wrong token answered ${bad.status}`);
			},
		);
		await sandbox.control.seedTemplate(stack.SEED_TEMPLATE);
		await sandbox.control.configure({
			callbackUrl: urls.triggerStatus || stack.productionUrl(n8n, 'triggerStatus'),
			callbackSecret: webhookSecret,
		});

		// ---- example workflows, each against exactly the requests it should make
		const before = await requestCount(sandbox);
		const runExample = async (role, lastNode, expected, describe) => {
			const { id, file } = stack.EXAMPLES[role];
			await must(
				`example ${file} executes (n8n execute --id=${id}); the sandbox received exactly the expected requests`,
				async () => {
					const from = await requestCount(sandbox);
					const started = Date.now();
					const run = await stack.executeWorkflow(major, userFolder, id);
					if (!run.ok) {
						const msg =
							(run.stdout.match(/"message":\s*"([^"]+)"/) || [])[1] ||
							`${run.stdout}${run.stderr}`.split('\n').slice(-5).join(' ');
						throw new Error(`execution failed: ${msg}`);
					}
					const out = stack.nodeOutput(run.data, lastNode) || [];
					const problems = compareRequests(await newRequests(sandbox, from), expected);
					if (!out.length || out.some((i) => i.success !== true))
						problems.push(`${lastNode} output: ${JSON.stringify(out).slice(0, 200)}`);
					if (problems.length) throw new Error(problems.join('; '));
					return `${describe(out)}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
				},
			);
		};

		const png = pngOfChatExample();
		await runExample(
			'chatImage',
			'Send Chat',
			[
				(r) => {
					const p = expectParams(r, {
						flowType: 'WHATSAPP',
						type: 'CHAT',
						senderId: '919999000001',
						countryCode: '91',
						mobileNumber: '9876543210',
						message: 'Your parcel MSG3453 is on its way. Here is a photo of it.',
					});
					const f = r.files || [];
					const sha = crypto.createHash('sha256').update(png).digest('hex');
					if (
						f.length !== 1 ||
						f[0].mimeType !== 'image/png' ||
						f[0].sha256 !== sha ||
						f[0].filename !== 'parcel.png'
					) {
						p.push(
							`file ${JSON.stringify(f.map((x) => [x.filename, x.mimeType, x.size]))}, expected parcel.png image/png ${png.length} bytes`,
						);
					}
					return p;
				},
			],
			(out) => `1 chat with parcel.png, messageId ${String(out[0].messageId).slice(0, 14)}…`,
		);

		const code = stack.readExample('bulk').nodes.find((n) => n.type === 'n8n-nodes-base.code')
			.parameters.jsCode;
		const expectedRows = [
			['91', '9876543210', '', '', 'Asha', 'MSG3453'],
			['91', '9876543211', '', '', 'Ravi', 'MSG3454'],
			['91', '9876543212', '', '', 'Meera', 'MSG3455'],
			['1', '4155550123', '', '', 'John', 'MSG3456'],
			['49', '15123456789', '', '', 'Lena', 'MSG3457'],
		];
		if (!code.includes('Lena'))
			check('bulk example list unchanged', false, 'update expectedRows in e2e.js');
		await runExample(
			'bulk',
			'Broadcast',
			[
				(r) => {
					const p = expectParams(r, {
						flowType: 'WHATSAPP',
						type: 'BROADCAST',
						templateName: 'order_update',
						langId: 'en_US',
						senderId: '919999000001',
					});
					if (param(r, 'mobileNumber') !== undefined)
						p.push('a bulk upload carries no mobileNumber');
					const x = r.xlsx;
					if (!x) p.push('no XLSX file uploaded');
					else {
						const header = ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'];
						if (JSON.stringify(x.header) !== JSON.stringify(header))
							p.push(`header ${JSON.stringify(x.header)}`);
						const rows = x.rows.map((row) =>
							row.map((c) => (c === null || c === undefined ? '' : String(c))),
						);
						if (JSON.stringify(rows) !== JSON.stringify(expectedRows))
							p.push(`rows ${JSON.stringify(rows)}`);
					}
					return p;
				},
			],
			(out) => `1 upload, ${out.length} recipients`,
		);

		let created = null;
		await runExample(
			'templateFlow',
			'Send Template',
			[
				(r) => {
					created = param(r, 'name');
					const p = expectParams(r, {
						phoneNumber: '919999000001',
						name: /^order_update_\d+$/,
						language: 'en_US',
						category: 'UTILITY',
						headerFormat: 'TEXT',
						header: 'Your order',
						body: 'Hello {{1}}, your order {{2}} has shipped and arrives tomorrow.',
						bodyValue: 'John MSG3453',
						footer: 'Reply STOP to unsubscribe',
					});
					const buttons = JSON.parse(param(r, 'buttons') || '[]');
					if (
						buttons.length !== 1 ||
						buttons[0].type !== 'QUICK_REPLY' ||
						buttons[0].text !== 'Track my order'
					)
						p.push(`buttons ${param(r, 'buttons')}`);
					return p;
				},
				(r) => [
					...expectParams(r, {
						templateName: created,
						templateLang: 'en_US',
						phoneNumber: '919999000001',
					}),
					...(r.response && r.response.status === 'PENDING'
						? []
						: [`first poll: ${r.response && r.response.status}, expected PENDING`]),
				],
				(r) => [
					...expectParams(r, { templateName: created, templateLang: 'en_US' }),
					...(r.response && r.response.status === 'APPROVED'
						? []
						: [`second poll: ${r.response && r.response.status}, expected APPROVED`]),
				],
				(r) =>
					expectParams(r, {
						flowType: 'WHATSAPP',
						type: 'BROADCAST',
						templateName: created,
						langId: 'en_US',
						countryCode: '91',
						mobileNumber: '9876543210',
						variables: 'John, MSG3453',
					}),
			],
			() => `created ${created}, PENDING then APPROVED 5 s later, sent to 919876543210`,
		);

		const all = await newRequests(sandbox, before);
		const tokens = all.filter((r) => r.path === TOKEN).length;
		check(
			'one auth token serves every run (token requests during the examples <= 1)',
			tokens <= 1,
			`${tokens}`,
		);

		// ---- statuses of everything sent -> the status-log workflow
		const messages = (await sandbox.control.state()).messages.length;
		await must(
			`trigger (signature): ${messages * 3} sent/delivered/read callbacks for ${messages} messages answered 200, one successful execution each`,
			async () => {
				const callbacks = await waitForCallbacks(sandbox, messages * 3);
				const statuses = callbacks.filter((c) => c.kind === 'status');
				const bad = statuses.filter((c) => c.status !== 200 || !c.signed);
				if (statuses.length !== messages * 3 || bad.length)
					throw new Error(
						`${statuses.length} callbacks, not 200/unsigned: ${JSON.stringify(bad.slice(0, 2).map((c) => [c.status, c.error]))}`,
					);
				const kinds = statuses.map((c) => c.payload.entry[0].changes[0].value.statuses[0].status);
				for (const s of ['sent', 'delivered', 'read'])
					if (kinds.filter((k) => k === s).length !== messages)
						throw new Error(`${s}: ${kinds.filter((k) => k === s).length}`);
				const id = stack.EXAMPLES.triggerStatus.id;
				const list = await stack.waitForExecutions(
					client,
					id,
					(l) =>
						l.length >= statuses.length &&
						l.every((x) => x.status !== 'running' && x.status !== 'new'),
				);
				const ok = list.filter((x) => x.status === 'success' && x.mode === 'webhook');
				if (list.length !== statuses.length || ok.length !== list.length) {
					throw new Error(
						`${list.length} executions (${ok.length} successful webhook runs) for ${statuses.length} callbacks`,
					);
				}
				return `${list.length} executions`;
			},
		);

		// ---- an inbound message -> the reply workflow
		await sandbox.control.configure({
			callbackUrl: urls.triggerReply || stack.productionUrl(n8n, 'triggerReply'),
		});
		await must(
			'trigger (signature): an inbound message starts one successful execution that replies through the sandbox',
			async () => {
				const from = await requestCount(sandbox);
				const callbacksBefore = (await sandbox.control.state()).callbacks.length;
				const answer = await sandbox.control.inbound({
					type: 'text',
					from: '919876543210',
					name: 'Asha',
					text: 'Where is my order?',
				});
				if (answer.callbackStatus !== 200)
					throw new Error(`callback answered ${answer.callbackStatus} ${answer.error || ''}`);
				const id = stack.EXAMPLES.triggerReply.id;
				const list = await stack.waitForExecutions(
					client,
					id,
					(l) => l.length >= 1 && l.every((x) => x.status !== 'running' && x.status !== 'new'),
				);
				if (list.length !== 1 || list[0].status !== 'success')
					throw new Error(`executions: ${JSON.stringify(list)}`);
				// The reply's own sent/delivered/read reach the same URL: filtered out (messages only), no execution.
				await waitForCallbacks(sandbox, callbacksBefore + 4);
				await stack.sleep(1000);
				const after = await stack.executionsOf(client, id);
				if (after.length !== 1)
					throw new Error(`${after.length} executions after the reply's statuses (expected 1)`);
				const problems = compareRequests(await newRequests(sandbox, from), [
					(r) =>
						expectParams(r, {
							type: 'CHAT',
							countryCode: '91',
							mobileNumber: '9876543210',
							message: /^Thanks Asha! We received your text message: "Where is my order\?"/,
						}),
				]);
				if (problems.length) throw new Error(problems.join('; '));
				return 'reply sent to 919876543210; its 3 statuses started nothing';
			},
		);

		// ---- a forged signature
		await must(
			'trigger: a forged or missing X-Hub-Signature-256 is answered 401 and starts no execution',
			async () => {
				const id = stack.EXAMPLES.triggerStatus.id;
				const beforeList = await stack.executionsOf(client, id);
				const body = Buffer.from(
					JSON.stringify(
						(await sandbox.control.state()).callbacks.find((c) => c.kind === 'status').payload,
					),
				);
				const url = urls.triggerStatus || stack.productionUrl(n8n, 'triggerStatus');
				const forged = await fetch(url, {
					method: 'POST',
					headers: signedPayloadHeaders(body, `${webhookSecret}-forged`),
					body,
				});
				const unsigned = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body,
				});
				await stack.sleep(1500);
				const afterList = await stack.executionsOf(client, id);
				if (forged.status !== 401 || unsigned.status !== 401)
					throw new Error(`forged: ${forged.status}, unsigned: ${unsigned.status}`);
				if (afterList.length !== beforeList.length)
					throw new Error(`${afterList.length - beforeList.length} new executions`);
				return `401 / 401, still ${afterList.length} executions`;
			},
		);

		// ---- further checks, each in its own module
		// The pictures of docs/ are taken only when asked for (npm run screenshots).
		const shotsDir = (major === 2 && screenshotsDir()) || path.join(userFolder, 'screenshots');
		fs.mkdirSync(shotsDir, { recursive: true });
		const more = {
			st,
			shotsDir,
			publicBase: PUBLIC_WEBHOOK_BASE,
			check,
			must,
			urls,
			userFolder,
			helpers: {
				newRequests,
				requestCount,
				waitForCallbacks,
				compareRequests,
				expectParams,
				signedPayloadHeaders,
				runExample,
			},
		};
		await require('./otp').otpChecks(more);
		await require('./gaps').gapChecks(more);
		await require('./sendAndWait').sendAndWaitChecks(more);
		// The agent example uses n8n 2.x's AI Agent 3.1 and its human-approval tools.
		if (major === 2) await require('./agent').agentChecks(more);
		// n8n's Data table node and its REST API, as 2.x ships them.
		if (major === 2) await require('./optOuts').optOutChecks(more);
		await require('./conversations').conversationChecks(more);

		// ---- the editor
		if (withBrowser) {
			await require('./browser').editorChecks({
				st,
				check,
				shotsDir,
				failShotsDir: userFolder,
				publicWebhookBase: PUBLIC_WEBHOOK_BASE,
			});
		}
	} catch (error) {
		check(
			'run',
			false,
			String(error.stack || error)
				.split('\n')
				.slice(0, 3)
				.join(' '),
		);
	} finally {
		if (n8n) await n8n.stop();
		if (sandbox) await sandbox.stop();
		if (model) await model.close();
		const failed = results.filter((r) => !r).length > failedBefore;
		console.log(`== ${label}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		if (failed || keep) console.log(`kept ${userFolder} (n8n.log, sandbox.log, screenshots)`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

async function main() {
	const list = majors.length ? majors : [2, 1];
	const t0 = Date.now();
	for (const major of list) {
		await runVersion(major);
		if (major === 2 && withQueue) {
			console.log(`\n== n8n ${e2e.n8nInfo(2).version}, queue mode`);
			await require('./queue').runQueueStage({
				check: makeCheck(`n8n ${e2e.n8nInfo(2).version} queue`),
				keep,
			});
		}
		// Installed, updated and uninstalled from the editor, out of a local registry.
		if (withBrowser && withEditorInstall) {
			await require('./editorInstall').editorInstallStage({
				major,
				check: makeCheck(`n8n ${e2e.n8nInfo(major).version} editor install`),
				keep,
				shotsDir: major === 2 ? screenshotsDir() : undefined,
			});
		}
	}
	const failed = results.filter((r) => !r).length;
	const tests = (Date.now() - t0) / 1000;
	const setup = Number(process.env.E2E_SETUP_SECONDS || 0);
	console.log(
		`\ne2e: ${tests.toFixed(0)} s of tests${setup ? ` + ${setup} s of setup = ${(tests + setup).toFixed(0)} s` : ''}`,
	);
	console.log(`${results.length - failed} passed, ${failed} failed`);
	return failed || !results.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		console.log(
			`${results.filter(Boolean).length} passed, ${results.filter((r) => !r).length + 1} failed`,
		);
		process.exit(1);
	},
);
