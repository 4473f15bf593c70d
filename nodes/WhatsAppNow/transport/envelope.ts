import { isPlainObject } from '../../common/isPlainObject';

/** What one HTTP answer from Message Central means, whatever status carried it. */
export type ApiOutcome =
	| { kind: 'ok'; body: unknown }
	| { kind: 'auth'; code: number | null; message: string }
	| { kind: 'throttled'; httpStatus: number; retryAfterMs: number | null }
	| { kind: 'error'; code: number | null; message: string; httpStatus: number; body: unknown };

export interface RawResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

const INVALID_AUTH = /invalid auth|token (is )?(expired|invalid)|unauthori[sz]ed/i;

export function interpretResponse(response: RawResponse): ApiOutcome {
	const body = parseBody(response.body);
	const envelope = isPlainObject(body) ? body : undefined;
	const code = envelope ? toCode(envelope.responseCode) : null;
	const message = envelope && typeof envelope.message === 'string' ? envelope.message : '';
	const status = response.statusCode;

	if (status === 429 || status === 503) {
		return { kind: 'throttled', httpStatus: status, retryAfterMs: retryAfterMs(response.headers) };
	}
	// 800 is overloaded (category, language, unknown id): only the auth flavour means "new token".
	if (status === 401 || (code === 800 && INVALID_AUTH.test(message))) {
		return { kind: 'auth', code, message: message || 'Invalid Auth' };
	}
	if (code !== null && code !== 200) {
		return { kind: 'error', code, message, httpStatus: status, body };
	}
	if (status >= 400) {
		return { kind: 'error', code, message: message || textOf(body), httpStatus: status, body };
	}
	return { kind: 'ok', body };
}

/** Bodies arrive as text, Buffer or parsed JSON, depending on the request; JSON wins when it parses. */
export function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()) {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	if (raw === undefined || raw === null || raw === '') return null;
	const text = String(Array.isArray(raw) ? raw[0] : raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function toCode(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
	return null;
}

/**
 * What an answer without an envelope says, in a line: a short text as it is;
 * of an HTML page (a proxy's or gateway's error page) only its <title>, never
 * the markup.
 */
export function textOf(body: unknown): string {
	if (typeof body !== 'string') return '';
	if (/<\/?[a-z!][^>]*>/i.test(body)) {
		const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '';
		return decodeEntities(title.replace(/<[^>]*>/g, ''))
			.replace(/[<>]/g, '')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 120);
	}
	return body.replace(/\s+/g, ' ').trim().slice(0, 300);
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
};

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
		if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
		const code =
			name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
		return Number.isFinite(code) && code > 0 && code <= 0x10ffff
			? String.fromCodePoint(code)
			: entity;
	});
}
