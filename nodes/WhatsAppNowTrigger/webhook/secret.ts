import type { IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../common/credentialType';

/**
 * How long a process keeps a credential's Webhook Secret after reading it.
 * Reading a credential outside an execution costs n8n 2.x an expression
 * isolate (its defaults and overwrites are resolved on every read): about
 * 75 ms of CPU per delivery on the webhook processor, measured
 * (docs/benchmarks.md#the-trigger-at-campaign-scale). A changed secret is
 * therefore used by each process within this time, never later.
 */
export const SECRET_TTL_MS = 60_000;

/**
 * "<credential id> <workflow id>" → its Webhook Secret and when it was read,
 * per process. The workflow is part of the key so that a workflow only ever
 * uses a secret n8n gave to that workflow.
 */
const secrets = new Map<string, { secret: string; readAt: number }>();

/** The cache key: the node's saved credential id and the workflow; undefined when the node names none. */
function cacheKey(context: IWebhookFunctions): string | undefined {
	const id = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
	return typeof id === 'string' && id !== ''
		? `${id} ${context.getWorkflow().id ?? ''}`
		: undefined;
}

/**
 * The credential's Webhook Secret: a string ('' when the field is empty), or
 * undefined when no credential can be read. With authentication "none" the
 * credential is hidden and n8n refuses it ("Credentials not found"), which
 * simply means "no secret".
 *
 * `cached`: a secret read by this process less than SECRET_TTL_MS ago for the
 * same credential id is used again without asking n8n (trigger version 1.1
 * and later). A failed read is never kept, so a credential that is fixed is
 * used at once.
 */
export async function readWebhookSecret(
	context: IWebhookFunctions,
	{ cached = false, now = Date.now() }: { cached?: boolean; now?: number } = {},
): Promise<string | undefined> {
	const id = cached ? cacheKey(context) : undefined;
	if (id !== undefined) {
		const kept = secrets.get(id);
		if (kept !== undefined && now - kept.readAt < SECRET_TTL_MS) return kept.secret;
	}
	let credentials: Record<string, unknown>;
	try {
		credentials = await context.getCredentials(CREDENTIAL_TYPE);
	} catch (error) {
		// Only the message: an error from the credential store must not carry its data into the log.
		context.logger.debug(
			`WhatsApp Now Trigger: no ${CREDENTIAL_TYPE} credential available (${error instanceof Error ? error.message : 'unknown error'})`,
		);
		if (id !== undefined) secrets.delete(id);
		return undefined;
	}
	const secret = typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';
	if (id !== undefined) {
		// A credential id is a handful of bytes; still, never let the map grow without bound.
		if (secrets.size >= 1_000 && !secrets.has(id)) secrets.clear();
		secrets.set(id, { secret, readAt: now });
	}
	return secret;
}

/** For tests: forget every kept secret. */
export function forgetSecrets(): void {
	secrets.clear();
}
