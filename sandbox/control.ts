// The /__sandbox/... endpoints (JSON, no auth, no latency, not recorded) and
// the operations behind them, shared with the programmatic handle (index.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateConfig } from './config';
import { queryObject, sendJson } from './http-util';
import { type InboundInput, buildInboundPayload } from './inbound-payload';
import { addFault } from './faults';
import { parseJsonBody } from './json';
import { metaError } from './meta-errors';
import type { Runtime } from './runtime';
import type { CallbackKind, CallbackRecord } from './state';
import { type StatusValue, buildStatusPayload } from './status-payload';
import { type SeedTemplateInput, decideTemplate, findTemplate, seedTemplate } from './templates';
import { expireOtp, lastOtp } from './verify';
import type { WebhookPayload } from './webhook-envelope';

export const CONTROL_PREFIX = '/__sandbox';

/** A payload the sandbox POSTed and how the callback URL answered. */
export interface DeliveryResult<P> {
	payload: P;
	callbackStatus: number | null;
	error: string | null;
}

export type InboundResult = DeliveryResult<WebhookPayload>;

async function deliverAndReport<P>(
	rt: Runtime,
	kind: CallbackKind,
	payload: P,
): Promise<DeliveryResult<P>> {
	const record = await rt.deliver(kind, payload);
	return { payload, callbackStatus: record.status, error: record.error };
}

export async function sendInbound(rt: Runtime, input: InboundInput): Promise<InboundResult> {
	if (typeof input?.type !== 'string') throw new Error('type is required');
	const payload = buildInboundPayload(input);
	const from = (payload.entry[0].changes[0].value.messages as Array<{ from: string }>)[0].from;
	// An inbound message opens the 24-hour service window for free-form chats.
	rt.state.lastInboundAt[from] = Date.now();
	return deliverAndReport(rt, 'inbound', payload);
}

export interface StatusCallbackInput {
	/**
	 * A wamid the sandbox handed out (its recipient and category are used), or
	 * any id with recipientId.
	 */
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
	const template = message?.templateName ? findTemplate(rt, message.templateName) : undefined;
	const messageCategory = message?.type === 'CHAT' ? 'service' : template?.category;
	const category = input.category ?? messageCategory ?? 'marketing';
	const payload = buildStatusPayload({
		wamid: input.wamid,
		status: input.status,
		recipientId,
		category,
		errors: input.status === 'failed' ? [metaError(input.errorCode ?? 131026)] : undefined,
	});
	return deliverAndReport(rt, 'status', payload);
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
		verifications: s.verifications,
	};
}

/** Routes one control request; answers 404 for unknown control paths. */
export async function handleControl(
	rt: Runtime,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	body: Buffer,
): Promise<void> {
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
				const requests = rt.state.requests;
				return sendJson(res, 200, path ? requests.filter((r) => r.path === path) : requests);
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
			case 'GET /otp': {
				const q = queryObject(url);
				const to = q.to ?? (q.countryCode && q.mobileNumber ? q.countryCode + q.mobileNumber : '');
				if (!to) throw new Error('to (or countryCode and mobileNumber) is required');
				const otp = lastOtp(rt, to);
				return sendJson(res, otp ? 200 : 404, otp ?? { error: `no code was sent to ${to}` });
			}
			case 'POST /otp/expire': {
				const { verificationId, to } = input as { verificationId?: unknown; to?: unknown };
				// The validate answer gives the id as a number, so either form is taken.
				const key = verificationId ?? to;
				if (typeof key !== 'string' && typeof key !== 'number') {
					throw new Error('verificationId or to is required');
				}
				const otp = expireOtp(rt, String(key));
				return sendJson(res, otp ? 200 : 404, otp ?? { error: `no verification ${key}` });
			}
			case 'POST /callback':
				return sendJson(res, 200, await deliverAndReport(rt, 'raw', input));
			default:
				return sendJson(res, 404, { error: `no control endpoint ${route}` });
		}
	} catch (error) {
		return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
	}
}
