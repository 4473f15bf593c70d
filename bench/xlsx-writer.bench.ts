/**
 * Bulk contact list writer: the package's own XLSX writer (helpers/xlsx/xlsxWriter.ts) against
 * SheetJS (@e965/xlsx, the library n8n's own Convert to File node uses), on
 * the same 100,000 recipients × (4 + 3) columns.
 *
 *   npx tsc -p tsconfig.sandbox.json && node .build/bench/xlsx-writer.bench.js
 *
 * Each measurement runs in its own child process (`--expose-gc`), so one
 * writer's heap never pollutes the other's figures. A child builds the rows
 * (deterministic: a seeded generator), collects garbage, notes its RSS, then
 * writes once (after an untimed 2,000-row warm-up that both writers get) and
 * reports the time, the file size and `maxRSS` (the kernel's
 * peak resident set). "Working memory" is peak minus the RSS just before the
 * write: what the writer itself needed on top of the rows both are given.
 * Writers alternate over RUNS rounds; medians are compared. Exits non-zero
 * when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

import type { SheetCell } from '../nodes/WhatsAppNow/helpers/xlsx/xlsxWriter';

const RECIPIENTS = 100_000;
const VARIABLES = 3;
const RUNS = 5;
const WARMUP_ROWS = 2000;
const TARGET_RATIO = 0.4;
/**
 * `sheetjs`: n8n Convert to File's defaults (bookSST off, compression off);
 * `sheetjs-zip`: the same with its Compression option on. The ratios take the
 * better of the two for each figure. `package-streamed`: the package's writer
 * fed the same rows one by one as it consumes them (shown, not in the ratios).
 */
const WRITERS = ['package', 'sheetjs', 'sheetjs-zip', 'package-streamed'] as const;
type Writer = (typeof WRITERS)[number];

interface Measurement {
	writer: Writer;
	ms: number;
	/** CPU time of the whole process during the write (all threads: zlib and GC helpers too). */
	cpuMs: number;
	bytes: number;
	rssBeforeMb: number;
	peakRssMb: number;
	workingMb: number;
}

/** Same rows in every process: a linear congruential generator with a fixed seed. */
function* generateRows(count: number): Generator<SheetCell[]> {
	let seed = 20_240_601;
	const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
	const names = ['Kunal', 'Asha', 'Smith, John', 'Priya', 'Jürgen', 'Zoë', 'नमस्ते', 'Li Wei'];
	for (let i = 0; i < count; i++) {
		const hasCta = next() % 4 === 0;
		yield [
			91,
			9_000_000_000 + (next() % 999_999_999),
			hasCta ? `v${next() % 100_000}` : null,
			null,
			names[next() % names.length],
			`MSG${next() % 1_000_000}`,
			`${(next() % 28) + 1} Jan 2025`,
		];
	}
}

/** Each child loads only its own writer's library, so neither baseline carries the other. */
async function write(
	writer: Writer,
	header: string[],
	rows: SheetCell[][] | number,
): Promise<Buffer> {
	if (writer === 'package' || writer === 'package-streamed') {
		const { writeXlsx } = await import('../nodes/WhatsAppNow/helpers/xlsx/xlsxWriter');
		return await writeXlsx(header, typeof rows === 'number' ? generateRows(rows) : rows);
	}
	if (typeof rows === 'number') throw new Error('SheetJS needs the rows as an array');
	const XLSX = await import('@e965/xlsx');
	const sheet = XLSX.utils.aoa_to_sheet([header, ...rows]);
	const workbook = XLSX.utils.book_new();
	XLSX.utils.book_append_sheet(workbook, sheet, 'Sheet1');
	// As n8n's convertJsonToSpreadsheetBinary calls it.
	return XLSX.write(workbook, {
		type: 'buffer',
		bookType: 'xlsx',
		bookSST: false,
		compression: writer === 'sheetjs-zip',
	}) as Buffer;
}

