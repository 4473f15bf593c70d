import { normaliseErrors } from './error';
import { readTypedDetails } from './messageDetails';
import {
	annotate,
	asRecord,
	bool,
	field,
	MAX_EVENT_WARNINGS,
	nonBlankText,
	NoteLog,
	optionalRecord,
	readTexts,
	requiredRecord,
	requiredTexts,
	requiredTimestamp,
	text,
	type JsonRecord,
} from './read';
import type {
	ChangeContext,
	MessageContext,
	MessageDetails,
	MessageEvent,
	MessageLocation,
	MessageMedia,
	MessageOrder,
} from './types';

const MEDIA_TYPES: ReadonlySet<string> = new Set([
	'image',
	'audio',
	'video',
	'document',
	'sticker',
]);

function readMedia(media: JsonRecord): MessageMedia {
	// Field by field rather than through readTexts: media is the commonest inbound
	// part, and the generic copy made parsing an image message about 1.7 times slower.
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
	const result: MessageContext = {
		from: text(field(context, 'from')),
		id: text(field(context, 'id')),
	};
	// Forwarded messages carry a context without from/id; keep the flags that explain why.
	const forwarded = bool(field(context, 'forwarded'));
	if (forwarded !== null) result.forwarded = forwarded;
	const frequentlyForwarded = bool(field(context, 'frequently_forwarded'));
	if (frequentlyForwarded !== null) result.frequentlyForwarded = frequentlyForwarded;
	const product = asRecord(field(context, 'referred_product'));
	if (product !== undefined) {
		result.referredProduct = readTexts(product, {
			catalogId: 'catalog_id',
			productRetailerId: 'product_retailer_id',
		});
	}
	return result;
}

/** Parts any type can carry: `referral` (click-to-WhatsApp ads), `errors` (unsupported types). */
function addSharedParts(message: JsonRecord, details: MessageDetails, warnings: NoteLog): void {
	const referral = optionalRecord(message, 'referral', warnings);
	if (referral !== undefined) {
		details.referral = readTexts(referral, {
			sourceUrl: 'source_url',
			sourceId: 'source_id',
			sourceType: 'source_type',
			headline: 'headline',
			body: 'body',
			mediaType: 'media_type',
			imageUrl: 'image_url',
			videoUrl: 'video_url',
			thumbnailUrl: 'thumbnail_url',
			ctwaClid: 'ctwa_clid',
		});
	}
	const errors = field(message, 'errors');
	if (errors !== undefined && errors !== null) details.errors = normaliseErrors(errors, warnings);
}

function locationText(location: MessageLocation | undefined): string | null {
	if (location === undefined) return null;
	const label = [location.name, location.address].map(nonBlankText).filter((part) => part !== null);
	if (label.length > 0) return label.join(', ');
	return location.latitude !== null && location.longitude !== null
		? `${location.latitude},${location.longitude}`
		: null;
}

/** "Order: 3 items, 150 INR"; the total only when every line has a price in one currency. */
function orderSummary(order: MessageOrder | undefined): string | null {
	if (order === undefined) return null;
	let items = 0;
	let total = 0;
	let currency: string | null = null;
	let priced = order.products.length > 0;
	for (const product of order.products) {
		// Meta always sends a quantity; a missing one still stands for one item.
		const quantity = product.quantity ?? 1;
		items += quantity;
		if (product.itemPrice === null || product.currency === null) priced = false;
		else if (currency !== null && currency !== product.currency) priced = false;
		else {
			currency = product.currency;
			total += quantity * product.itemPrice;
		}
	}
	const summary = `Order: ${items} item${items === 1 ? '' : 's'}`;
	return priced && currency !== null
		? `${summary}, ${Math.round(total * 100) / 100} ${currency}`
		: summary;
}

/** Types Meta adds later still get a text: the common text fields, then the error title. */
function fallbackText(
	type: string | null,
	message: JsonRecord,
	details: MessageDetails,
): string | null {
	const part = type === null ? undefined : asRecord(field(message, type));
	return (
		nonBlankText(field(part, 'body')) ??
		nonBlankText(field(part, 'caption')) ??
		nonBlankText(field(part, 'text')) ??
		details.errors?.find((error) => error.title !== null)?.title ??
		null
	);
}

/**
 * One human-readable line per message, so a workflow can answer "what did the
 * customer say?" without switching on the type.
 */
function messageText(
	type: string | null,
	message: JsonRecord,
	details: MessageDetails,
	media: MessageMedia | null,
): string | null {
	switch (type) {
		case 'text':
			return text(field(asRecord(field(message, 'text')), 'body'));
		case 'image':
		case 'audio':
		case 'video':
		case 'document':
		case 'sticker':
			return media?.caption ?? null;
		case 'button':
			return details.button?.text ?? null;
		case 'interactive': {
			const reply = details.interactive;
			// button_reply and list_reply have a title; nfm_reply (Flows) has a body and a name.
			return reply === undefined ? null : (reply.title ?? reply.body ?? reply.name);
		}
		case 'location':
			return locationText(details.location);
		case 'contacts': {
			const names = (details.contacts ?? [])
				.map((card) => card.name)
				.filter((name) => name !== null);
			return names.length > 0 ? names.join(', ') : null;
		}
		case 'reaction':
			return details.reaction?.emoji ?? null;
		case 'order':
			return orderSummary(details.order);
		case 'system':
			return details.system?.body ?? null;
		case 'request_welcome':
			// The customer opened the chat for the first time: there is nothing to read.
			return null;
		default:
			return fallbackText(type, message, details);
	}
}

/**
 * The prompt for an AI agent: the message's text when it has one, else what
 * arrived in brackets ("[image]", "[voice message]"), so that the agent always
 * gets something to answer and never an empty prompt.
 */
function chatInputOf(type: string | null, messageText: string | null, media: MessageMedia | null) {
	if (messageText !== null && messageText.trim() !== '') return messageText;
	if (type === 'audio' && media?.voice === true) return '[voice message]';
	if (type === 'request_welcome') return '[the customer opened the chat]';
	return `[${type ?? 'message'}]`;
}

/** A message a customer sent to the business. */
export function buildMessageEvent(source: JsonRecord, context: ChangeContext): MessageEvent {
	const warnings = new NoteLog(MAX_EVENT_WARNINGS);
	const { id: messageId, from, type } = requiredTexts(source, ['id', 'from', 'type'], warnings);
	const timestamp = requiredTimestamp(source, warnings);

	let media: MessageMedia | null = null;
	if (type !== null && MEDIA_TYPES.has(type)) {
		const part = requiredRecord(source, type, warnings);
		if (part !== undefined) media = readMedia(part);
	}
	const details = readTypedDetails(type, source, warnings);
	addSharedParts(source, details, warnings);
	const replyContext = optionalRecord(source, 'context', warnings);

	const textLine = messageText(type, source, details, media);
	const event: MessageEvent = {
		event: 'message',
		messageId,
		from,
		name: context.contactName(from),
		type,
		text: textLine,
		chatInput: chatInputOf(type, textLine, media),
		sessionId: from,
		timestamp,
		context: replyContext === undefined ? null : readContext(replyContext),
		media,
		...context.metadata,
		...details,
	};
	return annotate(event, warnings, source, context.includeRaw);
}
