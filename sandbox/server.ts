// The HTTP server: routes control calls straight through, and runs every API
// call through the same pipeline (count in flight → record → fault → latency →
// handler) so concurrency, retries and timing are observable by tests.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { authorised, tokenEndpoint } from './auth';
import type { ApiCall } from './call';
import { CONTROL_PREFIX, handleControl } from './control';
import { type ApiAnswer, httpError } from './envelope';
import { faultAnswer, takeFault } from './faults';
import { BodyTooLargeError, parseForm, queryObject, readBody, sendJson } from './http-util';
import { isObject } from './json';
import type { Runtime } from './runtime';
import { send } from './send';
import type { RecordedRequest } from './state';
import { createTemplate, getTemplate } from './templates';
import { isOtpSend, sendOtp, validateOtp } from './verify';

export const TOKEN_PATH = '/auth/v1/authentication/token';
export const TEMPLATE_PATH = '/verification/v3/template';
export const SEND_PATH = '/verification/v3/send';
/** Verify Now's check; GET is what the real API answers (docs/message-central-api.md#check-a-code). */
export const VALIDATE_PATH = '/verification/v3/validateOtp';

export type Logger = (line: string) => void;

function logError(log: Logger | undefined, error: unknown): void {
	log?.(`sandbox error: ${error instanceof Error ? error.stack : String(error)}`);
}

export function createSandboxServer(rt: Runtime, log?: Logger): http.Server {
	return http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const path = url.pathname;
		const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
		const work = isControl
			? readBody(req).then((body) => handleControl(rt, req, res, url, body))
			: handleApi(rt, req, res, url, log);
		work.catch((error: unknown) => {
			// Last resort: a bug must answer 500, never take the sandbox down.
			logError(log, error);
			if (!res.headersSent) {
				sendJson(res, 500, { responseCode: 500, message: 'SERVER_ERROR', data: null });
			} else {
				res.destroy();
			}
		});
	});
}

async function handleApi(
	rt: Runtime,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	log?: Logger,
): Promise<void> {
	const { state } = rt;
	state.inFlight += 1;
	state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
	const record: RecordedRequest = {
		id: rt.requestId(),
		at: Date.now(),
		answeredAt: 0,
		method: req.method ?? 'GET',
		path: url.pathname,
		query: redactQuery(queryObject(url)),
		headers: redactHeaders(req),
		fields: {},
		files: [],
		xlsx: null,
		status: 0,
		responseCode: null,
		response: null,
	};
	state.requests.push(record);
	// Counted on arrival, so faulted and refused token calls count too.
	if (url.pathname === TOKEN_PATH) state.tokenRequests += 1;
	// Decided on arrival, so "the next N calls" means arrival order even under concurrency.
	const fault = takeFault(rt, url.pathname);
	let answer: ApiAnswer;
	try {
		const handled = await readAndHandle(rt, req, url, record, !fault || fault.processed === true);
		const { latencyMs, tokenLatencyMs } = rt.config;
		await rt.sleep(url.pathname === TOKEN_PATH ? (tokenLatencyMs ?? latencyMs) : latencyMs);
		if (fault && !fault.processed) {
			record.fault = fault.status;
			answer = faultAnswer(fault);
		} else {
			answer = handled ?? httpError(500, 'SERVER_ERROR');
		}
	} catch (error) {
		if (error instanceof BodyTooLargeError) {
			answer = httpError(413, 'PAYLOAD_TOO_LARGE');
		} else {
			answer = httpError(500, 'SERVER_ERROR');
			logError(log, error);
		}
	} finally {
		// Before answering: a client that sends its next call on receipt must not
		// see this one still counted.
		state.inFlight -= 1;
	}
	if (fault?.drop) {
		// A network failure: the connection is cut, nothing is answered (with
		// `processed`, after the call was carried out: the client cannot tell).
		record.fault = fault.status;
		record.status = 0;
		record.answeredAt = Date.now();
		req.socket.destroy();
		return;
	}
	record.status = answer.status;
	record.response = redactToken(answer.body);
	record.responseCode = responseCodeOf(answer.body);
	const outcome = `HTTP ${record.status} ${record.responseCode ?? ''}`.trimEnd();
	log?.(`${record.method} ${record.path} → ${outcome}`);
	record.answeredAt = Date.now();
	sendJson(res, answer.status, answer.body, answer.headers);
}

/**
 * Reads and records the request; runs the handler only when `run` is true (a
 * faulted call is recorded but not processed). Handlers run before the latency
 * wait, which stands for the trip back.
 */
async function readAndHandle(
	rt: Runtime,
	req: IncomingMessage,
	url: URL,
	record: RecordedRequest,
	run: boolean,
): Promise<ApiAnswer | null> {
	const body = await readBody(req);
	let form;
	try {
		form = await parseForm(req, body);
	} catch {
		return httpError(400, 'BAD_REQUEST: unreadable form body');
	}
	record.fields = form.fields;
	record.files = form.files.map(({ content: _content, ...file }) => file);
	if (!run) return null;
	const call: ApiCall = {
		rt,
		method: record.method,
		path: record.path,
		query: queryObject(url),
		fields: form.fields,
		files: form.files,
		record,
	};
	return route(call, req);
}

async function route(call: ApiCall, req: IncomingMessage): Promise<ApiAnswer> {
	const allowed = (methods: string[]): ApiAnswer | null =>
		methods.includes(call.method)
			? null
			: httpError(405, 'METHOD_NOT_ALLOWED', { allow: methods.join(', ') });
	// 405 before auth, and auth before any parameter is looked at (SPEC.md).
	switch (call.path) {
		case TOKEN_PATH:
			return allowed(['GET']) ?? tokenEndpoint(call);
		case TEMPLATE_PATH:
			return (
				allowed(['GET', 'POST']) ??
				authorised(call, req) ??
				(call.method === 'GET' ? getTemplate(call) : createTemplate(call))
			);
		case SEND_PATH:
			// One path, two products: Verify Now's OTP send has no WhatsApp Now `type`.
			return (
				allowed(['POST']) ??
				authorised(call, req) ??
				(isOtpSend(call) ? sendOtp(call) : await send(call))
			);
		case VALIDATE_PATH:
			return allowed(['GET']) ?? authorised(call, req) ?? validateOtp(call);
		default:
			return httpError(404, 'NOT_FOUND');
	}
}

function redactQuery(query: Record<string, string>): Record<string, string> {
	if (query.key !== undefined) query.key = 'present';
	return query;
}

function redactHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		const secret = name === 'authtoken' || name === 'authorization';
		out[name] = secret ? 'present' : Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** The issued token is a credential too: the record keeps only that one was issued. */
function redactToken(body: unknown): unknown {
	if (isObject(body) && typeof body.token === 'string') return { ...body, token: 'present' };
	return body;
}

/** The envelope's responseCode, or the token answer's `status`. */
function responseCodeOf(body: unknown): number | null {
	if (!isObject(body)) return null;
	const code = body.responseCode ?? body.status;
	return typeof code === 'number' ? code : null;
}
