import { SANDBOX_KEY, SANDBOX_PASSWORD } from '../../sandbox';
import { CREDENTIAL_ID, runActionNode } from '../harness/runWorkflow';
import { sandboxCredentials, useSandbox } from '../harness/sandboxFixture';

const ctx = useSandbox();

const chat = (n = 1) => ({
	parameters: {
		resource: 'message',
		operation: 'sendChat',
		phoneNumber: '={{ $json.phone }}',
		message: '={{ "Hello " + $json.n }}',
		options: { concurrency: 5 },
	},
	items: Array.from({ length: n }, (_, i) => ({
		json: { phone: `+9198765${String(43210 + i).padStart(5, '0')}`, n: i },
	})),
});

const tokenCalls = () =>
	ctx.sandbox.state.requests.filter((r) => r.path === '/auth/v1/authentication/token');

describe('token exchange (preAuthentication)', () => {
	test('trades customerId + Base64 of the password for a token sent as the authToken header', async () => {
		ctx.credentialsHelper.set(
			CREDENTIAL_ID,
			sandboxCredentials(ctx.sandbox, { email: 'ops@example.com', country: '91' }),
		);
		const result = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat() });
		expect(result.error).toBeUndefined();
		const [token] = tokenCalls();
		expect(token.method).toBe('GET');
		// The sandbox masks the key it received once it has checked it equals SANDBOX_KEY.
		expect(token.query).toMatchObject({
			customerId: 'C-5A4DB0C0FFEE001',
			key: 'present',
			scope: 'NEW',
			email: 'ops@example.com',
			country: '91',
		});
		expect(token.status).toBe(200);
		const send = ctx.sandbox.state.requests.find((r) => r.path === '/verification/v3/send');
		expect(send?.headers.authtoken).toBe('present');
		expect(send?.status).toBe(200);
		// The token is stored in the credential's hidden expirable field, as n8n persists it.
		expect(String(ctx.credentialsHelper.store.get(CREDENTIAL_ID)?.authToken)).toMatch(/^ey/);
	});

	test.each([
		['Password Format "Base64 Key"', { keyFormat: 'base64' }],
		[
			'a credential saved before Password Format, with Password Encoding "base64"',
			{ passwordEncoding: 'base64' },
		],
	])('%s sends the key as given', async (_label, encoding) => {
		ctx.credentialsHelper.set(
			CREDENTIAL_ID,
			sandboxCredentials(ctx.sandbox, { password: SANDBOX_KEY, ...encoding }),
		);
		const result = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat() });
		expect(result.error).toBeUndefined();
		expect(tokenCalls()[0].status).toBe(200);
	});

	test.each([
		['wrong password', { password: 'not-the-password' }],
		['plain password marked as base64', { password: SANDBOX_PASSWORD, keyFormat: 'base64' }],
		['unknown customer id', { customerId: 'C-000000000000000' }],
	] as Array<[string, Record<string, string>]>)(
		'%s: a plain-language login error without the key, and nothing sent',
		async (_label, overrides) => {
			ctx.credentialsHelper.set(CREDENTIAL_ID, sandboxCredentials(ctx.sandbox, overrides));
			const result = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat(3) });
			expect(result.error?.message).toMatch(/rejected the Customer ID or password/);
			const text = JSON.stringify(result.error) + JSON.stringify(result.items);
			expect(text).not.toContain(String(overrides.password ?? SANDBOX_PASSWORD));
			expect(text).not.toContain(SANDBOX_KEY);
			expect(text).not.toMatch(/\n\s+at /); // no stack trace in the message
			expect(
				ctx.sandbox.state.requests.filter((r) => r.path === '/verification/v3/send'),
			).toHaveLength(0);
			// One failed login stops the run instead of retrying it per item.
			expect(ctx.sandbox.state.tokenRequests).toBe(1);
		},
	);

	test('a login failure under continueOnFail gives one error item per input item', async () => {
		ctx.credentialsHelper.set(
			CREDENTIAL_ID,
			sandboxCredentials(ctx.sandbox, { password: 'wrong' }),
		);
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			...chat(3),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(3);
		for (const [i, item] of result.items.entries()) {
			expect(item.json.error).toMatch(/rejected the Customer ID or password/);
			expect(item.pairedItem).toEqual({ item: i });
		}
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
	});

	test.each([401, 403, 407] as const)(
		"a proxy's %i page on the login is a proxy problem, not a wrong password",
		async (status) => {
			ctx.sandbox.addFault({ status, html: true, path: '/auth/v1/authentication/token' });
			const result = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat(3) });
			expect(result.error?.message).toMatch(
				new RegExp(`a proxy or gateway on the way refused the login request \\(HTTP ${status} `),
			);
			expect(result.error?.message).toMatch(/the Customer ID and password were not checked/);
			expect(result.error?.message).not.toMatch(/rejected the Customer ID or password/);
			expect(result.error?.description).toMatch(/network or proxy settings/);
			expect(JSON.stringify(result.error)).not.toMatch(/<\/?(html|title|center)\b/i);
			expect(ctx.sandbox.state.tokenRequests).toBe(1);
			expect(
				ctx.sandbox.state.requests.filter((r) => r.path === '/verification/v3/send'),
			).toHaveLength(0);
		},
	);

	test('an unreachable base URL says so', async () => {
		ctx.credentialsHelper.set(
			CREDENTIAL_ID,
			sandboxCredentials(ctx.sandbox, { baseUrl: 'http://127.0.0.1:9' }),
		);
		const result = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat() });
		expect(result.error?.message).toMatch(/could not be reached at http:\/\/127\.0\.0\.1:9/);
	});
});

