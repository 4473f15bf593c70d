/**
 * Parse-time benchmark for the WhatsApp Now Trigger: one body carrying 10,000
 * status objects (a busy broadcast's callbacks batched together).
 *
 *   npx tsc -p tsconfig.sandbox.json && node .build/bench/trigger-parse.bench.js
 *
 * Times `parseNotification` alone, on an already JSON-parsed body, since the
 * body is parsed by n8n before the trigger sees it. Exits non-zero when the
 * median misses the target.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { parseNotification } from '../nodes/WhatsAppNowTrigger/parser/parseNotification';

const STATUS_COUNT = 10_000;
const RUNS = 20;
const WARMUP_RUNS = 3;
const TARGET_MS = 50;
const STATUS_VALUES = ['sent', 'delivered', 'read', 'failed', 'deleted'];

function buildBody(): unknown {
	const statuses = Array.from({ length: STATUS_COUNT }, (_, index) => {
		const status = STATUS_VALUES[index % STATUS_VALUES.length];
		return {
			id: `wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgS${index.toString(16).padStart(8, '0')}`,
			status,
			timestamp: String(1_700_000_000 + index),
			recipient_id: `9198765${String(index).padStart(5, '0')}`,
			conversation: {
				id: `conv-${index}`,
				expiration_timestamp: String(1_700_086_400 + index),
				origin: { type: 'marketing' },
			},
			pricing: { billable: true, pricing_model: 'CBP', category: 'marketing' },
			...(status === 'failed'
				? {
						errors: [
							{
								code: 131047,
								title: 'Re-engagement message',
								message: 'Re-engagement message',
								error_data: {
									details: 'More than 24 hours have passed since the customer last replied.',
								},
							},
						],
					}
				: {}),
		};
	});
	// Round-trip through JSON so the body has the same shape and hidden classes as a real request's.
	return JSON.parse(
		JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: {
									display_phone_number: '15550783881',
									phone_number_id: '106540352242922',
								},
								statuses,
							},
						},
					],
				},
			],
		}),
	);
}

/**
 * A full collection between runs, so each run starts like a fresh request
 * instead of paying for the previous run's 10,000 discarded events.
 * Works without `node --expose-gc`; absent (and skipped) if V8 refuses.
 */
function collectorBetweenRuns(): () => void {
	setFlagsFromString('--expose-gc');
	const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
	return typeof gc === 'function' ? () => gc() : () => undefined;
}

function summary(samples: number[]): { median: number; min: number; max: number } {
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median =
		sorted.length % 2 === 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle];
	return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

function main(): void {
	const collect = collectorBetweenRuns();
	const body = buildBody();
	const bodyBytes = Buffer.byteLength(JSON.stringify(body));
	for (let run = 0; run < WARMUP_RUNS; run++) parseNotification(body);

	const wallTimes: number[] = [];
	let eventCount = 0;
	for (let run = 0; run < RUNS; run++) {
		collect();
		const started = process.hrtime.bigint();
		const result = parseNotification(body);
		wallTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
		eventCount = result.events.length;
	}
	if (eventCount !== STATUS_COUNT)
		throw new Error(`expected ${STATUS_COUNT} events, got ${eventCount}`);

	const wall = summary(wallTimes);
	console.log(
		`trigger parse: ${STATUS_COUNT} statuses, ${(bodyBytes / 1e6).toFixed(1)} MB body, ${RUNS} runs (node ${process.version})`,
	);
	console.log(
		`  wall: median ${wall.median.toFixed(2)} ms | min ${wall.min.toFixed(2)} ms | max ${wall.max.toFixed(2)} ms | target < ${TARGET_MS} ms`,
	);
	if (wall.median >= TARGET_MS) {
		console.error(`  FAIL: median ${wall.median.toFixed(2)} ms is over the ${TARGET_MS} ms target`);
		process.exitCode = 1;
	} else {
		console.log('  PASS');
	}
}

main();
