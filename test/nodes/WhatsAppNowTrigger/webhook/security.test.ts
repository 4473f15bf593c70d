import { createHmac } from 'node:crypto';

import {
	tokensEqual,
	verifySignature,
} from '../../../../nodes/WhatsAppNowTrigger/webhook/security';
import { single, status } from '../fixtures';

describe('verifySignature', () => {
	const secret = 'webhook-secret';
	const body = Buffer.from(JSON.stringify(single({ statuses: [status('read')] })));
	const sign = (payload: Buffer, key = secret) =>
		`sha256=${createHmac('sha256', key).update(payload).digest('hex')}`;

	it('accepts the HMAC-SHA256 of the raw body', () => {
		expect(verifySignature(body, sign(body), secret)).toBe(true);
	});

	it('accepts upper-case hex, an upper-case prefix and surrounding blanks', () => {
		const hex = sign(body).slice('sha256='.length);
		expect(verifySignature(body, `SHA256=${hex.toUpperCase()}`, secret)).toBe(true);
		expect(verifySignature(body, `  sha256=${hex} `, secret)).toBe(true);
	});

	it('rejects another secret or a changed body', () => {
		expect(verifySignature(body, sign(body, 'other'), secret)).toBe(false);
		const tampered = Buffer.from(body.toString().replace('read', 'sent'));
		expect(verifySignature(tampered, sign(body), secret)).toBe(false);
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['without prefix', createHmac('sha256', secret).update(body).digest('hex')],
		['sha1', `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`],
		['too short', sign(body).slice(0, -2)],
		['too long', `${sign(body)}00`],
		['non-hex', `sha256=${'z'.repeat(64)}`],
		['half-valid hex', `sha256=${sign(body).slice(7, 39)}${'g'.repeat(32)}`],
	])('rejects a header that is %s', (_label, header) => {
		expect(verifySignature(body, header, secret)).toBe(false);
	});

	it('rejects an empty secret and a body that is not a Buffer', () => {
		expect(verifySignature(body, sign(body, ''), '')).toBe(false);
		expect(verifySignature(body.toString() as unknown as Buffer, sign(body), secret)).toBe(false);
		expect(verifySignature(undefined as unknown as Buffer, sign(body), secret)).toBe(false);
		expect(verifySignature(body, [sign(body)] as unknown as string, secret)).toBe(false);
	});
});

describe('tokensEqual', () => {
	it('is true for equal tokens only', () => {
		expect(tokensEqual('s3cr3t-token', 's3cr3t-token')).toBe(true);
		expect(tokensEqual('s3cr3t-token', 's3cr3t-tokeN')).toBe(false);
		expect(tokensEqual('short', 'a much longer token')).toBe(false);
		expect(tokensEqual('ü', 'u')).toBe(false);
	});

	it('never matches empty or non-string tokens', () => {
		expect(tokensEqual('', '')).toBe(false);
		expect(tokensEqual(undefined, undefined)).toBe(false);
		expect(tokensEqual(null, 'x')).toBe(false);
		expect(tokensEqual(['x'], 'x')).toBe(false);
		expect(tokensEqual(1, '1')).toBe(false);
	});
});