describe('token reuse and renewal', () => {
	test('one token for a whole run of 50 items at concurrency 5, and reused by the next run', async () => {
		const first = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat(50) });
		expect(first.items).toHaveLength(50);
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
		await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat(5) });
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
	});

	test('tokens expired mid-run are replaced once, transparently, and the requests repeated', async () => {
		ctx.sandbox.configure({ latencyMs: 30 });
		const run = runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat(40) });
		await ctx.sandbox.waitFor((s) => s.messages.length >= 10);
		ctx.sandbox.expireTokens();
		const result = await run;
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.success)).toEqual(Array(40).fill(true));
		expect(ctx.sandbox.state.messages).toHaveLength(40);
		expect(ctx.sandbox.state.tokenRequests).toBe(2);
		const rejected = ctx.sandbox.state.requests.filter((r) => r.status === 401);
		expect(rejected.length).toBeGreaterThan(0);
		expect(rejected.length).toBeLessThanOrEqual(5); // only requests already in flight
	});

	test('a token that reaches its expiry during a run is renewed before it is refused', async () => {
		// 61 s of life less the minute of margin: it counts as expired a second after the login.
		ctx.sandbox.configure({ tokenLifetimeSeconds: 61, latencyMs: 150 });
		const result = await runActionNode({ credentialsHelper: ctx.credentialsHelper, ...chat(50) });
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.messages).toHaveLength(50);
		expect(ctx.sandbox.state.tokenRequests).toBeGreaterThanOrEqual(2);
		expect(ctx.sandbox.state.requests.filter((r) => r.status === 401)).toHaveLength(0);
	});

	test('a multipart body survives the repeat after a renewal', async () => {
		// A stored token the sandbox never issued: the first send is answered 401.
		ctx.credentialsHelper.set(CREDENTIAL_ID, {
			...sandboxCredentials(ctx.sandbox),
			authToken: 'eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJDLTEifQ.forged',
		});
		const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: {
				resource: 'message',
				operation: 'sendChat',
				phoneNumber: '+919876543210',
				message: 'pic',
				attachMedia: true,
			},
			items: [
				{
					json: {},
					binary: {
						data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'pic.png' },
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		const sends = ctx.sandbox.state.requests.filter((r) => r.path === '/verification/v3/send');
		expect(sends.map((r) => r.status)).toEqual([401, 200]);
		expect(sends[1].files[0]).toMatchObject({
			field: 'file',
			filename: 'pic.png',
			mimeType: 'image/png',
			size: png.length,
		});
		expect(sends[1].files[0].base64).toBe(png.toString('base64'));
	});

	test('a token refused right after its login fails with a clear 800 message and no second login', async () => {
		// Tokens the sandbox issues with a zero lifetime are dead on arrival.
		ctx.sandbox.configure({ tokenLifetimeSeconds: 0 });
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			...chat(1),
			continueOnFail: true,
		});
		// A token refused right after its login: the credential is the problem, so no second login.
		const sends = ctx.sandbox.state.requests.filter((r) => r.path === '/verification/v3/send');
		expect(sends.map((r) => r.status)).toEqual([401]);
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
		expect(result.items[0].json).toMatchObject({ code: 800 });
		expect(String(result.items[0].json.error)).toMatch(
			/rejected the login token even after renewing it/,
		);
	});
});
