#!/usr/bin/env node
'use strict';
/**
 * By-hand benchmark: what 2,000 sends at 20 in flight cost against the sandbox
 * (50 ms latency) without n8n, the floor the per-item sends of the package are
 * measured against (`bench/bulk-vs-diy.js --sends 2000`):
 *
 *   node http, new connection       Node's http, a fresh agent per request
 *   node http, keep-alive           Node's http, one keep-alive agent
 *   axios, new agent per request    how n8n's request helper sends: axios
 *                                   (follow-redirects) with agents built per request
 *
 * Same request as Send Template (query parameters, authToken header). Run by
 * hand after the sandbox compile: `node bench/send-floor.js [--rounds 3]`.
 */
const http = require('node:http');
const axios = require('axios');
const stack = require('../scripts/e2e/stack');

const SENDS = 2000;
const IN_FLIGHT = 20;
const LATENCY_MS = 50;
const argv = process.argv.slice(2);
const ROUNDS = Number(argv.includes('--rounds') ? argv[argv.indexOf('--rounds') + 1] : 3);

async function main() {
	const sandbox = await stack.startSandboxCli({ logFile: '/dev/null' });
	const keepAlive = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
	try {
		const c = stack.sandboxConstants();
		const key = Buffer.from(c.password).toString('base64');
		const login = `${sandbox.url}/auth/v1/authentication/token?customerId=${c.customerId}&key=${key}&scope=NEW`;
		const { token } = await (await fetch(login)).json();
		const url = `${sandbox.url}/verification/v3/send`;
		const query = (i) => ({
			flowType: 'WHATSAPP',
			type: 'BROADCAST',
			templateName: stack.SEED_TEMPLATE.name,
			senderId: c.senderId,
			langId: stack.SEED_TEMPLATE.language,
			countryCode: '91',
			mobileNumber: String(9876500000 + i),
			variables: `Customer ${i}, MSG${i}`,
		});
		const viaHttp = (agentFor) => (i) =>
			new Promise((resolve, reject) => {
				const req = http.request(`${url}?${new URLSearchParams(query(i))}`, {
					method: 'POST',
					agent: agentFor(),
					headers: { authToken: token },
				});
				req.on('response', (res) => res.resume().on('end', resolve));
				req.on('error', reject);
				req.end();
			});
		const clients = {
			'node http, new connection': viaHttp(() => new http.Agent()),
			'node http, keep-alive': viaHttp(() => keepAlive),
			'axios, new agent per request': (i) =>
				axios.request({
					method: 'POST',
					url,
					params: query(i),
					headers: { authToken: token },
					httpAgent: new http.Agent(),
					validateStatus: () => true,
				}),
		};
		console.log(
			`${SENDS} sends, ${IN_FLIGHT} in flight, sandbox latency ${LATENCY_MS} ms: floor ${((SENDS * LATENCY_MS) / IN_FLIGHT / 1000).toFixed(2)} s`,
		);
		const times = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
		for (let round = 0; round < ROUNDS; round++) {
			for (const [label, send] of Object.entries(clients)) {
				await sandbox.control.reset();
				await sandbox.control.seedTemplate(stack.SEED_TEMPLATE);
				await sandbox.control.configure({ latencyMs: LATENCY_MS });
				let next = 0;
				const t0 = Date.now();
				await Promise.all(
					Array.from({ length: IN_FLIGHT }, async () => {
						while (next < SENDS) await send(next++);
					}),
				);
				times[label].push((Date.now() - t0) / 1000);
				const accepted = (await sandbox.control.state()).messages.length;
				if (accepted !== SENDS) throw new Error(`${label}: ${accepted} messages accepted`);
			}
		}
		for (const [label, list] of Object.entries(times)) {
			const sorted = [...list].sort((a, b) => a - b);
			const median = sorted[Math.floor(sorted.length / 2)];
			console.log(
				`${label.padEnd(30)} median ${median.toFixed(2)} s (${list.map((t) => t.toFixed(2)).join(', ')}), ${(median / ((SENDS * LATENCY_MS) / IN_FLIGHT / 1000)).toFixed(2)}× the floor`,
			);
		}
	} finally {
		keepAlive.destroy();
		await sandbox.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
