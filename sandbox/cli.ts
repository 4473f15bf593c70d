// `npm run sandbox`: a long-running sandbox for manual and e2e work.
import {
	SANDBOX_CUSTOMER_ID,
	SANDBOX_KEY,
	SANDBOX_PASSWORD,
	SANDBOX_SENDER_ID,
	type SandboxOptions,
	startSandbox,
} from './index';

function numberEnv(name: string): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return undefined;
	const n = Number(raw);
	if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
	return n;
}

async function main(): Promise<void> {
	const errorStyle = process.env.SANDBOX_ERROR_STYLE;
	const options: SandboxOptions = {
		port: numberEnv('SANDBOX_PORT') ?? 4010,
		host: process.env.SANDBOX_HOST || '127.0.0.1',
		callbackUrl: process.env.SANDBOX_CALLBACK_URL || undefined,
		callbackSecret: process.env.SANDBOX_CALLBACK_SECRET || undefined,
		autoApproveSeconds: numberEnv('SANDBOX_AUTO_APPROVE_SECONDS'),
		latencyMs: numberEnv('SANDBOX_LATENCY_MS'),
		statusDelayMs: numberEnv('SANDBOX_STATUS_DELAY_MS'),
		errorStyle: errorStyle === 'http200' || errorStyle === 'http400' ? errorStyle : undefined,
		log: (line) => console.log(`[sandbox] ${line}`),
	};
	if (errorStyle && !options.errorStyle) {
		throw new Error("SANDBOX_ERROR_STYLE must be 'http400' or 'http200'");
	}
	const sb = await startSandbox(options);
	const c = sb.state.config;
	const autoApprove = c.autoApproveSeconds === null ? 'off' : `${c.autoApproveSeconds} s`;
	// The password is the sandbox's public demo value, so printing it is fine.
	console.log(
		[
			'WhatsApp Now sandbox is running',
			`  base URL     ${sb.url}`,
			`  customer id  ${SANDBOX_CUSTOMER_ID}`,
			`  password     ${SANDBOX_PASSWORD}  (key ${SANDBOX_KEY})`,
			`  sender id    ${SANDBOX_SENDER_ID}`,
			`  callback URL ${c.callbackUrl ?? '(none)'}${c.callbackSecret ? ' (signed)' : ''}`,
			`  auto-approve ${autoApprove}, latency ${c.latencyMs} ms, errors ${c.errorStyle}`,
			`  control      ${sb.url}/__sandbox/state`,
			`  last OTP     curl '${sb.url}/__sandbox/otp?to=919876543210'`,
		].join('\n'),
	);
	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		console.log(`[sandbox] ${signal}: stopping`);
		void sb.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(
		`[sandbox] cannot start: ${error instanceof Error ? error.message : String(error)}`,
	);
	process.exit(1);
});
