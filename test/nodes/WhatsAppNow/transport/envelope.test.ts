import {
	interpretResponse,
	retryAfterMs,
	textOf,
} from '../../../../nodes/WhatsAppNow/transport/envelope';

const envelope = (responseCode: unknown, message = '') => ({ responseCode, message, data: null });

describe('interpretResponse', () => {
	test('any responseCode other than 200 is a failure, whatever the HTTP status', () => {
		expect(
			interpretResponse({ statusCode: 200, body: envelope(801, 'Invalid sender') }),
		).toMatchObject({ kind: 'error', code: 801 });
		expect(
			interpretResponse({ statusCode: 400, body: envelope(801, 'Invalid sender') }),
		).toMatchObject({ kind: 'error', code: 801 });
		expect(
			interpretResponse({ statusCode: 200, body: JSON.stringify(envelope('805')) }),
		).toMatchObject({ kind: 'error', code: 805 });
	});
	test('200 envelopes and bodies without an envelope are successes', () => {
		expect(interpretResponse({ statusCode: 200, body: envelope(200, 'SUCCESS') }).kind).toBe('ok');
		expect(
			interpretResponse({ statusCode: 200, body: { name: 't', status: 'APPROVED' } }).kind,
		).toBe('ok');
		expect(interpretResponse({ statusCode: 200, body: { responseCode: '200' } }).kind).toBe('ok');
	});
	test('401, and 800 Invalid Auth in any status, ask for a new token; other 800s do not', () => {
		expect(interpretResponse({ statusCode: 401, body: '' }).kind).toBe('auth');
		expect(interpretResponse({ statusCode: 200, body: envelope(800, 'Invalid Auth') }).kind).toBe(
			'auth',
		);
		expect(
			interpretResponse({
				statusCode: 400,
				body: envelope(
					800,
					'(#100) Param category must be one of {UTILITY, MARKETING, AUTHENTICATION} - got "X".',
				),
			}).kind,
		).toBe('error');
	});
	test('429 and 503 are throttling with their Retry-After', () => {
		expect(
			interpretResponse({ statusCode: 429, headers: { 'retry-after': '3' }, body: '' }),
		).toEqual({ kind: 'throttled', httpStatus: 429, retryAfterMs: 3000 });
		expect(interpretResponse({ statusCode: 503, body: 'down' })).toEqual({
			kind: 'throttled',
			httpStatus: 503,
			retryAfterMs: null,
		});
	});
	test('an HTTP error without an envelope is a failure with no code', () => {
		expect(interpretResponse({ statusCode: 502, body: '<html>Bad gateway</html>' })).toMatchObject({
			kind: 'error',
			code: null,
			httpStatus: 502,
		});
	});
	test('an HTML error page keeps only its title, never the markup; plain text stays, on one line', () => {
		const page = Buffer.from(
			'<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n<title>\n  example.com | 502: Bad gateway &amp; more\n</title>\n<style>body{}</style></head>\n<body><h1>Bad gateway</h1><script>x()</script></body></html>',
		);
		expect(interpretResponse({ statusCode: 502, body: page })).toMatchObject({
			kind: 'error',
			code: null,
			message: 'example.com | 502: Bad gateway & more',
		});
		expect(interpretResponse({ statusCode: 500, body: '<html>Bad gateway</html>' })).toMatchObject({
			message: '',
		});
		expect(textOf('<title>&lt;b&gt;Oops&lt;/b&gt;</title>')).toBe('bOops/b');
		expect(
			interpretResponse({ statusCode: 500, body: 'upstream connect error\nor reset' }),
		).toMatchObject({ message: 'upstream connect error or reset' });
	});
});

test('Retry-After accepts seconds and HTTP dates', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
	expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
	expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeNull();
	expect(retryAfterMs({}, now)).toBeNull();
});
