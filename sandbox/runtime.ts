// The engine behind one sandbox: state, tokens, tracked timers and webhook
// delivery. Every timer and outgoing request is tracked so close() leaves
// nothing behind (jest must exit on its own).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { TokenAuthority } from './auth';
import {
	type CallbackKind,
	type CallbackRecord,
	type SandboxConfig,
	type SandboxMessage,
	type SandboxState,
	type SandboxTemplate,
	SANDBOX_CUSTOMER_ID,
	cloneConfig,
	createState,
	resetState,
} from './state';
import { type MetaError, type StatusValue, buildStatusPayload, metaError } from './webhooks';

const CALLBACK_TIMEOUT_MS = 5000;
const SERVICE_WINDOW_MS = 24 * 3600 * 1000;

export class Runtime {
	readonly state: SandboxState;
	readonly tokens = new TokenAuthority(SANDBOX_CUSTOMER_ID);
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly outgoing = new Set<http.ClientRequest>();
	private nextRequestId = 1;
	private nextCallbackId = 1;
	private nextTemplateSeq = 0;
	private closed = false;

	constructor(private readonly startConfig: SandboxConfig) {
		this.state = createState(startConfig);
	}

	get config(): SandboxConfig {
		return this.state.config;
	}

	requestId(): number {
		return this.nextRequestId++;
	}

	/** Fifteen digits like Meta template ids; sequential so runs are reproducible. */
	templateId(): string {
		this.nextTemplateSeq += 1;
		return String(790937216444000 + this.nextTemplateSeq);
	}

	configure(partial: Partial<SandboxConfig>): SandboxConfig {
		Object.assign(this.state.config, cloneConfig({ ...this.state.config, ...partial }));
		// Templates created before auto-approve was switched on should follow it too.
		if (partial.autoApproveSeconds !== undefined) {
			for (const t of Object.values(this.state.templates)) this.scheduleAutoApprove(t);
		}
		return this.state.config;
	}

	reset(): void {
		this.cancelTimers();
		resetState(this.state, this.startConfig);
		this.nextTemplateSeq = 0;
	}

	/** setTimeout that close() and reset() cancel. */
	later(ms: number, fn: () => void): void {
		if (this.closed) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}

	/** A cancellable pause (latency); it never resolves when cancelled, the socket is closed instead. */
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => (ms > 0 ? this.later(ms, resolve) : resolve()));
	}

	cancelTimers(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}

	close(): void {
		this.closed = true;
		this.cancelTimers();
		for (const req of this.outgoing) req.destroy();
		this.outgoing.clear();
	}

	// ---- templates --------------------------------------------------------

	scheduleAutoApprove(t: SandboxTemplate): void {
		const seconds = this.config.autoApproveSeconds;
		if (seconds === null || t.status !== 'PENDING') return;
		const due = t.createdAt + seconds * 1000 - Date.now();
		this.later(Math.max(0, due), () => {
			// Still the same template (not reset away) and nobody decided meanwhile.
			if (this.state.templates[t.id] === t && t.status === 'PENDING' && this.config.autoApproveSeconds !== null) {
				t.status = 'APPROVED';
			}
		});
	}

	// ---- messages and status callbacks -----------------------------------

	/** Records an accepted message and plays its status sequence to the callback URL. */
	accept(message: SandboxMessage, category: string): void {
		this.state.messages.push(message);
		this.config.credits -= 1;
		if (!this.config.callbackUrl) return;
		const failure = this.failureFor(message);
		const sequence: Array<{ status: StatusValue; errors?: MetaError[] }> = failure
			? [{ status: 'sent' }, { status: 'failed', errors: [failure] }]
			: [{ status: 'sent' }, { status: 'delivered' }, { status: 'read' }];
		const step = (i: number): void => {
			if (i >= sequence.length) return;
			this.later(this.config.statusDelayMs, () => {
				// A reset forgets messages: their pending statuses die with them.
				if (!this.state.messages.includes(message)) return;
				const payload = buildStatusPayload({
					wamid: message.wamid,
					recipientId: message.to,
					category,
					...sequence[i],
				});
				// Chained so one message's statuses arrive in order.
				void this.deliver('status', payload).then(() => step(i + 1));
			});
		};
		step(0);
	}

	private failureFor(message: SandboxMessage): MetaError | null {
		if (this.config.failingRecipients.includes(message.to)) return metaError(131026);
		if (message.type === 'CHAT' && this.config.enforceServiceWindow) {
			const last = this.state.lastInboundAt[message.to];
			if (last === undefined || Date.now() - last > SERVICE_WINDOW_MS) return metaError(131047);
		}
		return null;
	}

	// ---- webhook delivery -------------------------------------------------

	/** POSTs a payload to callbackUrl; never throws, records the outcome in state.callbacks. */
	async deliver(kind: CallbackKind, payload: unknown): Promise<CallbackRecord> {
		const url = this.config.callbackUrl;
		const record: CallbackRecord = {
			id: this.nextCallbackId++,
			at: Date.now(),
			kind,
			url: url ?? '',
			payload,
			signed: false,
			status: null,
			error: null,
		};
		this.state.callbacks.push(record);
		if (!url) {
			record.error = 'callbackUrl is not set';
			return record;
		}
		const body = Buffer.from(JSON.stringify(payload), 'utf8');
		const headers: Record<string, string | number> = {
			'content-type': 'application/json',
			'content-length': body.length,
			'user-agent': 'facebookexternalua',
		};
		const secret = this.config.callbackSecret;
		if (secret) {
			headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
			record.signed = true;
		}
		try {
			record.status = await this.post(url, headers, body);
		} catch (error) {
			record.error = error instanceof Error ? error.message : String(error);
		}
		return record;
	}

	private post(url: string, headers: Record<string, string | number>, body: Buffer): Promise<number> {
		return new Promise((resolve, reject) => {
			if (this.closed) return reject(new Error('sandbox closed'));
			const target = new URL(url);
			const client = target.protocol === 'https:' ? https : http;
			// agent:false = one socket per call, closed afterwards: no pooled socket keeps jest alive.
			const req = client.request(target, { method: 'POST', headers, agent: false, timeout: CALLBACK_TIMEOUT_MS });
			this.outgoing.add(req);
			let status: number | null = null;
			let failure: Error | null = null;
			let settled = false;
			const finish = (): void => {
				if (settled) return;
				settled = true;
				this.outgoing.delete(req);
				if (status !== null) resolve(status);
				else reject(failure ?? new Error('callback aborted'));
			};
			req.on('response', (res) => {
				status = res.statusCode ?? 0;
				res.resume();
				res.on('end', finish);
			});
			req.on('timeout', () => req.destroy(new Error(`callback timed out after ${CALLBACK_TIMEOUT_MS} ms`)));
			req.on('error', (e) => {
				failure = e;
			});
			req.on('close', finish);
			req.end(body);
		});
	}
}
