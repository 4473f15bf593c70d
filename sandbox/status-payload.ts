// Status notifications (sent, delivered, read, failed, deleted) for messages
// the sandbox accepted, one status per payload as the sandbox sends them.
import { createHash } from 'node:crypto';
import { type MetaError, metaError } from './meta-errors';
import { type WebhookPayload, unixSeconds, wrapValue } from './webhook-envelope';

export type StatusValue = 'sent' | 'delivered' | 'read' | 'failed' | 'deleted';

export interface StatusInput {
	wamid: string;
	status: StatusValue;
	/** The customer's WhatsApp id (country code + number). */
	recipientId: string;
	/** ms since epoch; default now. */
	at?: number;
	/** Conversation / pricing category: marketing, utility, authentication or service. */
	category?: string;
	conversationId?: string;
	errors?: MetaError[];
}

/** One status per payload, as the sandbox sends them. */
export function buildStatusPayload(input: StatusInput): WebhookPayload {
	const at = input.at ?? Date.now();
	const status: Record<string, unknown> = {
		id: input.wamid,
		status: input.status,
		timestamp: unixSeconds(at),
		recipient_id: input.recipientId,
	};
	if (input.status === 'failed') {
		// Meta sends neither conversation nor pricing for a failed message.
		status.errors = input.errors && input.errors.length > 0 ? input.errors : [metaError(131026)];
	} else if (input.status !== 'deleted') {
		const category = (input.category ?? 'marketing').toLowerCase();
		const conversation: Record<string, unknown> = {
			id: input.conversationId ?? conversationIdFor(input.recipientId),
			origin: { type: category },
		};
		// expiration_timestamp is only present with `sent`.
		if (input.status === 'sent') {
			conversation.expiration_timestamp = unixSeconds(at + 24 * 3600 * 1000);
		}
		status.conversation = conversation;
		status.pricing = { billable: category !== 'service', pricing_model: 'CBP', category };
	}
	return wrapValue({ statuses: [status] });
}

/** Stable per recipient, so all statuses of one conversation share it. */
export function conversationIdFor(recipientId: string): string {
	return createHash('sha256').update(`conversation:${recipientId}`).digest('hex').slice(0, 32);
}
