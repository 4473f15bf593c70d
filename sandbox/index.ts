// Programmatic entry point of the WhatsApp Now API sandbox (see SPEC.md).
import type { AddressInfo } from 'node:net';
import { DEFAULT_CONFIG, type SandboxConfig, validateConfig } from './config';
import {
	type InboundResult,
	type StatusCallbackInput,
	postRaw,
	sendInbound,
	sendStatus,
} from './control';
import { addFault } from './faults';
import type { InboundInput } from './inbound-payload';
import { Runtime } from './runtime';
import { type Logger, createSandboxServer } from './server';
import type { CallbackRecord, FaultRule, SandboxState, SandboxTemplate } from './state';
import { type SeedTemplateInput, decideTemplate, seedTemplate } from './templates';
import { type OtpView, expireOtp, lastOtp } from './verify';

export * from './config';
export * from './state';
export { MESSAGES, META_MESSAGES, VERIFY_LIMIT_MESSAGE } from './envelope';
export type { Envelope } from './envelope';
export { TOKEN_PATH, TEMPLATE_PATH, SEND_PATH, VALIDATE_PATH } from './server';
export { OTP_LENGTH } from './verify';
export type { OtpView } from './verify';
export { CONTROL_PREFIX } from './control';
export type { InboundResult, StatusCallbackInput } from './control';
export { decodeJwt } from './tokens';
export type { JwtClaims } from './tokens';
export {
	normaliseTemplateName,
	placeholders,
	TEMPLATE_LANGUAGES,
	TEMPLATE_CATEGORIES,
	TEMPLATE_LIMITS,
	HEADER_FORMATS,
} from './template-rules';
export type { SeedTemplateInput } from './templates';
export { bulkHeader, splitList, CHAT_MAX_LENGTH } from './send';
export {
	buildInboundPayload,
	buildInboundMessage,
	INBOUND_TYPES,
	INTERACTIVE_TYPES,
	DEFAULT_INBOUND_FROM,
} from './inbound-payload';
export type { InboundInput, InboundType, InteractiveType } from './inbound-payload';
export { buildStatusPayload } from './status-payload';
export type { StatusInput, StatusValue } from './status-payload';
export { metaError, META_ERRORS } from './meta-errors';
export type { MetaError } from './meta-errors';
export { newWamid } from './webhook-envelope';
export type { WebhookPayload } from './webhook-envelope';

export interface SandboxOptions extends Partial<SandboxConfig> {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** One line per API call and any internal error; silent by default. */
	log?: Logger;
}

export interface Sandbox {
	/** 'http://HOST:PORT', no trailing slash. */
	readonly url: string;
	readonly port: number;
	/** The live state (same object for the sandbox's life, reset included). */
	readonly state: SandboxState;
	/** Changes the running config; answers the whole config. Throws on unknown keys or bad values. */
	configure(partial: Partial<SandboxConfig>): SandboxConfig;
	/**
	 * Forgets requests, messages, templates, counters, faults, timers; config
	 * back to start-up values.
	 */
	reset(): void;
	/** Stops the server, cancels every timer and outgoing callback. */
	close(): Promise<void>;
	// Shortcuts for what the control endpoints do:
	/** A valid token as the token endpoint would issue (not counted in tokenRequests). */
	issueToken(): string;
	expireTokens(): void;
	addFault(fault: Partial<FaultRule> & { status: FaultRule['status'] }): FaultRule;
	seedTemplate(input: SeedTemplateInput): SandboxTemplate;
	approveTemplate(id: string): SandboxTemplate;
	rejectTemplate(id: string, reason?: string): SandboxTemplate;
	inbound(input: InboundInput): Promise<InboundResult>;
	sendStatus(input: StatusCallbackInput): Promise<InboundResult>;
	postCallback(payload: unknown): Promise<CallbackRecord>;
	/** The last Verify Now code sent to `to` (country code + mobile number), or null. */
	lastOtp(to: string): OtpView | null;
	/** Expires a verification now (by id, else the last one to that number); throws if none. */
	expireOtp(idOrTo: string): OtpView;
	/** Resolves once predicate(state) holds; rejects after timeoutMs (default 5000). */
	waitFor(predicate: (state: SandboxState) => boolean, timeoutMs?: number): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const { port = 0, host = '127.0.0.1', log, ...configInput } = options;
	const defined = Object.fromEntries(
		Object.entries(configInput).filter(([, v]) => v !== undefined),
	);
	const startConfig: SandboxConfig = { ...DEFAULT_CONFIG, ...validateConfig(defined) };
	const rt = new Runtime(startConfig);
	const server = createSandboxServer(rt, log);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	let closing: Promise<void> | null = null;

	return {
		url: `http://${urlHost}:${address.port}`,
		port: address.port,
		state: rt.state,
		configure: (partial) => rt.configure(validateConfig(partial)),
		reset: () => rt.reset(),
		close: () => {
			closing ??= new Promise<void>((resolve) => {
				rt.close();
				// Requests held in a latency wait or keep-alive sockets would otherwise block close().
				server.closeAllConnections();
				server.close(() => resolve());
			});
			return closing;
		},
		issueToken: () => rt.tokens.issue(rt.config.tokenLifetimeSeconds),
		expireTokens: () => rt.tokens.revokeAll(),
		addFault: (fault) => addFault(rt, fault),
		seedTemplate: (input) => seedTemplate(rt, input),
		approveTemplate: (id) => decideTemplate(rt, id, 'APPROVED'),
		rejectTemplate: (id, reason) => decideTemplate(rt, id, 'REJECTED', reason),
		inbound: (input) => sendInbound(rt, input),
		sendStatus: (input) => sendStatus(rt, input),
		postCallback: (payload) => postRaw(rt, payload),
		lastOtp: (to) => lastOtp(rt, to),
		expireOtp: (idOrTo) => {
			const otp = expireOtp(rt, idOrTo);
			if (!otp) throw new Error(`no verification ${idOrTo}`);
			return otp;
		},
		waitFor: (predicate, timeoutMs = 5000) =>
			new Promise<void>((resolve, reject) => {
				const started = Date.now();
				const tick = (): void => {
					if (predicate(rt.state)) return resolve();
					if (Date.now() - started > timeoutMs) {
						return reject(new Error(`waitFor timed out after ${timeoutMs} ms`));
					}
					setTimeout(tick, 10);
				};
				tick();
			}),
	};
}
