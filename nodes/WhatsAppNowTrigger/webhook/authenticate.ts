import { headerValue, queryValue, type WebhookRequest } from './http';
import { tokensEqual, verifySignature } from './security';

export type AuthenticationMode = 'none' | 'token' | 'signature';

export type CheckResult = { ok: true } | { ok: false; reason: string };

export const TOKEN_QUERY = 'token';
export const TOKEN_HEADER = 'x-webhook-token';
export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** Query `token` or header `x-webhook-token` equal to the secret, compared in constant time. */
export function checkToken(request: WebhookRequest, secret: string): CheckResult {
	const fromQuery = queryValue(request.query, TOKEN_QUERY);
	const fromHeader = headerValue(request, TOKEN_HEADER);
	if (fromQuery === undefined && fromHeader === undefined) {
		return {
			ok: false,
			reason: `no token in query parameter "${TOKEN_QUERY}" or header "${TOKEN_HEADER}"`,
		};
	}
	// Both compared every time, so timing does not tell which one was checked.
	const queryMatches = tokensEqual(fromQuery, secret);
	const headerMatches = tokensEqual(fromHeader, secret);
	return queryMatches || headerMatches
		? { ok: true }
		: { ok: false, reason: 'the token does not match the Webhook Secret' };
}

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, secret)>`. Only the
 * bytes received can be verified: re-serialising parsed JSON changes them, so
 * without n8n's `rawBody` the check fails closed.
 */
export function checkSignature(request: WebhookRequest, secret: string): CheckResult {
	const signature = headerValue(request, SIGNATURE_HEADER);
	if (signature === undefined) return { ok: false, reason: 'no X-Hub-Signature-256 header' };
	const raw = Buffer.isBuffer(request.rawBody)
		? request.rawBody
		: Buffer.isBuffer(request.body)
			? request.body
			: undefined;
	if (raw === undefined) {
		return {
			ok: false,
			reason: 'the raw request body is not available, so the signature cannot be verified',
		};
	}
	return verifySignature(raw, signature, secret)
		? { ok: true }
		: { ok: false, reason: 'X-Hub-Signature-256 does not match the body and the Webhook Secret' };
}

export function checkRequest(
	mode: AuthenticationMode,
	request: WebhookRequest,
	secret: string,
): CheckResult {
	return mode === 'token' ? checkToken(request, secret) : checkSignature(request, secret);
}
