'use strict';
/**
 * Send and Wait for Response in a real n8n: the example workflow
 * (examples/send-and-wait-approval.json) and variants of it, started through
 * production webhooks. The response link is read from what the sandbox
 * received (the template's CTA variable, or the chat text) and opened like a
 * phone would: headless chromium at 390 px for the approval (a screenshot in
 * shotsDir), plain HTTP for the rest.
 *
 *   node scripts/e2e/sendAndWait.js [2|1]     just these checks (after npm run build)
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const stack = require('./stack');

const PHONE = '919876543233';
const EXAMPLE = stack.EXAMPLES.sendAndWait;
const WAIT_NODE = 'Ask for approval';

/** Puts a Code node making two items (two phone numbers) before Send and Wait. */
function twoRecipients(wf) {
	const hook = wf.nodes.find((n) => n.webhookId);
	wf.nodes.push({
		id: crypto.randomUUID(),
		name: 'Two managers',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [120, 200],
		parameters: {
			jsCode: `const body = $input.first().json.body;
return [0, 1].map((i) => ({ json: { body: { ...body, phone: '+9198765432' + (40 + i) } } }));`,
		},
	});
	wf.connections[hook.name] = { main: [[{ node: 'Two managers', type: 'main', index: 0 }]] };
	wf.connections['Two managers'] = { main: [[{ node: WAIT_NODE, type: 'main', index: 0 }]] };
	return wf;
}

/** The example with other Send and Wait parameters, under its own webhook path. */
function variant(suffix, parameters) {
	const wf = stack.readExample('sendAndWait');
	delete wf.id;
	wf.name = `${wf.name} (${suffix})`;
	for (const n of wf.nodes) {
		if (n.webhookId) {
			n.webhookId = crypto.randomUUID();
			n.parameters.path = `approval-request-${suffix}`;
		}
		if (n.name === WAIT_NODE) Object.assign(n.parameters, parameters);
	}
	return wf;
}

async function postJson(url, body) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, text: await res.text() };
}

