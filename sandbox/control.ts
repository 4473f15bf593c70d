// The /__sandbox/... endpoints (JSON, no auth, no latency, not recorded) and
// the operations behind them, shared with the programmatic handle.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody, queryObject, sendJson } from './http-util';
import type { Runtime } from './runtime';
import { type CallbackRecord, type FaultRule, validateConfig } from './state';
import { type SeedTemplateInput, decideTemplate, seedTemplate } from './templates';
import {
	type InboundInput,
	type StatusValue,
	type WebhookPayload,
	buildInboundPayload,
	buildStatusPayload,
	metaError,
} from './webhooks';

export const CONTROL_PREFIX = '/__sandbox';

export function addFault(rt: Runtime, input: unknown): FaultRule {
	const f = (input ?? {}) as Record<string, unknown>;
	if (f.status !== 429 && f.status !== 503) throw new Error('status must be 429 or 503');
	const count = f.count ?? 1;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
	const rule: FaultRule = { status: f.status, count };
	if (f.retryAfter !== undefined) {
		if (typeof f.retryAfter !== 'number' || f.retryAfter < 0) throw new Error('retryAfter must be seconds (>= 0)');
		rule.retryAfter = f.retryAfter;
	}
	if (f.path !== undefined) {
		if (typeof f.path !== 'string' || !f.path.startsWith('/')) throw new Error('path must start with /');
		rule.path = f.path;
	}
	rt.state.faults.push(rule);
	return rule;
}

/** Takes one from the first rule matching this path, if any (called once per API request, on arrival). */
export function takeFault(rt: Runtime, path: string): FaultRule | null {
	const faults = rt.state.faults;
	const i = faults.findIndex((f) => f.count > 0 && (f.path === undefined || f.path === path));
	if (i < 0) return null;
	const rule = faults[i];
	rule.count -= 1;
	if (rule.count === 0) faults.splice(i, 1);
	return rule;
}

export interface InboundResult {
	payload: WebhookPayload;
	callbackStatus: number | null;
	error: string | null;
}

export async function sendInbound(rt: Runtime, input: InboundInput): Promise<InboundResult> {
	if (typeof input?.type !== 'string') throw new Error('type is required');
	const payload = buildInboundPayload(input);
	const from = (payload.entry[0].changes[0].value.messages as Array<{ from: string }>)[0].from;
	// An inbound message opens the 24-hour service window for free-form chats.
	rt.state.lastInboundAt[from] = Date.now();
	const record = await rt.deliver('inbound', payload);
	return { payload, callbackStatus: record.status, error: record.error };
}

export interface StatusCallbackInput {
	/** A wamid the sandbox handed out (its recipient and category are used), or any id with recipientId. */
	wamid: string;
	status: StatusValue;
	recipientId?: string;
	category?: string;
	/** For `failed`: Meta error code (default 131026). */
	errorCode?: number;
}

export async function sendStatus(rt: Runtime, input: StatusCallbackInput): Promise<InboundResult> {
	if (typeof input?.wamid !== 'string') throw new Error('wamid is required');
	if (!['sent', 'delivered', 'read', 'failed', 'deleted'].includes(input.status)) {
		throw new Error('status must be sent, delivered, read, failed or deleted');
	}
	const message = rt.state.messages.find((m) => m.wamid === input.wamid);
	const recipientId = input.recipientId ?? message?.to;
	if (!recipientId) throw new Error('recipientId is required for an unknown wamid');
	const template = message?.templateName
		? Object.values(rt.state.templates).find((t) => t.name === message.templateName)
		: undefined;
	const category = input.category ?? (message?.type === 'CHAT' ? 'service' : (template?.category ?? 'marketing'));
	const payload = buildStatusPayload({
		wamid: input.wamid,
		status: input.status,
		recipientId,
		category,
		errors: input.status === 'failed' ? [metaError(input.errorCode ?? 131026)] : undefined,
	});
	const record = await rt.deliver('status', payload);
	return { payload, callbackStatus: record.status, error: record.error };
}

export function postRaw(rt: Runtime, payload: unknown): Promise<CallbackRecord> {
	return rt.deliver('raw', payload);
}

export function snapshot(rt: Runtime): Record<string, unknown> {
	const s = rt.state;
	return {
		config: s.config,
		tokenRequests: s.tokenRequests,
		tokensIssued: s.tokensIssued,
		inFlight: s.inFlight,
		maxInFlight: s.maxInFlight,
		requestCount: s.requests.length,
		faults: s.faults,
		templates: s.templates,
		messages: s.messages,
		callbacks: s.callbacks,
	};
}

/** Routes one control request; answers 404 for unknown control paths. */
export async function handleControl(rt: Runtime, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
	const route = `${req.method ?? 'GET'} ${url.pathname.slice(CONTROL_PREFIX.length) || '/'}`;
	try {
		const input = req.method === 'POST' ? parseJsonBody(body) : {};
		const template = /^POST \/templates\/([^/]+)\/(approve|reject)$/.exec(route);
		if (template) {
			const id = decodeURIComponent(template[1]);
			const reason = (input as { reason?: string }).reason;
			const t = decideTemplate(rt, id, template[2] === 'approve' ? 'APPROVED' : 'REJECTED', reason);
			return sendJson(res, 200, t);
		}
		switch (route) {
			case 'GET /state':
				return sendJson(res, 200, snapshot(rt));
			case 'GET /requests': {
				const path = queryObject(url).path;
				return sendJson(res, 200, path ? rt.state.requests.filter((r) => r.path === path) : rt.state.requests);
			}
			case 'POST /reset':
				rt.reset();
				return sendJson(res, 200, { ok: true });
			case 'POST /config':
				return sendJson(res, 200, rt.configure(validateConfig(input)));
			case 'POST /faults':
				addFault(rt, input);
				return sendJson(res, 200, rt.state.faults);
			case 'DELETE /faults':
				rt.state.faults.length = 0;
				return sendJson(res, 200, rt.state.faults);
			case 'POST /expire-tokens':
				rt.tokens.revokeAll();
				return sendJson(res, 200, { ok: true });
			case 'POST /templates':
				return sendJson(res, 200, seedTemplate(rt, input as SeedTemplateInput));
			case 'POST /inbound':
				return sendJson(res, 200, await sendInbound(rt, input as InboundInput));
			case 'POST /status':
				return sendJson(res, 200, await sendStatus(rt, input as StatusCallbackInput));
			case 'POST /callback': {
				const record = await postRaw(rt, input);
				return sendJson(res, 200, { payload: input, callbackStatus: record.status, error: record.error });
			}
			default:
				return sendJson(res, 404, { error: `no control endpoint ${route}` });
		}
	} catch (error) {
		return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
	}
}
