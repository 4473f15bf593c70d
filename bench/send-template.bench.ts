/**
 * Send Template throughput: 2000 items through n8n-core's real WorkflowExecute
 * (the test harness) against the sandbox answering every call after 50 ms, at
 * "Requests in Flight" 20.
 *
 *   npx tsc -p tsconfig.sandbox.json && node .build/bench/send-template.bench.js
 *
 * Reports messages per second (accepted messages / node run time), the most
 * requests the sandbox saw in flight at once, and the token requests. Exits
 * non-zero when a target is missed: ≥ 200 messages/s, in flight ≤ 20, 1 token.
 * 20 in flight × 50 ms latency caps the rate at 400/s.
 */
import { cpus, loadavg } from 'node:os';

import { SANDBOX_CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_SENDER_ID, startSandbox } from '../sandbox';
import { TestCredentialsHelper } from '../test/harness/credentialsHelper';
import { CREDENTIAL_ID, runActionNode } from '../test/harness/runWorkflow';

const ITEMS = 2000;
const CONCURRENCY = 20;
const LATENCY_MS = 50;
const TARGET_PER_SECOND = 200;

async function main(): Promise<void> {
	// n8n-core logs every node error; a benchmark run has none to show.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	try {
		sandbox.seedTemplate({
			name: 'order_update',
			language: 'en_US',
			category: 'UTILITY',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} ships today.' }],
		});
		const credentialsHelper = new TestCredentialsHelper();
		credentialsHelper.set(CREDENTIAL_ID, {
			customerId: SANDBOX_CUSTOMER_ID,
			password: SANDBOX_PASSWORD,
			keyFormat: 'plain',
			senderId: SANDBOX_SENDER_ID,
			baseUrl: sandbox.url,
		});
		const items = Array.from({ length: ITEMS }, (_, i) => ({
			json: { phone: `+9198${String(i).padStart(8, '0')}`, name: `Name ${i}`, order: `MSG${i}` },
		}));
		const loadBefore = loadavg();
		const started = process.hrtime.bigint();
		const result = await runActionNode({
			credentialsHelper,
			items,
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				templateName: 'order_update',
				language: 'en_US',
				phoneNumber: '={{ $json.phone }}',
				variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
				options: { concurrency: CONCURRENCY },
			},
		});
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		if (result.error) throw new Error(`the node failed: ${result.error.message}`);

		const accepted = sandbox.state.messages.length;
		const perSecond = accepted / seconds;
		const { maxInFlight, tokenRequests } = sandbox.state;
		const ordered = result.items.every((item, i) => item.json.to === items[i].json.phone.slice(1));
		console.log(
			`Send Template: ${ITEMS} items, Requests in Flight ${CONCURRENCY}, sandbox latency ${LATENCY_MS} ms (Node ${process.version}, ${cpus().length} CPU(s), load ${loadBefore.map((l) => l.toFixed(2)).join(' ')})`,
		);
		console.table({
			'messages accepted': accepted,
			'run time (s)': Math.round(seconds * 100) / 100,
			'messages per second': Math.round(perSecond),
			'max in flight': maxInFlight,
			'token requests': tokenRequests,
			'output in input order': ordered,
		});
		const missed = [
			accepted !== ITEMS && `${ITEMS - accepted} messages missing`,
			perSecond < TARGET_PER_SECOND && `${Math.round(perSecond)} messages/s < ${TARGET_PER_SECOND}`,
			maxInFlight > CONCURRENCY && `${maxInFlight} in flight > ${CONCURRENCY}`,
			tokenRequests !== 1 && `${tokenRequests} token requests`,
			!ordered && 'output order differs from input order',
		].filter(Boolean);
		if (missed.length) {
			console.error(`Target missed: ${missed.join('; ')}`);
			process.exitCode = 1;
		}
	} finally {
		await sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
