import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PREFIX = 'sha256=';
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, secret)>`
 * (docs/whatsapp.md#signature-and-subscription-handshake). The HMAC must be
 * taken over the exact bytes received: re-serialising the parsed JSON changes
 * them. False, never a throw, for anything malformed, including an empty
 * secret (nothing can be verified against it).
 */
export function verifySignature(
	rawBody: Buffer,
	header: string | undefined,
	secret: string,
): boolean {
	if (
		!Buffer.isBuffer(rawBody) ||
		typeof header !== 'string' ||
		typeof secret !== 'string' ||
		secret === ''
	) {
		return false;
	}
	const trimmed = header.trim();
	if (trimmed.slice(0, SIGNATURE_PREFIX.length).toLowerCase() !== SIGNATURE_PREFIX) return false;
	const hex = trimmed.slice(SIGNATURE_PREFIX.length);
	// Buffer.from(hex, 'hex') silently stops at the first bad digit, so validate first.
	if (!SHA256_HEX.test(hex)) return false;
	const received = Buffer.from(hex, 'hex');
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	return received.length === expected.length && timingSafeEqual(received, expected);
}

/**
 * Constant-time string equality for webhook tokens. Both sides are hashed
 * first so the comparison takes the same time whatever their lengths. Non-strings
 * and empty strings never match, so a missing token cannot satisfy a missing secret.
 */
export function tokensEqual(a: unknown, b: unknown): boolean {
	if (typeof a !== 'string' || typeof b !== 'string' || a === '' || b === '') return false;
	const digestA = createHash('sha256').update(a, 'utf8').digest();
	const digestB = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(digestA, digestB);
}
