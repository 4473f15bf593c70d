import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { isPlainObject } from '../../common/isPlainObject';
import { parseBody, textOf } from './envelope';
import { describeHttpStatus } from './httpErrors';
import { baseUrlOf, describeNetworkError } from './network';

/** Statuses with which a proxy refuses a request; from Message Central they come with its JSON answer. */
const PROXY_REFUSALS = [401, 403, 407];

export { CREDENTIAL_TYPE } from '../../common/credentialType';

export const LOGIN_PATH = '/auth/v1/authentication/token';

/**
 * Trades the credential's Customer ID and key for a token
 * (docs/message-central-api.md#token-exchange). The credential's preAuthentication
 * calls it; n8n stores the token in the credential's hidden field.
 */
export async function requestAuthToken(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const customerId = String(credentials.customerId ?? '').trim();
	const password = String(credentials.password ?? '');
	if (!customerId || !password) {
		throw new Error(
			'Message Central login failed: the Customer ID and Password fields of the credential must both be filled in',
		);
	}
	const key = isBase64Key(credentials)
		? password.trim()
		: Buffer.from(password, 'utf8').toString('base64');
	const qs: Record<string, string> = { customerId, key, scope: 'NEW' };
	if (credentials.email) qs.email = String(credentials.email).trim();
	if (credentials.country) qs.country = String(credentials.country).trim();

	let response: { statusCode: number; body: unknown } | undefined;
	let networkReason = 'no answer';
	try {
		response = (await helpers.httpRequest({
			method: 'GET',
			url: `${baseUrlOf(credentials)}${LOGIN_PATH}`,
			qs,
			headers: { accept: '*/*' },
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			json: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		// Only the network reason is kept: the request URL carries the key.
		networkReason = describeNetworkError(error);
	}
	if (!response) {
		throw new Error(
			`Message Central could not be reached at ${baseUrlOf(credentials)} (${networkReason}). Check the Base URL of the credential and your network or proxy settings.`,
		);
	}
	const statusCode = response.statusCode;
	const body = parseBody(response.body);

	const token = (body as { token?: unknown } | undefined)?.token;
	if (statusCode < 400 && typeof token === 'string' && token.length > 0) return token;

	// Message Central refuses a wrong key with its JSON answer (800, HTTP 401). An
	// answer without it (a login page, an error page, even with HTTP 200) came
	// from a proxy or gateway: the password was never checked.
	const fromMessageCentral =
		isPlainObject(body) && ('responseCode' in body || 'status' in body || 'message' in body);
	if (!fromMessageCentral && statusCode < 500) {
		const page = textOf(body);
		const what = PROXY_REFUSALS.includes(statusCode)
			? 'refused the login request'
			: 'answered the login request instead of Message Central';
		throw new Error(
			`Message Central could not be reached at ${baseUrlOf(credentials)}: a proxy or gateway on the way ${what} (${describeHttpStatus(statusCode)}${page ? `: "${page}"` : ''}). Check n8n's proxy settings (HTTP_PROXY, HTTPS_PROXY and the proxy's own user and password) and any firewall between n8n and Message Central; the Customer ID and password were not checked.`,
		);
	}

	const code = (body as { responseCode?: unknown } | undefined)?.responseCode;
	const codeText = code !== undefined ? ` (code ${String(code)})` : ` (HTTP ${statusCode})`;
	if (statusCode >= 500 || Number(code) === 500) {
		throw new Error(
			`Message Central could not issue a token right now${codeText}. Try again in a few minutes.`,
		);
	}
	throw new Error(
		`Message Central rejected the Customer ID or password${codeText}. Check the Customer ID (it starts with "C-") and the password; if you pasted the Base64 key instead of the password, set Password Format to "Base64 Key".`,
	);
}

/**
 * Whether the Password field already holds the Base64 key: Password Format
 * says so, or, for a credential saved before that field existed, the hidden
 * Password Encoding it kept (docs/public-contract.md#credential).
 */
export function isBase64Key(credentials: ICredentialDataDecryptedObject): boolean {
	return credentials.keyFormat === 'base64' || credentials.passwordEncoding === 'base64';
}

/**
 * From when (ms since the epoch) the token counts as expired. Message
 * Central's token lifetime varies (7 days and 5 years have been seen), so the
 * JWT's own `exp` decides, less a minute, so that a token is renewed before a
 * request rather than after a failure. 0 for no token; Infinity for one
 * without `exp` (an opaque token is trusted until the server rejects it).
 */
export function tokenRenewalTime(token: unknown): number {
	if (typeof token !== 'string' || token === '') return 0;
	const payload = token.split('.')[1];
	if (!payload) return Infinity;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
			exp?: unknown;
		};
		return typeof claims.exp === 'number' ? claims.exp * 1000 - 60_000 : Infinity;
	} catch {
		return Infinity;
	}
}
