import type { IWebhookFunctions } from 'n8n-workflow';

import {
	forgetSecrets,
	readWebhookSecret,
	SECRET_TTL_MS,
} from '../../../../nodes/WhatsAppNowTrigger/webhook/secret';

/** A webhook context with just what readWebhookSecret touches. */
function context(credentialId: string | undefined, store: { secret?: string; fails?: boolean }) {
	const reads = { count: 0 };
	const value = {
		getNode: () => ({
			credentials: credentialId
				? { messageCentralApi: { id: credentialId, name: 'Message Central' } }
				: undefined,
		}),
		getWorkflow: () => ({ id: 'wf-1' }),
		getCredentials: async () => {
			reads.count++;
			if (store.fails) throw new Error('Credentials not found');
			return { webhookSecret: store.secret };
		},
		logger: { debug: () => undefined },
	} as unknown as IWebhookFunctions;
	return { value, reads };
}

afterEach(forgetSecrets);

describe('the Webhook Secret kept per process (trigger version 1.1)', () => {
	test('read once per minute per credential; a changed secret is used after at most a minute', async () => {
		const store = { secret: 'first' };
		const { value, reads } = context('cred-1', store);
		const t0 = 1_000_000;
		expect(await readWebhookSecret(value, { cached: true, now: t0 })).toBe('first');
		store.secret = 'second';
		expect(await readWebhookSecret(value, { cached: true, now: t0 + SECRET_TTL_MS - 1 })).toBe(
			'first',
		);
		expect(reads.count).toBe(1);
		expect(await readWebhookSecret(value, { cached: true, now: t0 + SECRET_TTL_MS })).toBe(
			'second',
		);
		expect(reads.count).toBe(2);
		expect(SECRET_TTL_MS).toBe(60_000);
	});

	test('version 1 (not cached) reads every time', async () => {
		const { value, reads } = context('cred-1', { secret: 's' });
		await readWebhookSecret(value);
		await readWebhookSecret(value);
		expect(reads.count).toBe(2);
	});

	test('credentials are kept apart; a node without a saved credential id is never cached', async () => {
		const a = context('cred-a', { secret: 'a' });
		const b = context('cred-b', { secret: 'b' });
		expect(await readWebhookSecret(a.value, { cached: true })).toBe('a');
		expect(await readWebhookSecret(b.value, { cached: true })).toBe('b');
		const none = context(undefined, { secret: 'n' });
		await readWebhookSecret(none.value, { cached: true });
		await readWebhookSecret(none.value, { cached: true });
		expect(none.reads.count).toBe(2);
	});

	test('a failed read is not kept: a credential that is fixed is used at once', async () => {
		const store = { secret: 'ok', fails: true };
		const { value, reads } = context('cred-1', store);
		expect(await readWebhookSecret(value, { cached: true })).toBeUndefined();
		store.fails = false;
		expect(await readWebhookSecret(value, { cached: true })).toBe('ok');
		expect(reads.count).toBe(2);
	});
});
