'use strict';
/**
 * End-to-end checks that the examples alone do not reach, in a real n8n
 * (called by e2e.js once the examples and the trigger workflows have run):
 *
 * - Send Template in Bulk with Source "XLSX File": a file written by n8n's
 *   Convert to File node is uploaded as it is;
 * - a `failed` status (Meta error 131047) reaching the status-log workflow;
 * - the Get Status example (examples/template-get-status.json);
 * - a login token saved by an earlier run that Message Central no longer
 *   accepts: Send Code to two numbers at once renews it once, through n8n's
 *   own credential store, and sends each code once;
 * - what expressions yield in n8n's own expression engine (an object, text of
 *   zero-width characters) refused item by item under On Error → Continue,
 *   and a refused node setting giving every item its error.
 *
 * Every check compares what the sandbox received and what n8n recorded. What
 * the engine tests already prove (the trigger's Token authentication, a file
 * with a wrong header row) is not repeated here.
 */
const path = require('node:path');
const e2e = require('./n8n');
const stack = require('./stack');

const SEND = '/verification/v3/send';
const TEMPLATE = '/verification/v3/template';
const TOKEN = '/auth/v1/authentication/token';
const SENDER = '919999000001';
const BULK_HEADER = ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'];
const WAN = 'n8n-nodes-whatsapp-now.whatsAppNow';
const credentials = () => ({
	messageCentralApi: { id: stack.CREDENTIAL.id, name: stack.CREDENTIAL.name },
});

/** The contact list of the XLSX upload: Country and Mobile as text in one row, as numbers in the others. */
const CONTACTS = [
	{ Country: '91', Mobile: '9876543230', ctaVar1: '', ctaVar2: '', var1: 'Asha', var2: 'MSG4001' },
	{ Country: 1, Mobile: 4155550130, ctaVar1: '', ctaVar2: '', var1: 'John', var2: 'MSG4002' },
	{ Country: 49, Mobile: 15123456730, ctaVar1: '', ctaVar2: '', var1: 'Lena', var2: 'MSG4003' },
];
const EXPECTED_ROWS = CONTACTS.map((c) => BULK_HEADER.map((h) => String(c[h])));

const finished = (l) => l.every((x) => x.status !== 'running' && x.status !== 'new');

/** The run data of a saved execution (n8n stores it as a flatted string). */
async function executionRun(st, executionId) {
	const { parse } = require(path.join(e2e.n8nInfo(st.major).dir, 'node_modules', 'flatted'));
	const execution = await st.client.execution(executionId);
	const data = typeof execution.data === 'string' ? parse(execution.data) : execution.data;
	return { data };
}

/** Deactivates (when active), archives (n8n wants that before a delete) and deletes a workflow. */
async function removeWorkflow(client, id) {
	const wf = await client.getWorkflow(id).catch(() => null);
	if (!wf) return;
	if (wf.active) await client.deactivateWorkflow(id).catch(() => undefined);
	const url = `/rest/workflows/${encodeURIComponent(id)}`;
	if ((await client.request('DELETE', url)).status === 200) return;
	await client.request('POST', `${url}/archive`, {});
	const r = await client.request('DELETE', url);
	if (r.status !== 200)
		throw new Error(`DELETE ${url} answered ${r.status}: ${r.text.slice(0, 200)}`);
}

/** Waits until callbacks stop arriving at the sandbox (no new one for quietMs); returns their count. */
async function settleCallbacks(control, quietMs = 1000, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let since = Date.now();
	for (;;) {
		const callbacks = (await control.state()).callbacks;
		const pending = callbacks.some((c) => c.status === null && c.error === null);
		if (callbacks.length !== last || pending) {
			last = callbacks.length;
			since = Date.now();
		} else if (Date.now() - since >= quietMs || Date.now() > deadline) return last;
		await stack.sleep(200);
	}
}

