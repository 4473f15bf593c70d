// Injected faults: the next N API calls (optionally on one path) answer 429 or
// 503 instead of being processed, so tests can exercise a client's retries; or,
// with `html`, a proxy's HTML error page (200, 401, 403, 407, 500, 502, 504 too);
// or, with `drop`, a cut connection, before the call is carried out or (with
// `processed`) after it.
import { type ApiAnswer, httpError } from './envelope';
import type { Runtime } from './runtime';
import type { FaultRule } from './state';

const FAULT_MESSAGES: Record<FaultRule['status'], string> = {
	200: 'OK',
	429: 'Too Many Requests',
	503: 'Service Unavailable',
	401: 'Unauthorized',
	403: 'Forbidden',
	407: 'Proxy Authentication Required',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	504: 'Gateway Timeout',
};

/** Statuses only a proxy or gateway in front of the API answers here: always an HTML page (200: a captive or login page). */
const PROXY_ONLY = [200, 401, 403, 407, 500, 502, 504];

export function addFault(rt: Runtime, input: unknown): FaultRule {
	const f = (input ?? {}) as Record<string, unknown>;
	if (f.html !== undefined && typeof f.html !== 'boolean')
		throw new Error('html must be a boolean');
	const proxyOnly = PROXY_ONLY.includes(f.status as number);
	const answered = f.status === 429 || f.status === 503 || (proxyOnly && f.html === true);
	if (!answered && !(f.drop === true && typeof f.status === 'number')) {
		throw new Error(
			'status must be 429 or 503 (or 200, 401, 403, 407, 500, 502, 504 with html: true)',
		);
	}
	const count = f.count ?? 1;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
		throw new Error('count must be a positive integer');
	}
	const rule: FaultRule = { status: f.status as FaultRule['status'], count };
	if (f.html === true) rule.html = true;
	if (f.drop !== undefined && typeof f.drop !== 'boolean')
		throw new Error('drop must be a boolean');
	if (f.drop === true) rule.drop = true;
	if (f.processed !== undefined && (f.processed !== true || f.drop !== true)) {
		throw new Error('processed must be true, and only with drop: true');
	}
	if (f.processed === true) rule.processed = true;
	if (f.retryAfter !== undefined) {
		if (typeof f.retryAfter !== 'number' || f.retryAfter < 0) {
			throw new Error('retryAfter must be seconds (>= 0)');
		}
		rule.retryAfter = f.retryAfter;
	}
	if (f.path !== undefined) {
		if (typeof f.path !== 'string' || !f.path.startsWith('/')) {
			throw new Error('path must start with /');
		}
		rule.path = f.path;
	}
	rt.state.faults.push(rule);
	return rule;
}

/**
 * Takes one from the first rule matching this path, if any. Called once per API
 * request, on arrival, so "the next N calls" means arrival order.
 */
export function takeFault(rt: Runtime, path: string): FaultRule | null {
	const faults = rt.state.faults;
	const i = faults.findIndex((f) => f.count > 0 && (f.path === undefined || f.path === path));
	if (i < 0) return null;
	const rule = faults[i];
	rule.count -= 1;
	if (rule.count === 0) faults.splice(i, 1);
	return rule;
}

/** What a faulted call answers: its HTTP status, with Retry-After when the rule has one. */
export function faultAnswer(rule: FaultRule): ApiAnswer {
	const headers =
		rule.retryAfter !== undefined ? { 'retry-after': String(rule.retryAfter) } : undefined;
	if (rule.html) {
		// An nginx-style error page: what a proxy in front of the API answers.
		const title = `${rule.status} ${FAULT_MESSAGES[rule.status]}`;
		const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
		return {
			status: rule.status,
			body,
			headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
		};
	}
	return httpError(rule.status, FAULT_MESSAGES[rule.status], headers);
}
