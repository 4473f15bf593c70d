import { asRecord, field, nonBlankText, text, type JsonRecord } from './read';
import type { MessageDetails, MessageLocation, MessageMedia, MessageOrder } from './types';

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
	return priced && currency !== null ? `${summary}, ${Math.round(total * 100) / 100} ${currency}` : summary;
}

/** Best-effort text of a type this parser does not know: the common text fields, then the error title. */
function fallbackText(type: string | null, message: JsonRecord, details: MessageDetails): string | null {
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
export function messageText(
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
			const names = (details.contacts ?? []).map((card) => card.name).filter((name) => name !== null);
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
