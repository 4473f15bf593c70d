import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	SANDBOX_CUSTOMER_ID,
	SANDBOX_PASSWORD,
	SANDBOX_SENDER_ID,
	startSandbox,
	type Sandbox,
} from '../../sandbox';
import { TestCredentialsHelper } from './credentialsHelper';
import { CREDENTIAL_ID } from './runWorkflow';

export function sandboxCredentials(
	sandbox: Sandbox,
	overrides: ICredentialDataDecryptedObject = {},
) {
	return {
		customerId: SANDBOX_CUSTOMER_ID,
		password: SANDBOX_PASSWORD,
		keyFormat: 'plain',
		senderId: SANDBOX_SENDER_ID,
		baseUrl: sandbox.url,
		...overrides,
	};
}

/** One sandbox per test file on a free loopback port, reset before each test. */
export function useSandbox() {
	const context = {} as { sandbox: Sandbox; credentialsHelper: TestCredentialsHelper };
	beforeAll(async () => {
		context.sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
	});
	beforeEach(() => {
		context.sandbox.reset();
		context.credentialsHelper = new TestCredentialsHelper();
		context.credentialsHelper.set(CREDENTIAL_ID, sandboxCredentials(context.sandbox));
	});
	afterAll(async () => {
		await context.sandbox?.close();
	});
	return context;
}
