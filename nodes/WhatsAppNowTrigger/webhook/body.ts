import type { WebhookRequest } from './http';

export type BodyResult = { ok: true; body: unknown } | { ok: false; reason: string };

/** The media type of the Content-Type header, lower case, without parameters. */
function mediaType(request: WebhookRequest): string | undefined {
	const header = request.headers['content-type'];
	if (typeof header !== 'string') return undefined;
	return header.split(';', 1)[0].trim().toLowerCase();
}

function decode(bytes: Buffer, encoding: unknown): string {
	const charset = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
	const text = bytes.toString(charset);
	// A byte order mark is not JSON whitespace; n8n 2.x strips it too.
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseJson(text: string): BodyResult {
	if (text.trim() === '') return { ok: false, reason: 'body is empty' };
	try {
		return { ok: true, body: JSON.parse(text) as unknown };
	} catch (error) {
		return {
			ok: false,
			reason: `body is not JSON (${error instanceof Error ? error.message : 'parse error'})`,
		};
	}
}

/**
 * The request body as JSON, however the host delivered it. n8n parses only
 * `application/json` itself (invalid JSON there is answered 422 before the
 * node runs); `text/plain` arrives as a string, and any other or missing
 * Content-Type leaves `body` undefined with the bytes in `rawBody`. Relays do
 * not always label JSON correctly, so every variant is parsed here.
 */
export function readJsonBody(request: WebhookRequest): BodyResult {
	const { body, rawBody } = request;
	const alreadyParsed = body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
	if (alreadyParsed && (mediaType(request) === 'application/json' || !Buffer.isBuffer(rawBody))) {
		return { ok: true, body };
	}
	if (Buffer.isBuffer(rawBody)) return parseJson(decode(rawBody, request.encoding));
	if (typeof body === 'string') return parseJson(body);
	if (Buffer.isBuffer(body)) return parseJson(decode(body, request.encoding));
	return { ok: false, reason: 'body is empty' };
}
