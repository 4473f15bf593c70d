import { annotate } from './annotate';
import { optionalRecord, requiredRecord, requiredText, requiredTimestamp } from './checkedRead';
import { readMessageDetails } from './messageDetails';
import { messageText } from './messageText';
import { MAX_EVENT_WARNINGS, NoteLog } from './notes';
import { asRecord, bool, field, text, type JsonRecord } from './read';
import type { ChangeContext, MessageContext, MessageEvent, MessageMedia } from './types';

const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'audio', 'video', 'document', 'sticker']);

function readMedia(media: JsonRecord): MessageMedia {
	const result: MessageMedia = {
		id: text(field(media, 'id')),
		mimeType: text(field(media, 'mime_type')),
		sha256: text(field(media, 'sha256')),
		caption: text(field(media, 'caption')),
		filename: text(field(media, 'filename')),
		animated: bool(field(media, 'animated')),
	};
	const voice = bool(field(media, 'voice'));
	if (voice !== null) result.voice = voice;
	return result;
}

function readContext(context: JsonRecord): MessageContext {
	const result: MessageContext = { from: text(field(context, 'from')), id: text(field(context, 'id')) };
	// Forwarded messages carry a context without from/id; keep the flags that explain why.
	const forwarded = bool(field(context, 'forwarded'));
	if (forwarded !== null) result.forwarded = forwarded;
	const frequentlyForwarded = bool(field(context, 'frequently_forwarded'));
	if (frequentlyForwarded !== null) result.frequentlyForwarded = frequentlyForwarded;
	const product = asRecord(field(context, 'referred_product'));
	if (product !== undefined) {
		result.referredProduct = {
			catalogId: text(field(product, 'catalog_id')),
			productRetailerId: text(field(product, 'product_retailer_id')),
		};
	}
	return result;
}

/** A message a customer sent to the business. */
export function buildMessageEvent(source: JsonRecord, context: ChangeContext): MessageEvent {
	const warnings = new NoteLog(MAX_EVENT_WARNINGS);
	const messageId = requiredText(source, 'id', warnings);
	const from = requiredText(source, 'from', warnings);
	const type = requiredText(source, 'type', warnings);
	const timestamp = requiredTimestamp(source, warnings);

	let media: MessageMedia | null = null;
	if (type !== null && MEDIA_TYPES.has(type)) {
		const part = requiredRecord(source, type, warnings);
		if (part !== undefined) media = readMedia(part);
	}
	const details = readMessageDetails(type, source, warnings);
	const replyContext = optionalRecord(source, 'context', warnings);

	const event: MessageEvent = {
		event: 'message',
		messageId,
		from,
		name: context.contactName(from),
		type,
		text: messageText(type, source, details, media),
		timestamp,
		context: replyContext === undefined ? null : readContext(replyContext),
		media,
		...context.metadata,
		...details,
	};
	return annotate(event, warnings, source, context.includeRaw);
}
