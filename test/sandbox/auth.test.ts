import axios from 'axios';
import {
	type Sandbox,
	SANDBOX_CUSTOMER_ID,
	SANDBOX_KEY,
	SANDBOX_PASSWORD,
	SANDBOX_SENDER_ID,
	decodeJwt,
	startSandbox,
} from '../../sandbox';
import { SEND_PATH, TEMPLATE_PATH, TOKEN_PATH, client, fetchToken } from './helpers';

describe('sandbox: token exchange and auth', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const tokenCall = (params: Record<string, string>) => client(sb).get(TOKEN_PATH, { params });

	it('the key is the Base64 of the demo password', () => {
		expect(SANDBOX_KEY).toBe('c2FuZGJveC1wYXNzd29yZA==');
		expect(Buffer.from(SANDBOX_KEY, 'base64').toString()).toBe(SANDBOX_PASSWORD);
	});

	it('issues an HS512 JWT for the customer with a 7-day lifetime', async () => {
		const res = await tokenCall({
			customerId: SANDBOX_CUSTOMER_ID,
			key: SANDBOX_KEY,
			scope: 'NEW',
			country: '91',
			email: 'a@b.c',
		});
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ status: 200, token: expect.any(String) });
		const [header] = res.data.token.split('.');
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS512' });
		const claims = decodeJwt(res.data.token);
		expect(claims?.sub).toBe(SANDBOX_CUSTOMER_ID);
		expect(claims!.exp - claims!.iat).toBe(604800);
		expect(Math.abs(claims!.iat - Date.now() / 1000)).toBeLessThan(5);
		expect(sb.state.tokenRequests).toBe(1);
		expect(sb.state.tokensIssued).toBe(1);
	});

	it('honours tokenLifetimeSeconds (5 years have been seen too)', async () => {
		sb.configure({ tokenLifetimeSeconds: 5 * 365 * 24 * 3600 });
		const claims = decodeJwt(await fetchToken(sb));
		expect(claims!.exp - claims!.iat).toBe(157680000);
	});

	it.each([
		['http400', 400],
		['http200', 200],
	] as const)('unknown customer id → 501 (%s)', async (style, http) => {
		sb.configure({ errorStyle: style });
		for (const customerId of ['C-000000000000000', '']) {
			const res = await tokenCall({ customerId, key: SANDBOX_KEY });
			expect(res.status).toBe(http);
			expect(res.data).toEqual({ responseCode: 501, message: 'INVALID_CUSTOMER_ID', data: null });
		}
	});

	it.each(['http400', 'http200'] as const)(
		'wrong or missing key → 800 Invalid Auth with HTTP 401 (%s)',
		async (style) => {
			sb.configure({ errorStyle: style });
			for (const params of [
				{ key: Buffer.from('nope').toString('base64') },
				{ key: SANDBOX_PASSWORD },
				{},
			] as Array<Record<string, string>>) {
				const res = await tokenCall({ customerId: SANDBOX_CUSTOMER_ID, ...params });
				expect(res.status).toBe(401);
				expect(res.data).toEqual({ responseCode: 800, message: 'Invalid Auth', data: null });
			}
			expect(sb.state.tokenRequests).toBe(3);
			expect(sb.state.tokensIssued).toBe(0);
		},
	);

	it.each(['POST', 'PUT', 'DELETE'])('answers 405 to %s on the token endpoint', async (method) => {
		const res = await client(sb).request({
			method,
			url: TOKEN_PATH,
			params: { customerId: SANDBOX_CUSTOMER_ID, key: SANDBOX_KEY },
		});
		expect(res.status).toBe(405);
		expect(res.headers.allow).toBe('GET');
		expect(sb.state.tokensIssued).toBe(0);
	});

	it('redacts the key, the authToken header and the issued token in recorded requests', async () => {
		const token = await fetchToken(sb);
		await client(sb, token).post(SEND_PATH);
		const [tokenReq, sendReq] = sb.state.requests;
		expect(tokenReq.query.key).toBe('present');
		expect(tokenReq.response).toEqual({ status: 200, token: 'present' });
		expect(sendReq.headers.authtoken).toBe('present');
		expect(JSON.stringify(sb.state.requests)).not.toContain(token);
		expect(JSON.stringify(sb.state.requests)).not.toContain(SANDBOX_KEY);
	});

	describe.each([
		['POST', TEMPLATE_PATH],
		['GET', TEMPLATE_PATH],
		['POST', SEND_PATH],
	])('%s %s requires a live token', (method, path) => {
		it.each(['http400', 'http200'] as const)(
			'no / forged / foreign token → 800 with HTTP 401 (%s)',
			async (style) => {
				sb.configure({ errorStyle: style });
				const token = await fetchToken(sb);
				const [h, p] = token.split('.');
				const forged = `${h}.${p}.${Buffer.from('x'.repeat(64)).toString('base64url')}`;
				for (const t of [undefined, 'garbage', forged]) {
					const res = await client(sb, t).request({
						method,
						url: path,
						params: { phoneNumber: SANDBOX_SENDER_ID },
					});
					expect(res.status).toBe(401);
					expect(res.data).toEqual({ responseCode: 800, message: 'Invalid Auth', data: null });
				}
			},
		);
	});

	it('expire-tokens rejects every earlier token; a new one works at once', async () => {
		const old = await fetchToken(sb);
		const ok = await client(sb, old).get(TEMPLATE_PATH, {
			params: { phoneNumber: SANDBOX_SENDER_ID, templateId: '1' },
		});
		expect(ok.status).not.toBe(401);
		const ctl = await axios.post(`${sb.url}/__sandbox/expire-tokens`);
		expect(ctl.data).toEqual({ ok: true });
		const dead = await client(sb, old).post(SEND_PATH);
		expect(dead.status).toBe(401);
		expect(dead.data.responseCode).toBe(800);
		const fresh = await fetchToken(sb);
		const alive = await client(sb, fresh).post(SEND_PATH, null, {
			params: { flowType: 'WHATSAPP', type: 'CHAT' },
		});
		expect(alive.status).toBe(400);
		expect(alive.data.responseCode).toBe(801);
	});

	it('a token past its exp is rejected', async () => {
		sb.configure({ tokenLifetimeSeconds: 0 });
		const token = await fetchToken(sb);
		const res = await client(sb, token).post(SEND_PATH);
		expect(res.status).toBe(401);
	});

	it('tokens survive a reset (clients keep their cached token)', async () => {
		const token = await fetchToken(sb);
		sb.reset();
		const res = await client(sb, token).post(SEND_PATH, null, {
			params: { flowType: 'WHATSAPP', type: 'CHAT' },
		});
		expect(res.data.responseCode).toBe(801);
	});

	it('sb.issueToken() hands out a valid token without counting a token request', async () => {
		const res = await client(sb, sb.issueToken()).post(SEND_PATH, null, {
			params: { flowType: 'WHATSAPP', type: 'CHAT' },
		});
		expect(res.data.responseCode).toBe(801);
		expect(sb.state.tokenRequests).toBe(0);
	});

	it('unknown paths answer 404', async () => {
		const res = await client(sb).get('/verification/v3/nothing');
		expect(res.status).toBe(404);
	});
});