/** Manual Trigger → Code (the rows) → Convert to File (XLSX) → Send Template in Bulk, Source "XLSX File". */
function bulkFileWorkflow(name, rows) {
	const node = stack.workflowNode;
	return {
		name,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Contact List', 'n8n-nodes-base.code', 2, 220, {
				jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));`,
			}),
			node('To XLSX', 'n8n-nodes-base.convertToFile', 1.1, 440, {
				operation: 'xlsx',
				binaryPropertyName: 'data',
				options: { fileName: 'contacts.xlsx', sheetName: 'Contacts' },
			}),
			node(
				'Broadcast File',
				WAN,
				1,
				660,
				{
					resource: 'message',
					operation: 'sendTemplateBulk',
					templateName: 'order_update',
					language: 'en_US',
					source: 'binary',
					binaryPropertyName: 'data',
				},
				{ credentials: credentials() },
			),
		],
		connections: {
			Start: { main: [[{ node: 'Contact List', type: 'main', index: 0 }]] },
			'Contact List': { main: [[{ node: 'To XLSX', type: 'main', index: 0 }]] },
			'To XLSX': { main: [[{ node: 'Broadcast File', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The message of a failed `n8n execute`, from its output. */
function failureText(run) {
	return `${run.stdout}\n${run.stderr}`;
}

async function gapChecks({ st, must, urls, userFolder, helpers }) {
	const { major, n8n, sandbox, client } = st;
	const { control } = sandbox;
	const statusUrl = urls.triggerStatus || stack.productionUrl(n8n, 'triggerStatus');
	const savedCallbackUrl = (await control.state()).config.callbackUrl;

	// ---- 1. a failed status reaches the status-log workflow
	await must(
		'trigger (signature): a failed status (131047) starts one successful status-log execution with status failed and the error',
		async () => {
			await control.configure({ callbackUrl: statusUrl });
			await settleCallbacks(control);
			const id = stack.EXAMPLES.triggerStatus.id;
			const before = await stack.waitForExecutions(client, id, finished);
			const { messages } = await control.state();
			const message = messages.find((m) => m.type === 'CHAT') || messages[0];
			if (!message) throw new Error('the sandbox has sent no message to report on');
			const answer = await control.status({
				wamid: message.wamid,
				status: 'failed',
				errorCode: 131047,
			});
			if (answer.callbackStatus !== 200)
				throw new Error(`the callback answered ${answer.callbackStatus} ${answer.error || ''}`);
			const list = await stack.waitForExecutions(
				client,
				id,
				(l) => l.length >= before.length + 1 && finished(l),
			);
			const known = new Set(before.map((x) => x.id));
			const fresh = list.filter((x) => !known.has(x.id));
			if (fresh.length !== 1 || fresh[0].status !== 'success' || fresh[0].mode !== 'webhook')
				throw new Error(`new executions: ${JSON.stringify(fresh)}`);
			const run = await executionRun(st, fresh[0].id);
			const out = stack.nodeOutput(run, 'WhatsApp Now Trigger') || [];
			const item = out[0] || {};
			const errors = Array.isArray(item.errors) ? item.errors : [];
			if (
				out.length !== 1 ||
				item.event !== 'status' ||
				item.status !== 'failed' ||
				item.messageId !== message.wamid ||
				item.recipientId !== message.to ||
				!errors[0] ||
				errors[0].code !== 131047
			)
				throw new Error(`trigger output ${JSON.stringify(out).slice(0, 400)}`);
			const log = (stack.nodeOutput(run, 'Status Log Entry') || [])[0] || {};
			if (log.status !== 'failed' || !String(log.problem).startsWith('131047 '))
				throw new Error(`Status Log Entry ${JSON.stringify(log).slice(0, 300)}`);
			return `${message.wamid.slice(0, 14)}… to ${message.to}: "${log.problem}"`;
		},
	);

	// ---- 2. the Get Status example
	await must(
		`example ${stack.EXAMPLES.templateStatus.file} executes (n8n execute --id=${stack.EXAMPLES.templateStatus.id}); one GET template with name, ID and language; APPROVED, 2 placeholders`,
		async () => {
			const params = stack
				.readExample('templateStatus')
				.nodes.find((n) => n.type === WAN && n.parameters.operation === 'getStatus').parameters;
			const seeded = Object.values((await control.state()).templates).find(
				(t) => t.name === params.templateName && t.language === params.language,
			);
			if (!seeded)
				throw new Error(`the sandbox holds no ${params.templateName}/${params.language}`);
			if (seeded.id !== params.templateId)
				throw new Error(
					`the sandbox's ${seeded.name} has ID ${seeded.id}, the example asks for ${params.templateId}: seed it with that id`,
				);
			const from = await helpers.requestCount(sandbox);
			const started = Date.now();
			const run = await stack.executeWorkflow(major, userFolder, stack.EXAMPLES.templateStatus.id);
			if (!run.ok)
				throw new Error(`execution failed: ${failureText(run).split('\n').slice(-8).join(' ')}`);
			const problems = helpers.compareRequests(await helpers.newRequests(sandbox, from), [
				(r) => [
					...(r.method === 'GET' && r.path === TEMPLATE ? [] : [`${r.method} ${r.path}`]),
					...helpers.expectParams(r, {
						phoneNumber: SENDER,
						templateName: 'order_update',
						templateId: seeded.id,
						templateLang: 'en_US',
					}),
				],
			]);
			const out = stack.nodeOutput(run.data, 'Get Status') || [];
			const t = out[0] || {};
			if (
				out.length !== 1 ||
				t.status !== 'APPROVED' ||
				t.placeholderCount !== 2 ||
				t.dynamicUrlCount !== 0 ||
				t.name !== 'order_update' ||
				String(t.id) !== seeded.id ||
				t.language !== 'en_US' ||
				!Array.isArray(t.components)
			)
				problems.push(`Get Status output: ${JSON.stringify(out).slice(0, 300)}`);
			if (problems.length) throw new Error(problems.join('; '));
			return `order_update ${seeded.id} en_US: APPROVED, placeholderCount 2, ${((Date.now() - started) / 1000).toFixed(1)} s`;
		},
	);

	// ---- 3. Send Template in Bulk from an XLSX file
	const runBulkWorkflow = async (name, rows) => {
		const created = await client.createWorkflow(bulkFileWorkflow(name, rows));
		try {
			const from = await helpers.requestCount(sandbox);
			const messagesBefore = (await control.state()).messages.length;
			const run = await stack.executeWorkflow(major, userFolder, created.id);
			const requests = (await helpers.newRequests(sandbox, from)).filter((r) => r.path !== TOKEN);
			const messages = (await control.state()).messages.slice(messagesBefore);
			return { run, requests, messages };
		} finally {
			await removeWorkflow(client, created.id);
		}
	};

	await must(
		'bulk (XLSX File): a file from Convert to File is uploaded as it is: one upload with exactly its rows, output success with rows 3',
		async () => {
			const { run, requests, messages } = await runBulkWorkflow(
				'e2e: bulk from an XLSX file',
				CONTACTS,
			);
			if (!run.ok)
				throw new Error(`execution failed: ${failureText(run).split('\n').slice(-8).join(' ')}`);
			const problems = helpers.compareRequests(requests, [
				(r) => {
					const p = [
						...(r.method === 'POST' && r.path === SEND ? [] : [`${r.method} ${r.path}`]),
						...helpers.expectParams(r, {
							flowType: 'WHATSAPP',
							type: 'BROADCAST',
							templateName: 'order_update',
							langId: 'en_US',
							senderId: SENDER,
						}),
					];
					const files = r.files || [];
					if (files.length !== 1 || files[0].filename !== 'contacts.xlsx')
						p.push(`files ${JSON.stringify(files.map((f) => [f.field, f.filename, f.size]))}`);
					const x = r.xlsx;
					if (!x) p.push('no XLSX file uploaded');
					else {
						if (JSON.stringify(x.header) !== JSON.stringify(BULK_HEADER))
							p.push(`header ${JSON.stringify(x.header)}`);
						const got = x.rows.map((row) =>
							row.map((c) => (c === null || c === undefined ? '' : String(c))),
						);
						if (JSON.stringify(got) !== JSON.stringify(EXPECTED_ROWS))
							p.push(`rows ${JSON.stringify(got)}`);
					}
					return p;
				},
			]);
			const to = messages.map((m) => `${m.to}:${m.viaFile ? 'file' : 'single'}`);
			const expectedTo = CONTACTS.map((c) => `${c.Country}${c.Mobile}:file`);
			if (JSON.stringify(to) !== JSON.stringify(expectedTo))
				problems.push(`messages ${JSON.stringify(to)}`);
			const out = stack.nodeOutput(run.data, 'Broadcast File') || [];
			if (
				out.length !== 1 ||
				out[0].success !== true ||
				out[0].rows !== CONTACTS.length ||
				out[0].fileName !== 'contacts.xlsx'
			)
				problems.push(`Broadcast File output: ${JSON.stringify(out).slice(0, 300)}`);
			if (problems.length) throw new Error(problems.join('; '));
			return `1 upload of contacts.xlsx, ${out[0].rows} rows, ${messages.length} messages accepted`;
		},
	);

	// ---- 4. a stale saved token under requests in flight
	await must(
		'stale token: Send Code to 2 numbers (WhatsApp, SMS) at once after Message Central dropped the saved token: one login, each code sent once, the new token saved',
		async () => {
			const node = stack.workflowNode;
			const created = await client.createWorkflow({
				name: 'e2e: Send Code with a stale token',
				nodes: [
					node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
					node('Sign-ups', 'n8n-nodes-base.code', 2, 220, {
						// New numbers each run: the sandbox, like Message Central, refuses a second code while one is valid (506).
						jsCode:
							"const n = 9876500000 + Math.floor(Math.random() * 90000);\nreturn [{ json: { phone: '+91' + n, channel: 'WHATSAPP' } }, { json: { phone: '+91' + (n + 1), channel: 'SMS' } }];",
					}),
					node(
						'Send Code',
						WAN,
						1,
						440,
						{
							resource: 'verification',
							operation: 'sendCode',
							phoneNumber: '={{ $json.phone }}',
							channel: '={{ $json.channel }}',
						},
						{ credentials: credentials() },
					),
				],
				connections: {
					Start: { main: [[{ node: 'Sign-ups', type: 'main', index: 0 }]] },
					'Sign-ups': { main: [[{ node: 'Send Code', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			});
			try {
				// Earlier checks left a working token in n8n's database; Message Central forgets it.
				await control.expireTokens();
				const from = await helpers.requestCount(sandbox);
				const run = await stack.executeWorkflow(major, userFolder, created.id);
				const requests = await helpers.newRequests(sandbox, from);
				if (!run.ok)
					throw new Error(`execution failed: ${failureText(run).split('\n').slice(-8).join(' ')}`);
				const logins = requests.filter((r) => r.path === TOKEN);
				const sends = requests.filter((r) => r.path === SEND);
				const accepted = sends.filter((r) => r.status === 200);
				const refused = sends.filter((r) => r.status === 401 && r.responseCode === 800);
				const problems = [];
				if (logins.length !== 1) problems.push(`${logins.length} token requests`);
				if (refused.length < 1 || refused.length + accepted.length !== sends.length)
					problems.push(`sends ${JSON.stringify(sends.map((r) => [r.status, r.responseCode]))}`);
				const out = stack.nodeOutput(run.data, 'Send Code') || [];
				if (out.length !== 2 || out.some((i) => !i.verificationId))
					problems.push(`Send Code output ${JSON.stringify(out).slice(0, 300)}`);
				const sent = accepted.map((r) => `${r.query.flowType}:91${r.query.mobileNumber}`).sort();
				const expected = out.map((i) => `${i.channel}:${i.to}`).sort();
				if (JSON.stringify(sent) !== JSON.stringify(expected) || new Set(sent).size !== 2)
					problems.push(
						`accepted sends ${JSON.stringify(sent)}, output ${JSON.stringify(expected)}`,
					);
				if (problems.length) throw new Error(problems.join('; '));
				// The saved token works: a second run logs in no more.
				const again = await helpers.requestCount(sandbox);
				const second = await stack.executeWorkflow(major, userFolder, created.id);
				const more = (await helpers.newRequests(sandbox, again)).filter((r) => r.path === TOKEN);
				if (!second.ok || more.length)
					throw new Error(`second run: ok ${second.ok}, ${more.length} token requests`);
				return `${refused.length} refused + ${accepted.length} accepted sends, 1 login; the next run reused the saved token`;
			} finally {
				await removeWorkflow(client, created.id);
			}
		},
	);

	// ---- 5. what expressions yield in a real n8n: objects and invisible text refused, the rest sent
	await must(
		'bad input (On Error → Continue): Send Chat with an object and a zero-width message: two error items naming field and item, one message sent; a refused Mapping setting gives every item its error',
		async () => {
			const node = stack.workflowNode;
			const items = [
				{ phone: '+919876500101', message: { text: 'Your order shipped', from: 'crm' } },
				{ phone: '+919876500102', message: '\u200B\u2060' },
				{ phone: '+919876500103', message: 'Your order shipped' },
			];
			const created = await client.createWorkflow({
				name: 'e2e: bad input',
				nodes: [
					node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
					node('Messages', 'n8n-nodes-base.code', 2, 220, {
						jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));`,
					}),
					node(
						'Send Chat',
						WAN,
						1,
						440,
						{
							resource: 'message',
							operation: 'sendChat',
							phoneNumber: '={{ $json.phone }}',
							message: '={{ $json.message }}',
						},
						{ credentials: credentials(), onError: 'continueRegularOutput' },
					),
					node(
						'Bulk Auto',
						WAN,
						1,
						660,
						{
							resource: 'message',
							operation: 'sendTemplateBulk',
							templateName: 'order_update',
							language: 'en_US',
							source: 'items',
							mapping: 'auto',
						},
						{ credentials: credentials(), onError: 'continueRegularOutput' },
					),
				],
				connections: {
					Start: { main: [[{ node: 'Messages', type: 'main', index: 0 }]] },
					Messages: { main: [[{ node: 'Send Chat', type: 'main', index: 0 }]] },
					'Send Chat': { main: [[{ node: 'Bulk Auto', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			});
			try {
				const from = await helpers.requestCount(sandbox);
				const run = await stack.executeWorkflow(major, userFolder, created.id);
				if (!run.ok)
					throw new Error(`execution failed: ${failureText(run).split('\n').slice(-8).join(' ')}`);
				const sends = (await helpers.newRequests(sandbox, from)).filter((r) => r.path === SEND);
				const problems = [];
				if (sends.length !== 1 || sends[0].query.message !== 'Your order shipped')
					problems.push(`sends ${JSON.stringify(sends.map((r) => r.query.message))}`);
				const out = stack.nodeOutput(run.data, 'Send Chat') || [];
				const expected = [
					/^Message \(item 0\) is an object with fields text, from, not text: pick one, e\.g\. \{\{ \$json\.text \}\}$/,
					/^Message \(item 1\) is empty \(only invisible characters\)$/,
				];
				if (
					out.length !== 3 ||
					!expected.every((re, i) => re.test(String(out[i].error))) ||
					out[2].success !== true
				)
					problems.push(`Send Chat output ${JSON.stringify(out).slice(0, 400)}`);
				// The chat results carry no phone field var1..: Mapping Automatically refuses the run.
				const bulk = stack.nodeOutput(run.data, 'Bulk Auto') || [];
				if (bulk.length !== 3 || bulk.some((i) => !/^Mapping Automatically/.test(String(i.error))))
					problems.push(`Bulk Auto output ${JSON.stringify(bulk).slice(0, 400)}`);
				if (problems.length) throw new Error(problems.join('; '));
				return `1 message sent; "${String(out[0].error).slice(0, 60)}…"; ${bulk.length} Mapping error items`;
			} finally {
				await removeWorkflow(client, created.id);
			}
		},
	);

	// The bulk messages' statuses go wherever the callbacks pointed; let them land, then put the URL back.
	await settleCallbacks(control);
	await control.configure({ callbackUrl: savedCallbackUrl });
}

module.exports = { gapChecks };