async function sendAndWaitChecks({ st, must, publicBase: givenBase, shotsDir = os.tmpdir() }) {
	const { n8n, sandbox, client } = st;
	const started = {};
	const publicBase = (givenBase || stack.publicUrl(n8n)).replace(/\/+$/, '');
	const open = (link, init = {}) => {
		const { url, headers } = stack.throughProxy(link, publicBase, n8n.baseUrl);
		return fetch(url, { ...init, headers: { ...headers, ...init.headers } });
	};
	/** Posts the page's form as a browser does (multipart). */
	const submit = async (link, fields) => {
		const form = new FormData();
		for (const [k, v] of Object.entries(fields)) form.append(k, v);
		const res = await open(link, { method: 'POST', body: form });
		return { status: res.status, text: await res.text() };
	};

	/** Starts a workflow through its webhook; answers the waiting execution and the message sent. */
	const start = async (workflow, body = {}) => {
		const path_ = workflow.nodes.find((n) => n.webhookId).parameters.path;
		const before = (await stack.executionsOf(client, workflow.id)).length;
		const messagesBefore = (await sandbox.control.state()).messages.length;
		const res = await postJson(`${n8n.baseUrl}/webhook/${path_}`, {
			phone: `+${PHONE}`,
			requester: 'Asha',
			request: 'refund of 120 EUR for order 1001',
			...body,
		});
		if (res.status !== 200)
			throw new Error(`webhook answered ${res.status}: ${res.text.slice(0, 200)}`);
		const list = await stack.waitForExecutions(
			client,
			workflow.id,
			(l) => l.length > before && l.some((e) => e.status === 'waiting'),
			30000,
		);
		const execution = list.find((e) => e.status === 'waiting');
		if (!execution) throw new Error(`no waiting execution: ${JSON.stringify(list.slice(0, 3))}`);
		const messages = (await sandbox.control.state()).messages.slice(messagesBefore);
		return { execution, messages };
	};

	const linkOf = (message, label) => {
		if (message.type === 'BROADCAST') {
			// What WhatsApp opens: the template's button URL with {{1}} filled in.
			const [, button] = stack.approvalTemplate(publicBase).components;
			return button.buttons[0].url.replace('{{1}}', message.ctaVariables[0]);
		}
		const line = message.message.split('\n').find((l) => l.startsWith(`${label}: `));
		if (!line) throw new Error(`no "${label}:" line in ${JSON.stringify(message.message)}`);
		return line.slice(label.length + 2);
	};

	/** Waits for the execution to finish; answers the output of `node`. */
	const finished = async (executionId, node, timeoutMs = 30000) =>
		stack.runOutput(await stack.finishedRun(client, st.major, executionId, timeoutMs), node);
	const statusOf = async (executionId) => (await client.execution(executionId)).status;

	// ---- the example: template with a URL button, approval, in chromium at 390 px
	const example = stack.readExample('sendAndWait');
	// Earlier checks may have reset the sandbox: the template must be there.
	await sandbox.control.seedTemplate(stack.approvalTemplate(publicBase)).catch((e) => {
		if (!/exists/.test(e.message)) throw e;
	});
	const active = await must('Send and Wait example activates (production webhook)', async () => {
		const wf = await client.getWorkflow(EXAMPLE.id);
		if (!wf.active) await client.activateWorkflow(EXAMPLE.id, wf.versionId);
		const url = `${n8n.baseUrl}/webhook/approval-request`;
		await stack.waitForWebhook(url, (status, text) => status !== 404 || /POST/.test(text));
		return new URL(url).pathname;
	});
	if (!active) return;

	let approval;
	await must(
		'Send and Wait (template): the execution waits; the sandbox got approval_request with the signed link in its CTA variable',
		async () => {
			approval = await start(example);
			const [m] = approval.messages;
			if (approval.messages.length !== 1 || m.templateName !== 'approval_request')
				throw new Error(`messages: ${JSON.stringify(approval.messages)}`);
			if (
				JSON.stringify(m.variables) !== JSON.stringify(['Asha', 'refund of 120 EUR for order 1001'])
			)
				throw new Error(`variables ${JSON.stringify(m.variables)}`);
			const cta = m.ctaVariables[0];
			if (
				!new RegExp(`^${approval.execution.id}/[^/?]+\\?item=0&signature=[0-9a-f]{64}$`).test(cta)
			)
				throw new Error(`CTA variable ${cta}`);
			return `execution ${approval.execution.id} waiting, {{1}} = ${cta.replace(/[0-9a-f]{64}$/, '<signature>')}`;
		},
	);
	if (!approval) return;
	const link = linkOf(approval.messages[0]);

	await must(
		'a forged or tampered link is refused (401) and does not resume the execution',
		async () => {
			const forged = link.replace(
				/signature=([0-9a-f])/,
				(_, c) => `signature=${c === '0' ? '1' : '0'}`,
			);
			const tampered = link.replace('item=0', 'item=1');
			const a = await submit(forged, { choice: 'approve' });
			const b = await submit(tampered, { choice: 'approve' });
			const c = await open(link.replace(/&signature=.*$/, '')).then((r) => r.status);
			await stack.sleep(500);
			const status = await statusOf(approval.execution.id);
			if (a.status !== 401 || b.status !== 401 || c !== 401 || status !== 'waiting')
				throw new Error(
					`forged ${a.status}, tampered ${b.status}, unsigned ${c}, execution ${status}`,
				);
			return `401 / 401 / 401, execution still waiting`;
		},
	);

	await must(
		'the link opens a phone-sized approval page (390 px, no horizontal scroll, no external requests); Approve resumes: data.approved === true in the next node',
		async () => {
			const { launch } = require('./browser');
			const browser = await launch({ width: 390, height: 844 });
			try {
				const { page } = browser;
				const outside = [];
				page.on('request', (r) => {
					if (!r.url().startsWith(n8n.baseUrl)) outside.push(r.url());
				});
				const local = stack.throughProxy(link, publicBase, n8n.baseUrl);
				await page.setExtraHTTPHeaders(local.headers);
				await page.goto(local.url);
				await page.getByRole('button', { name: 'Approve' }).waitFor();
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - window.innerWidth,
				);
				if (overflow > 0) throw new Error(`${overflow} px of horizontal scroll`);
				await page.screenshot({ path: path.join(shotsDir, 'send-and-wait-approval.png') });
				await page.getByRole('button', { name: 'Approve' }).click();
				await page.getByText('Thank you').waitFor();
				if (outside.length) throw new Error(`requests outside n8n: ${outside.join(', ')}`);
			} finally {
				await browser.close();
			}
			const out = await finished(approval.execution.id, 'Approved');
			const waitOut = await finished(approval.execution.id, WAIT_NODE);
			if (out.length !== 1 || out[0].decision !== 'approved' || out[0].to !== PHONE)
				throw new Error(`Approved output ${JSON.stringify(out)}`);
			const [r] = waitOut;
			if (
				r.data?.approved !== true ||
				!r.respondedAt ||
				r.to !== PHONE ||
				r.timedOut !== false ||
				!('messageId' in r)
			)
				throw new Error(`Send and Wait output ${JSON.stringify(waitOut)}`);
			return `Approved → decision "approved", data ${JSON.stringify(r.data)}, respondedAt ${r.respondedAt}`;
		},
	);

	await must(
		'a second click after the answer shows n8n\'s "No action required" page, not an error',
		async () => {
			const again = await open(link);
			const text = await again.text();
			const post = await submit(link, { choice: 'decline' });
			if (again.status !== 200 || !/No action required/i.test(text))
				throw new Error(`GET ${again.status}: ${text.slice(0, 200)}`);
			if (post.status !== 200 || !/No action required/i.test(post.text))
				throw new Error(`POST ${post.status}: ${post.text.slice(0, 200)}`);
			return 'GET 200 and POST 200 "No action required"';
		},
	);

	// ---- variants through the API: chat with Approve + Decline links, free text, form, time limit, two items
	const variants = {
		chat: variant('chat', { sendAs: 'chat', message: 'May Asha get a refund of 120 EUR?' }),
		text: variant('text', {
			sendAs: 'chat',
			message: 'What should we tell the customer?',
			responseType: 'freeText',
		}),
		form: variant('form', {
			sendAs: 'chat',
			message: 'Please fill in the order details',
			responseType: 'customForm',
			formFields: {
				field: [
					{ label: 'Quantity', fieldType: 'number', required: true },
					{ label: 'Size', fieldType: 'dropdown', choices: 'S, M, L', required: true },
					{ label: 'Delivery date', fieldType: 'date' },
				],
			},
		}),
		two: twoRecipients(
			variant('two', { sendAs: 'chat', message: 'Can one of you approve the refund?' }),
		),
		time: variant('time', {
			sendAs: 'chat',
			message: 'Quick: approve?',
			options: {
				limitWaitTime: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' },
				},
			},
		}),
	};
	const created = await must(
		'five Send and Wait variants (chat, free text, form, two items, time limit) activate',
		async () => {
			for (const wf of Object.values(variants)) {
				const made = await client.createWorkflow(wf);
				wf.id = made.id;
				await client.activateWorkflow(made.id, made.versionId);
				await stack.waitForWebhook(
					`${n8n.baseUrl}/webhook/${wf.nodes[0].parameters.path}`,
					(s, t) => s !== 404 || /POST/.test(t),
				);
			}
			return Object.keys(variants).join(', ');
		},
	);
	if (!created) return;

	// The time limit runs out while the other checks go on.
	await must('Send and Wait with a 3-second limit waits', async () => {
		started.time = await start(variants.time);
		return `execution ${started.time.execution.id}`;
	});

	await must(
		'chat: Approve and Decline links in the text; Decline resumes with data.approved === false',
		async () => {
			const { execution, messages } = await start(variants.chat);
			const [m] = messages;
			if (
				m.type !== 'CHAT' ||
				!m.message.startsWith('May Asha get a refund of 120 EUR?\n\nApprove: ')
			)
				throw new Error(`message ${JSON.stringify(m)}`);
			const decline = linkOf(m, 'Decline');
			const page = await open(decline).then((r) => r.text());
			if (!/class="secondary chosen"/.test(page))
				throw new Error('the Decline link does not preselect Decline');
			const res = await submit(decline, { choice: 'decline' });
			if (res.status !== 200) throw new Error(`submit ${res.status}`);
			const out = await finished(execution.id, 'Declined or no answer');
			if (out[0]?.decision !== 'declined') throw new Error(JSON.stringify(out));
			return `decision "declined"`;
		},
	);

	await must(
		'free text: an empty answer shows the page again (execution still waiting); the answer arrives as data.text',
		async () => {
			const { execution, messages } = await start(variants.text);
			const answer = linkOf(messages[0], 'Answer here');
			const empty = await submit(answer, { text: '  ' });
			if (empty.status !== 422 || (await statusOf(execution.id)) !== 'waiting')
				throw new Error(`empty answer: ${empty.status}`);
			await submit(answer, { text: 'Offer a voucher instead' });
			const out = await finished(execution.id, WAIT_NODE);
			if (out[0]?.data?.text !== 'Offer a voucher instead') throw new Error(JSON.stringify(out));
			return `data.text "${out[0].data.text}"`;
		},
	);

	await must(
		'custom form: a missing required field is refused on the page; the form arrives under data',
		async () => {
			const { execution, messages } = await start(variants.form);
			const answer = linkOf(messages[0], 'Answer here');
			const missing = await submit(answer, { field0: '3' });
			if (missing.status !== 422 || !/Size is required/.test(missing.text))
				throw new Error(`missing field: ${missing.status}`);
			await submit(answer, { field0: '3', field1: 'M', field2: '2026-12-24' });
			const [out] = await finished(execution.id, WAIT_NODE);
			const expected = { Quantity: 3, Size: 'M', 'Delivery date': '2026-12-24' };
			if (JSON.stringify(out?.data) !== JSON.stringify(expected))
				throw new Error(JSON.stringify(out));
			return `data ${JSON.stringify(out.data)}`;
		},
	);

	await must(
		'two input items: one message each; the first answer continues the run, both items accounted for (paired, responded true / false)',
		async () => {
			const { execution, messages } = await start(variants.two);
			const to = messages.map((m) => m.to).join(', ');
			if (to !== '919876543240, 919876543241') throw new Error(`messages to ${to}`);
			if (!linkOf(messages[1], 'Approve').includes('item=1&')) throw new Error('item 1 link');
			await submit(linkOf(messages[1], 'Approve'), { choice: 'approve' });
			const out = await finished(execution.id, WAIT_NODE);
			const got = out.map((o) => `${o.to}:${o.responded}:${o.data?.approved}`).join(', ');
			if (got !== '919876543240:false:undefined, 919876543241:true:true') throw new Error(got);
			const late = await submit(linkOf(messages[0], 'Approve'), { choice: 'approve' });
			if (late.status !== 200 || !/No action required/i.test(late.text))
				throw new Error(`the other link afterwards: ${late.status}`);
			return `${got}; the other link then shows "No action required"`;
		},
	);

	if (started.time) {
		await must(
			'when the limit passes, the item continues with timedOut: true (n8n checks waiting executions about once a minute)',
			async () => {
				const out = await finished(started.time.execution.id, 'Declined or no answer', 100000);
				const waitOut = await finished(started.time.execution.id, WAIT_NODE);
				if (
					out[0]?.decision !== 'no answer' ||
					waitOut[0]?.timedOut !== true ||
					waitOut[0]?.to !== PHONE
				)
					throw new Error(`${JSON.stringify(out)} / ${JSON.stringify(waitOut)}`);
				return `decision "no answer", ${JSON.stringify(waitOut[0])}`;
			},
		);
	}
}

module.exports = { sendAndWaitChecks };

// Standalone: start the stack, run these checks only.
if (require.main === module) {
	(async () => {
		const major = Number(process.argv[2] || 2);
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-saw-'));
		const st = await stack.startStack({
			major,
			userFolder,
			activate: [],
			callbackRole: null,
			n8nEnv: { N8N_PROXY_HOPS: '1' },
		});
		st.major = major;
		const must = stack.mustFor(stack.makeCheck(`n8n ${major} send and wait`));
		try {
			await sendAndWaitChecks({ st, must });
		} finally {
			await st.stop();
			if (!process.argv.includes('--keep')) fs.rmSync(userFolder, { recursive: true, force: true });
		}
		process.exit(must.failures() ? 1 : 0);
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
