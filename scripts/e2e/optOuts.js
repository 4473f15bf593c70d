'use strict';
/**
 * Opt-outs in a real n8n 2.x (called by e2e.js): examples/whatsapp-opt-outs.json
 * with n8n's own Data table. A customer's "STOP" reaches the trigger as
 * optOut: true and lands in the table through the Data table node; the
 * campaign part of the example (run as its own workflow, started by a
 * webhook) reads the table into Skip Numbers, and the
 * sandbox receives no upload row for that number. "START" removes it again.
 */
const crypto = require('node:crypto');
const stack = require('./stack');

const EXAMPLE = stack.EXAMPLES.optOuts;
const TABLE = 'whatsapp_opt_outs';
/** The first recipient of the example's campaign list. */
const CUSTOMER = '919876543210';
const CAMPAIGN_NODES = ['Start campaign', 'Opt-outs', 'Recipients', 'Campaign'];
const finished = (l) => l.every((x) => x.status !== 'running' && x.status !== 'new');

async function optOutChecks({ st, must, helpers }) {
	const { n8n, sandbox, client, major } = st;
	const { control } = sandbox;
	const savedCallbackUrl = (await control.state()).config.callbackUrl;
	const example = stack.readExample('optOuts');
	const url = stack.productionUrl(n8n, 'optOuts');

	let table;
	const ready = await must(
		`opt-outs: the Data table ${TABLE} is created and the example activates (production webhook)`,
		async () => {
			const project = await client.call('GET', '/rest/projects/personal');
			table = await client.call('POST', `/rest/projects/${project.id}/data-tables`, {
				name: TABLE,
				columns: [
					{ name: 'phone', type: 'string' },
					{ name: 'optedOutAt', type: 'string' },
				],
			});
			table.projectId = project.id;
			const wf = await client.getWorkflow(EXAMPLE.id);
			if (!wf.active) await client.activateWorkflow(EXAMPLE.id, wf.versionId);
			await stack.waitForWebhook(url);
			await control.configure({ callbackUrl: url });
			return `table ${table.id}, ${new URL(url).pathname}`;
		},
	);
	if (!ready) return;

	const rows = async () => {
		const r = await client.call(
			'GET',
			`/rest/projects/${table.projectId}/data-tables/${table.id}/rows?take=100`,
		);
		return (r.data || r).map((row) => row.phone);
	};
	/** Delivers a text from the customer and waits for the run it starts. */
	const reply = async (text) => {
		const before = new Set((await stack.executionsOf(client, EXAMPLE.id)).map((x) => x.id));
		const answer = await control.inbound({ type: 'text', from: CUSTOMER, name: 'Asha', text });
		if (answer.callbackStatus !== 200)
			throw new Error(`the trigger answered ${answer.callbackStatus} ${answer.error || ''}`);
		const runs = await stack.waitForNewExecutions(client, EXAMPLE.id, before, 1);
		if (runs.length !== 1 || runs[0].status !== 'success')
			throw new Error(`executions: ${JSON.stringify(runs)}`);
		return await stack.finishedRun(client, major, runs[0].id);
	};

	try {
		await must(
			`opt-outs: "Stop" from ${CUSTOMER} arrives with optOut: true and lands in the Data table`,
			async () => {
				const runData = await reply('Stop');
				const item = stack.runOutput(runData, 'WhatsApp Now Trigger')[0] || {};
				if (item.optOut !== true) throw new Error(`trigger item ${JSON.stringify(item)}`);
				const phones = await rows();
				if (!phones.includes(CUSTOMER)) throw new Error(`table rows ${JSON.stringify(phones)}`);
				return `table: ${JSON.stringify(phones)}`;
			},
		);

		await must(
			`opt-outs: the next campaign (Skip Numbers from the table) uploads no row for ${CUSTOMER} and outputs it as skipped`,
			async () => {
				const campaign = campaignWorkflow(example);
				const created = await client.createWorkflow(campaign);
				try {
					await client.activateWorkflow(created.id, created.versionId);
					// n8n's Webhook node listens on its full path: /webhook/<path>.
					const hook = `${n8n.baseUrl}/webhook/${campaign.nodes[0].parameters.path}`;
					const from = await helpers.requestCount(sandbox);
					// POST until the activation has registered the path (404 before): one run starts.
					for (let tries = 0; ; tries++) {
						const res = await fetch(hook, { method: 'POST' });
						await res.text();
						if (res.status === 200) break;
						if (tries > 100) throw new Error(`${hook} answered ${res.status}`);
						await stack.sleep(300);
					}
					const runs = await stack.waitForNewExecutions(client, created.id, new Set(), 1);
					if (runs.length !== 1) throw new Error(`executions: ${JSON.stringify(runs)}`);
					const runData = await stack.finishedRun(client, major, runs[0].id);
					const uploads = (await helpers.newRequests(sandbox, from)).filter(
						(r) => r.path === '/verification/v3/send',
					);
					const uploaded = uploads.flatMap((r) => (r.xlsx ? r.xlsx.rows : []));
					const numbers = uploaded.map((row) => `${row[0]}${row[1]}`);
					if (uploads.length !== 1 || numbers.includes(CUSTOMER) || numbers.length !== 2)
						throw new Error(`uploaded rows ${JSON.stringify(numbers)}`);
					const out = stack.runOutput(runData, 'Campaign');
					const skipped = out.filter((i) => i.skipped === 'on the skip list');
					if (skipped.length !== 1 || skipped[0].to !== CUSTOMER)
						throw new Error(`Campaign output ${JSON.stringify(out).slice(0, 400)}`);
					return `uploaded ${JSON.stringify(numbers)}; ${CUSTOMER} skipped`;
				} finally {
					await client.deactivateWorkflow(created.id).catch(() => undefined);
					await client.request('DELETE', `/rest/workflows/${created.id}`).catch(() => undefined);
				}
			},
		);

		await must(`opt-outs: "START" from ${CUSTOMER} removes the number from the table`, async () => {
			const runData = await reply('START');
			const item = stack.runOutput(runData, 'WhatsApp Now Trigger')[0] || {};
			if (item.optIn !== true) throw new Error(`trigger item ${JSON.stringify(item)}`);
			const phones = await rows();
			if (phones.includes(CUSTOMER)) throw new Error(`table rows ${JSON.stringify(phones)}`);
			return `table: ${JSON.stringify(phones)}`;
		});
	} finally {
		await client.deactivateWorkflow(EXAMPLE.id).catch(() => undefined);
		await control.configure({ callbackUrl: savedCallbackUrl });
		await stack.waitForExecutions(client, EXAMPLE.id, finished, 5000);
	}
}

/**
 * The example's campaign part on its own, started by a Webhook node instead
 * of its manual trigger: a run in n8n's main process, where the Data table
 * module lives (`n8n execute` runs without it).
 */
function campaignWorkflow(example) {
	const nodes = example.nodes
		.filter((n) => CAMPAIGN_NODES.includes(n.name) && n.name !== 'Start campaign')
		.map((n) => ({ ...n, id: crypto.randomUUID() }));
	const webhookId = crypto.randomUUID();
	const start = stack.workflowNode('Start campaign', 'n8n-nodes-base.webhook', 2, 0, {
		httpMethod: 'POST',
		path: `campaign-${webhookId}`,
		responseMode: 'onReceived',
		options: {},
	});
	start.webhookId = webhookId;
	const connections = Object.fromEntries(
		Object.entries(example.connections).filter(([from]) => CAMPAIGN_NODES.includes(from)),
	);
	return {
		name: 'e2e: opt-out campaign',
		nodes: [start, ...nodes],
		connections,
		settings: example.settings,
	};
}

module.exports = { optOutChecks };
