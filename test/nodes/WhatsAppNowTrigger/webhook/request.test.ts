import { checkToken } from '../../../../nodes/WhatsAppNowTrigger/webhook/authenticate';
import { readJsonBody } from '../../../../nodes/WhatsAppNowTrigger/webhook/body';
import { headerValue, queryValue } from '../../../../nodes/WhatsAppNowTrigger/webhook/http';

// Request shapes n8n itself never produces (handlers.test.ts covers those through the real flow).
describe('request readers for other hosts and query parsers', () => {
	test('dotted query names are read flat or nested (allowDots-style parsers)', () => {
		expect(queryValue({ 'hub.mode': 'subscribe' }, 'hub.mode')).toBe('subscribe');
		expect(queryValue({ hub: { mode: 'subscribe', verify_token: 't' } }, 'hub.verify_token')).toBe(
			't',
		);
		expect(queryValue({ hub: 'x' }, 'hub.mode')).toBeUndefined();
		expect(queryValue({ token: ['a', 'b'] }, 'token')).toBeUndefined();
		expect(queryValue(Object.create({ token: 'inherited' }), 'token')).toBeUndefined();
		expect(queryValue(undefined, 'token')).toBeUndefined();
	});

	test('repeated headers count as absent', () => {
		const request = { headers: { 'x-webhook-token': ['s', 's'] } };
		expect(headerValue(request, 'X-Webhook-Token')).toBeUndefined();
		expect(checkToken(request, 's')).toEqual({
			ok: false,
			reason: expect.stringContaining('no token'),
		});
	});

	test('a parsed object without rawBody is used as it is; a Buffer body is parsed', () => {
		expect(readJsonBody({ headers: {}, body: { object: 'x' } })).toEqual({
			ok: true,
			body: { object: 'x' },
		});
		expect(readJsonBody({ headers: {}, body: Buffer.from('{"a":1}') })).toEqual({
			ok: true,
			body: { a: 1 },
		});
		expect(readJsonBody({ headers: {} })).toEqual({ ok: false, reason: 'body is empty' });
	});

	test('the raw bytes win over a form-parsed object, decoded with the declared charset', () => {
		const raw = Buffer.from('{"name":"Jos\u00e9"}', 'latin1');
		const request = {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: { junk: '' },
			rawBody: raw,
			encoding: 'latin1',
		};
		expect(readJsonBody(request)).toEqual({ ok: true, body: { name: 'José' } });
	});
});
