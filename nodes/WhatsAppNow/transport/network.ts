import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://cpaas.messagecentral.com';

/** The credential's Base URL without trailing slashes; paths are appended to it. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const raw = String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL;
	return raw.replace(/\/+$/, '');
}

/**
 * Failures before the request could leave this machine: no connection was
 * made, or TLS refused the server before anything was written. Nothing can
 * have been carried out. Every other failure (a reset, a hang-up, a time-out)
 * may come after Message Central received and carried out the request
 * (docs/message-central-api.md#uncertain-outcomes).
 */
const BEFORE_SENDING: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	CERT_NOT_YET_VALID: 'TLS certificate not yet valid',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in the chain',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not verifiable',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer unknown',
	ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate for another host name',
};

const AFTER_SENDING: Record<string, string> = {
	ETIMEDOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed while sending',
};

function codeOf(error: unknown): string {
	return String((error as { code?: unknown })?.code ?? '');
}

/** Whether the failure certainly came before the request left: nothing can have been carried out. */
export function failedBeforeSending(error: unknown): boolean {
	return codeOf(error) in BEFORE_SENDING;
}

/** Words, not the error code: n8n rewrites messages that contain a known code. */
export function describeNetworkError(error: unknown): string {
	const code = codeOf(error);
	return (
		BEFORE_SENDING[code] ??
		AFTER_SENDING[code] ??
		(code ? code.toLowerCase().replace(/_/g, ' ') : 'no answer')
	);
}
