/**
 * The parts of n8n's request and response objects the trigger touches, typed
 * structurally: n8n hands over an express request/response, and the trigger
 * only needs what node:http's IncomingMessage/ServerResponse already offer
 * plus the fields n8n's body parser adds (`body`, `rawBody`, `encoding`).
 */
import { asRecord } from '../parser/read';

export type WebhookRequest = {
	headers: Record<string, string | string[] | undefined>;
	query?: unknown;
	/** What n8n parsed: an object for application/json, a string for text/plain, else undefined. */
	body?: unknown;
	/** The exact bytes received (after content-encoding), set by n8n's raw body reader. */
	rawBody?: unknown;
	/** Charset of the Content-Type header, lower case; n8n defaults it to utf-8. */
	encoding?: unknown;
	/**
	 * n8n's reader that fills `rawBody` (its rawBodyReader middleware). n8n calls
	 * it itself for typeVersion 1 and for the media types it parses; for a node
	 * above version 1 and any other media type, the node calls it.
	 */
	readRawBody?: () => Promise<void>;
};

export type WebhookResponse = {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(body: string): unknown;
};

/** A header's value; repeated headers (an array) count as absent, since they cannot be trusted. */
export function headerValue(request: WebhookRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return typeof value === 'string' ? value : undefined;
}

/**
 * A query parameter's value. Dotted names (`hub.mode`) stay flat with n8n's
 * query parsers, but an `allowDots`-style parser nests them; both are read.
 * Repeated parameters (arrays) count as absent.
 */
export function queryValue(query: unknown, name: string): string | undefined {
	const record = asRecord(query);
	if (record === undefined) return undefined;
	if (Object.hasOwn(record, name)) {
		const value = record[name];
		return typeof value === 'string' ? value : undefined;
	}
	const dot = name.indexOf('.');
	if (dot === -1) return undefined;
	const parent = name.slice(0, dot);
	return Object.hasOwn(record, parent)
		? queryValue(record[parent], name.slice(dot + 1))
		: undefined;
}

function send(response: WebhookResponse, status: number, contentType: string, body: string): void {
	response.statusCode = status;
	response.setHeader('Content-Type', contentType);
	// The handshake echoes caller-supplied text: never let a browser sniff it into HTML.
	response.setHeader('X-Content-Type-Options', 'nosniff');
	response.setHeader('Cache-Control', 'no-store');
	response.end(body);
}

export function replyText(response: WebhookResponse, status: number, body: string): void {
	send(response, status, 'text/plain; charset=utf-8', body);
}

export function replyJson(
	response: WebhookResponse,
	status: number,
	body: Record<string, unknown>,
): void {
	send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
