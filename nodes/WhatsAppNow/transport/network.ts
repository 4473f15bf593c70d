import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://cpaas.messagecentral.com';

/** The credential's Base URL without trailing slashes; paths are appended to it. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const raw = String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL;
	return raw.replace(/\/+$/, '');
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
