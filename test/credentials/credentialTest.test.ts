import { SANDBOX_KEY } from '../../sandbox';
import { testCredential } from '../harness/credentialTest';
import { sandboxCredentials, useSandbox } from '../harness/sandboxFixture';

const ctx = useSandbox();

describe('the credential test n8n runs from the credential dialog', () => {
	test('succeeds for good credentials', async () => {
		expect(await testCredential(sandboxCredentials(ctx.sandbox))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(
			await testCredential(
				sandboxCredentials(ctx.sandbox, { password: SANDBOX_KEY, keyFormat: 'base64' }),
			),
		).toMatchObject({ status: 'OK' });
		// A credential saved before Password Format existed keeps its hidden Password Encoding.
		expect(
			await testCredential(
				sandboxCredentials(ctx.sandbox, { password: SANDBOX_KEY, passwordEncoding: 'base64' }),
			),
		).toMatchObject({ status: 'OK' });
		// The login (preAuthentication) and the test request itself both reached the token endpoint.
		expect(ctx.sandbox.state.requests.filter((r) => r.status === 200).length).toBe(6);
	});

	test('fails with the plain-language login message for a wrong password', async () => {
		const result = await testCredential(sandboxCredentials(ctx.sandbox, { password: 'wrong' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Message Central rejected the Customer ID or password \(code 800\)/,
		);
		expect(result.message).not.toContain('wrong');
	});

	test('fails for an unknown customer id and for an unreachable host', async () => {
		expect(
			(await testCredential(sandboxCredentials(ctx.sandbox, { customerId: 'C-000000000000000' })))
				.message,
		).toMatch(/rejected the Customer ID or password/);
		expect(
			(await testCredential(sandboxCredentials(ctx.sandbox, { baseUrl: 'http://127.0.0.1:9' })))
				.message,
		).toMatch(/could not be reached/);
	});

	test('says so when a proxy refuses the login (407), rather than blaming the password', async () => {
		ctx.sandbox.addFault({ status: 407, html: true, path: '/auth/v1/authentication/token' });
		const result = await testCredential(sandboxCredentials(ctx.sandbox));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/proxy or gateway .* \(HTTP 407 \(Proxy Authentication Required\)/,
		);
		expect(result.message).not.toMatch(/rejected the Customer ID/);
	});
});
