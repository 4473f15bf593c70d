// The engine behind one sandbox: state, tokens, tracked timers, status
// sequences and webhook delivery. Timers are tracked here and outgoing requests
// by the CallbackPoster, so close() leaves nothing behind (jest must exit on its own).
import { CallbackPoster } from './callback-poster';
import { type SandboxConfig, cloneConfig } from './config';
import { type MetaError, metaError } from './meta-errors';
import {
	type CallbackKind,
	type CallbackRecord,
	type SandboxMessage,
	type SandboxState,
	type SandboxTemplate,
	SANDBOX_CUSTOMER_ID,
	createState,
	resetState,
} from './state';
import { type StatusValue, buildStatusPayload } from './status-payload';
import { TokenAuthority } from './tokens';

/** WhatsApp accepts free-form messages only this long after the customer last wrote. */
const SERVICE_WINDOW_MS = 24 * 3600 * 1000;

export class Runtime {
	readonly state: SandboxState;
	readonly tokens = new TokenAuthority(SANDBOX_CUSTOMER_ID);
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly poster = new CallbackPoster();
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

	/**
	 * Fifteen digits like Meta template ids; sequential so runs are
	 * reproducible, and never one a seeded template already holds.
	 */
	templateId(): string {
		let id: string;
		do {
			this.nextTemplateSeq += 1;
			id = String(790937216444000 + this.nextTemplateSeq);
		} while (this.state.templates[id]);
		return id;
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

	/**
	 * A cancellable pause (latency). It never resolves when cancelled: the
	 * socket is closed instead.
	 */
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
		this.poster.close();
	}

	// ---- templates --------------------------------------------------------

	scheduleAutoApprove(t: SandboxTemplate): void {
		const seconds = this.config.autoApproveSeconds;
		if (seconds === null || t.status !== 'PENDING') return;
		const due = t.createdAt + seconds * 1000 - Date.now();
		this.later(Math.max(0, due), () => {
			// Still the same template (not reset away) and nobody decided meanwhile.
			const current = this.state.templates[t.id] === t;
			if (current && t.status === 'PENDING' && this.config.autoApproveSeconds !== null) {
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
		const secret = this.config.callbackSecret;
		record.signed = Boolean(secret);
		try {
			record.status = await this.poster.post(url, body, secret);
		} catch (error) {
			record.error = error instanceof Error ? error.message : String(error);
		}
		return record;
	}
}
