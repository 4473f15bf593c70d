/**
 * Send Template in Bulk: node time for 20,000 and 100,000 recipients under the
 * three ways of mapping items to rows, through n8n-core's real WorkflowExecute
 * (the test harness). Run by hand, not in CI:
 *
 *   npx tsc -p tsconfig.sandbox.json && node .build/bench/bulk-mapping.bench.js [20000,100000]
 *
 * Styles: `plain` (Mapping Expressions, every field a plain {{ $json.x }}),
 * `prefix` (the same with Phone Number `+91{{ $json.mobile }}`, which n8n
 * evaluates per item) and `fields` (Mapping Fields).
 *
 * Each measurement runs in its own child process, so `maxRSS` (the kernel's
 * peak resident set, process.resourceUsage()) is that run's own. "Node time"
 * is the node's executionTime with the uploads answered at once: the
 * credential points at a pass-through proxy that answers the send calls
 * itself (the body read in full, nothing parsed) and forwards the rest (the
 * token) to the sandbox. One run per size with the real sandbox (latency 0,
 * which parses every file in this same process) checks that every
 * recipient was accepted and shows the total.
 */
import { execFileSync } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';

import { SANDBOX_CUSTOMER_ID, SANDBOX_PASSWORD, SANDBOX_SENDER_ID, startSandbox } from '../sandbox';
import { TestCredentialsHelper } from '../test/harness/credentialsHelper';
import { CREDENTIAL_ID, runActionNode } from '../test/harness/runWorkflow';

const STYLES = ['plain', 'prefix', 'fields'] as const;
type Style = (typeof STYLES)[number];
const SEND_PATH = '/verification/v3/send';

const parameters: Record<Style, Record<string, unknown>> = {
	plain: {
		phoneNumber: '={{ $json.phone }}',
		variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
	},
	prefix: {
		phoneNumber: '=+91{{ $json.mobile }}',
		variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
	},
	fields: {
		mapping: 'fields',
		phoneField: 'mobile',
		defaultCountryCode: '91',
		variableFields: { field: [{ name: 'name' }, { name: 'order' }] },
	},
};

interface Measurement {
	style: Style;
	items: number;
	upload: 'instant' | 'sandbox';
	nodeMs: number;
	maxRssMb: number;
	accepted: number;
	outputItems: number;
}

/** Answers send calls itself, forwards everything else to the sandbox. */
async function instantUploads(target: string): Promise<Server> {
	const server = createServer((req, res) => {
		if (req.url?.startsWith(SEND_PATH)) {
			req.resume();
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ responseCode: 200, message: 'SUCCESS', data: null }));
			});
			return;
		}
		const forward = request(
			new URL(req.url ?? '/', target),
			{ method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

async function child(style: Style, count: number, upload: 'instant' | 'sandbox'): Promise<void> {
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const sandbox = await startSandbox({ latencyMs: 0 });
	const proxy = upload === 'instant' ? await instantUploads(sandbox.url) : undefined;
	try {
		sandbox.seedTemplate({
			name: 'order_update',
			language: 'en_US',
			category: 'UTILITY',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} ships today.' }],
		});
		const baseUrl = proxy
			? `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
			: sandbox.url;
		const credentialsHelper = new TestCredentialsHelper();
		credentialsHelper.set(CREDENTIAL_ID, {
			customerId: SANDBOX_CUSTOMER_ID,
			password: SANDBOX_PASSWORD,
			keyFormat: 'plain',
			senderId: SANDBOX_SENDER_ID,
			baseUrl,
		});
		const items = Array.from({ length: count }, (_, i) => {
			const mobile = `98${String(i).padStart(8, '0')}`;
			return { json: { phone: `+91${mobile}`, mobile, name: `Name ${i}`, order: `MSG${i}` } };
		});
		const result = await runActionNode({
			credentialsHelper,
			items,
			parameters: {
				resource: 'message',
				operation: 'sendTemplateBulk',
				templateName: 'order_update',
				language: 'en_US',
				source: 'items',
				...parameters[style],
			} as never,
		});
		if (result.error) throw new Error(`the node failed: ${result.error.message}`);
		const task = result.run.data.resultData.runData['WhatsApp Now'][0];
		const measurement: Measurement = {
			style,
			items: count,
			upload,
			nodeMs: task.executionTime,
			maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
			accepted: upload === 'sandbox' ? sandbox.state.messages.length : NaN,
			outputItems: result.items.length,
		};
		process.stdout.write(`${JSON.stringify(measurement)}\n`);
	} finally {
		proxy?.close();
		await sandbox.close();
	}
}

function main(): void {
	const sizes = (process.argv[2] ?? '20000,100000').split(',').map(Number);
	console.log(
		`Send Template in Bulk, node time by mapping style (Node ${process.version}, ${cpus().length} CPU(s), load ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')})`,
	);
	const rows: Measurement[] = [];
	for (const size of sizes) {
		const runs: Array<[Style, 'instant' | 'sandbox']> = [
			...STYLES.map((s) => [s, 'instant'] as [Style, 'instant']),
			['fields', 'sandbox'],
		];
		for (const [style, upload] of runs) {
			const out = execFileSync(
				process.execPath,
				['--max-old-space-size=4096', __filename, '--child', style, String(size), upload],
				{ encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
			);
			const measurement = JSON.parse(out.trim().split('\n').pop()!) as Measurement;
			rows.push(measurement);
			console.log(JSON.stringify(measurement));
		}
	}
	console.table(
		rows.map((m) => ({
			items: m.items,
			mapping: m.style,
			uploads: m.upload === 'instant' ? 'answered at once' : 'sandbox (parses each file)',
			'node time (s)': Math.round(m.nodeMs / 10) / 100,
			'peak RSS (MB)': m.maxRssMb,
			'accepted by sandbox': m.upload === 'sandbox' ? m.accepted : '—',
		})),
	);
}

if (process.argv[2] === '--child') {
	child(process.argv[3] as Style, Number(process.argv[4]), process.argv[5] as 'instant').catch(
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
} else {
	main();
}
