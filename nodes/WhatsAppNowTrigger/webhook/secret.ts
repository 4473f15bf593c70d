import type { IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../common/credentialType';

/**
 * The credential's Webhook Secret: a string ('' when the field is empty), or
 * undefined when no credential can be read. With authentication "none" the
 * credential is hidden and n8n refuses it ("Credentials not found"), which
 * simply means "no secret".
 */
export async function readWebhookSecret(context: IWebhookFunctions): Promise<string | undefined> {
	let credentials: Record<string, unknown>;
	try {
		credentials = await context.getCredentials(CREDENTIAL_TYPE);
	} catch (error) {
		// Only the message: an error from the credential store must not carry its data into the log.
		context.logger.debug(
			`WhatsApp Now Trigger: no ${CREDENTIAL_TYPE} credential available (${error instanceof Error ? error.message : 'unknown error'})`,
		);
		return undefined;
	}
	const secret = credentials.webhookSecret;
	return typeof secret === 'string' ? secret : '';
}
