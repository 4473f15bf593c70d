import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

/** Token exchange shared by the credential's preAuthentication; knows nothing of nodes. */
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
	const key =
		credentials.passwordEncoding === 'base64'
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
			url: `${baseUrlOf(credentials)}/auth/v1/authentication/token`,
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

	const code = (body as { responseCode?: unknown } | undefined)?.responseCode;
	const codeText = code !== undefined ? ` (code ${String(code)})` : ` (HTTP ${statusCode})`;
	if (statusCode >= 500 || Number(code) === 500) {
		throw new Error(
			`Message Central could not issue a token right now${codeText}. Try again in a few minutes.`,
		);
	}
	throw new Error(
		`Message Central rejected the Customer ID or password${codeText}. Check the Customer ID (it starts with "C-") and the password; if you pasted the Base64 key instead of the password, set Password Encoding to "Base64 Key".`,
	);
}

export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const raw = String(credentials.baseUrl ?? '').trim() || 'https://cpaas.messagecentral.com';
	return raw.replace(/\/+$/, '');
}

export function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/**
 * Message Central's token lifetime varies (7 days and 5 years have been seen),
 * so the JWT's own `exp` decides. A token within a minute of expiry counts as
 * expired so that it is renewed before a request rather than after a failure.
 */
export function isTokenExpired(token: unknown, now = Date.now()): boolean {
	if (typeof token !== 'string' || token === '') return true;
	const payload = token.split('.')[1];
	if (!payload) return false;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
		return typeof claims.exp === 'number' && claims.exp * 1000 <= now + 60_000;
	} catch {
		// An opaque token is trusted until the server rejects it.
		return false;
	}
}

const NETWORK_ERRORS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ECONNRESET: 'connection reset',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

/** Words, not the error code: n8n rewrites messages that contain a known code. */
export function describeNetworkError(error: unknown): string {
	const code = String((error as { code?: unknown })?.code ?? '');
	return NETWORK_ERRORS[code] ?? (code ? code.toLowerCase().replace(/_/g, ' ') : 'no answer');
}