async function child(writer: Writer): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run children with --expose-gc');
	const header = [
		'Country',
		'Mobile',
		'ctaVar1',
		'ctaVar2',
		...Array.from({ length: VARIABLES }, (_, i) => `var${i + 1}`),
	];
	const streamed = writer === 'package-streamed';
	const rows = streamed ? RECIPIENTS : [...generateRows(RECIPIENTS)];
	// Same warm-up for all: load lazily required modules and let the JIT see the hot paths,
	// as a node writing its second batch would. Not timed.
	await write(
		writer,
		header,
		streamed ? WARMUP_ROWS : (rows as SheetCell[][]).slice(0, WARMUP_ROWS),
	);
	gc();
	const rssBefore = process.memoryUsage().rss;
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const file = await write(writer, header, rows);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	const peakRss = process.resourceUsage().maxRSS * 1024;
	// Not timed, after the peak was read: the file must hold every recipient, or the figures mean nothing.
	const { summariseXlsx } = await import('../nodes/WhatsAppNow/helpers/xlsx/xlsxReader');
	const summary = await summariseXlsx(file);
	if (summary.recipientRows !== RECIPIENTS || summary.header.join() !== header.join()) {
		throw new Error(`${writer} wrote ${summary.recipientRows} rows under ${summary.header.join()}`);
	}
	const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
	const result: Measurement = {
		writer,
		ms: Math.round(ms),
		cpuMs: Math.round((cpu.user + cpu.system) / 1000),
		bytes: file.length,
		rssBeforeMb: mb(rssBefore),
		peakRssMb: mb(peakRss),
		workingMb: mb(peakRss - rssBefore),
	};
	process.stdout.write(JSON.stringify(result));
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function parent(): void {
	const loadBefore = loadavg();
	const results: Measurement[] = [];
	for (let run = 0; run < RUNS; run++) {
		// Alternate who goes first so neither always meets a warmer machine.
		const order = run % 2 === 0 ? WRITERS : [...WRITERS].reverse();
		for (const writer of order) {
			const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--child', writer], {
				encoding: 'utf8',
				maxBuffer: 1024 * 1024,
			});
			results.push(JSON.parse(out) as Measurement);
		}
	}
	const summary = Object.fromEntries(
		WRITERS.map((writer) => {
			const mine = results.filter((r) => r.writer === writer);
			return [
				writer,
				{
					ms: median(mine.map((r) => r.ms)),
					cpuMs: median(mine.map((r) => r.cpuMs)),
					peakRssMb: median(mine.map((r) => r.peakRssMb)),
					workingMb: median(mine.map((r) => r.workingMb)),
					rssBeforeMb: median(mine.map((r) => r.rssBeforeMb)),
					bytes: median(mine.map((r) => r.bytes)),
					runsMs: mine.map((r) => r.ms),
				},
			];
		}),
	) as Record<
		Writer,
		{
			ms: number;
			cpuMs: number;
			peakRssMb: number;
			workingMb: number;
			rssBeforeMb: number;
			bytes: number;
			runsMs: number[];
		}
	>;
	const ours = summary.package;
	const best = (key: 'ms' | 'cpuMs' | 'workingMb' | 'peakRssMb') =>
		Math.min(summary.sheetjs[key], summary['sheetjs-zip'][key]);
	const ratios = {
		time: ours.ms / best('ms'),
		cpu: ours.cpuMs / best('cpuMs'),
		workingMemory: ours.workingMb / best('workingMb'),
		peakRss: ours.peakRssMb / best('peakRssMb'),
	};
	const round = (n: number) => Math.round(n * 100) / 100;
	console.log(
		`XLSX of ${RECIPIENTS.toLocaleString('en')} recipients × (4 + ${VARIABLES}) columns, median of ${RUNS} runs per writer`,
	);
	console.log(
		`Node ${process.version}, ${cpus().length} CPU(s), load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
	);
	console.table(summary);
	console.log(
		`package / best SheetJS: time ${round(ratios.time)}× (CPU ${round(ratios.cpu)}×), working memory ${round(ratios.workingMemory)}×, whole-process peak RSS ${round(ratios.peakRss)}× (target ≤ ${TARGET_RATIO}× for time and memory)`,
	);
	if (ratios.time > TARGET_RATIO || ratios.workingMemory > TARGET_RATIO) {
		console.error('Target missed.');
		process.exitCode = 1;
	}
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
	child(process.argv[childIndex + 1] as Writer).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
} else {
	parent();
}
