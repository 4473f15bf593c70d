import { normaliseErrors } from './error';
import {
	annotate,
	asRecord,
	bool,
	field,
	isoTimestamp,
	MAX_EVENT_WARNINGS,
	NoteLog,
	optionalRecord,
	requiredTexts,
	requiredTimestamp,
	text,
	type JsonRecord,
} from './read';
import type { ChangeContext, StatusConversation, StatusEvent, StatusPricing } from './types';

/**
 * Only the documented scalars are copied, so an item never carries unbounded
 * nesting from the payload; `includeRaw` keeps everything else.
 */
function readConversation(conversation: JsonRecord): StatusConversation {
	return {
		id: text(field(conversation, 'id')),
		originType: text(field(asRecord(field(conversation, 'origin')), 'type')),
		expirationTimestamp: isoTimestamp(field(conversation, 'expiration_timestamp')),
	};
}

function readPricing(pricing: JsonRecord): StatusPricing {
	return {
		billable: bool(field(pricing, 'billable')),
		pricingModel: text(field(pricing, 'pricing_model')),
		category: text(field(pricing, 'category')),
		type: text(field(pricing, 'type')),
	};
}

/** A status update for a message the business sent. Meta may send them out of order. */
export function buildStatusEvent(source: JsonRecord, context: ChangeContext): StatusEvent {
	const warnings = new NoteLog(MAX_EVENT_WARNINGS);
	const {
		id: messageId,
		status,
		recipient_id: recipientId,
	} = requiredTexts(source, ['id', 'status', 'recipient_id'], warnings);
	const timestamp = requiredTimestamp(source, warnings);
	const conversation = optionalRecord(source, 'conversation', warnings);
	const pricing = optionalRecord(source, 'pricing', warnings);

	const event: StatusEvent = {
		event: 'status',
		messageId,
		status,
		recipientId,
		timestamp,
		conversation: conversation === undefined ? null : readConversation(conversation),
		pricing: pricing === undefined ? null : readPricing(pricing),
		errors: normaliseErrors(field(source, 'errors'), warnings),
		...context.metadata,
	};
	// Set by the sender to correlate statuses with its own records.
	const callbackData = text(field(source, 'biz_opaque_callback_data'));
	if (callbackData !== null) event.bizOpaqueCallbackData = callbackData;
	return annotate(event, warnings, source, context.includeRaw);
}
