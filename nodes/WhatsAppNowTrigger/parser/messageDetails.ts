import { optionalRecord, readList, requiredRecord } from './checkedRead';
import { normaliseErrors } from './errorItem';
import { NoteLog } from './notes';
import { asRecord, field, nonBlankText, numeric, text, type JsonRecord } from './read';
import type {
	ContactCard,
	MessageDetails,
	MessageInteractive,
	MessageLocation,
	MessageOrder,
	MessageReaction,
	MessageSystem,
} from './types';

/** Copies string fields under new names; the key map is ours, never the payload's. */
function texts<K extends string>(record: JsonRecord, keys: Record<K, string>): Record<K, string | null> {
	const result = {} as Record<K, string | null>;
	for (const key of Object.keys(keys) as K[]) result[key] = text(field(record, keys[key]));
	return result;
}

function readLocation(location: JsonRecord): MessageLocation {
	return {
		latitude: numeric(field(location, 'latitude')),
		longitude: numeric(field(location, 'longitude')),
		...texts(location, { name: 'name', address: 'address', url: 'url' }),
	};
}

function readContactCard(card: JsonRecord, label: string, warnings: NoteLog): ContactCard {
	const name = asRecord(field(card, 'name'));
	const parts = [field(name, 'first_name'), field(name, 'middle_name'), field(name, 'last_name')]
		.map(nonBlankText)
		.filter((part): part is string => part !== null);
	return {
		name: nonBlankText(field(name, 'formatted_name')) ?? (parts.length > 0 ? parts.join(' ') : null),
		phones: readList(field(card, 'phones'), `${label}.phones`, warnings, (phone) =>
			texts(phone, { phone: 'phone', waId: 'wa_id', type: 'type' }),
		),
		emails: readList(field(card, 'emails'), `${label}.emails`, warnings, (email) =>
			texts(email, { email: 'email', type: 'type' }),
		),
	};
}

function readReaction(reaction: JsonRecord): MessageReaction {
	// Meta sends an empty (or no) emoji when the customer removes a reaction.
	return { messageId: text(field(reaction, 'message_id')), emoji: nonBlankText(field(reaction, 'emoji')) };
}

function readInteractive(interactive: JsonRecord): MessageInteractive {
	const type = text(field(interactive, 'type'));
	// The reply sits under a key named after its type: button_reply, list_reply, nfm_reply.
	const reply = type === null ? undefined : asRecord(field(interactive, type));
	return {
		type,
		id: text(field(reply, 'id')),
		title: text(field(reply, 'title')),
		description: text(field(reply, 'description')),
		name: text(field(reply, 'name')),
		body: text(field(reply, 'body')),
		responseJson: text(field(reply, 'response_json')),
	};
}

function readOrder(order: JsonRecord, warnings: NoteLog): MessageOrder {
	return {
		catalogId: text(field(order, 'catalog_id')),
		text: text(field(order, 'text')),
		products: readList(field(order, 'product_items'), 'order.product_items', warnings, (item) => ({
			productRetailerId: text(field(item, 'product_retailer_id')),
			quantity: numeric(field(item, 'quantity')),
			itemPrice: numeric(field(item, 'item_price')),
			currency: text(field(item, 'currency')),
		})),
	};
}

function readSystem(system: JsonRecord): MessageSystem {
	return {
		type: text(field(system, 'type')),
		body: text(field(system, 'body')),
		// Older payloads name the customer's new id `new_wa_id`.
		waId: text(field(system, 'wa_id')) ?? text(field(system, 'new_wa_id')),
		identity: text(field(system, 'identity')),
		customer: text(field(system, 'customer')),
	};
}

// A Map, not an object literal: the lookup key is the payload's `type`, which may be "constructor".
const PART_READERS = new Map<string, (part: JsonRecord, warnings: NoteLog) => MessageDetails>([
	['location', (location) => ({ location: readLocation(location) })],
	['reaction', (reaction) => ({ reaction: readReaction(reaction) })],
	['button', (button) => ({ button: texts(button, { text: 'text', payload: 'payload' }) })],
	['interactive', (interactive) => ({ interactive: readInteractive(interactive) })],
	['order', (order, warnings) => ({ order: readOrder(order, warnings) })],
	['system', (system) => ({ system: readSystem(system) })],
]);

function readTypedPart(type: string | null, message: JsonRecord, warnings: NoteLog): MessageDetails {
	// The only type whose part is a list rather than an object.
	if (type === 'contacts') {
		return {
			contacts: readList(field(message, type), type, warnings, (card, position) =>
				readContactCard(card, position, warnings),
			),
		};
	}
	if (type === null) return {};
	const reader = PART_READERS.get(type);
	if (reader === undefined) return {};
	const part = requiredRecord(message, type, warnings);
	return part === undefined ? {} : reader(part, warnings);
}

/**
 * Type-specific extras beyond the contract fields, plus the parts any type can
 * carry: `referral` (click-to-WhatsApp ads) and `errors` (unsupported messages).
 */
export function readMessageDetails(type: string | null, message: JsonRecord, warnings: NoteLog): MessageDetails {
	const details = readTypedPart(type, message, warnings);
	const referral = optionalRecord(message, 'referral', warnings);
	if (referral !== undefined) {
		details.referral = texts(referral, {
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
	return details;
}
