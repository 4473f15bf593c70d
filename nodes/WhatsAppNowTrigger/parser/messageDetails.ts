/**
 * The part a message carries under the key named after its type (`location`,
 * `contacts`, `order`, …; docs/whatsapp.md#inbound-message-types), read into
 * the type-specific extras of its item. Media types are not here: their part
 * is the contract field `media`.
 */
import {
	asRecord,
	field,
	nonBlankText,
	NoteLog,
	numeric,
	readList,
	readTexts,
	requiredRecord,
	text,
	type JsonRecord,
} from './read';
import type {
	ContactCard,
	MessageDetails,
	MessageInteractive,
	MessageLocation,
	MessageOrder,
	MessageReaction,
	MessageSystem,
} from './types';

function readLocation(location: JsonRecord): MessageLocation {
	return {
		latitude: numeric(field(location, 'latitude')),
		longitude: numeric(field(location, 'longitude')),
		...readTexts(location, { name: 'name', address: 'address', url: 'url' }),
	};
}

function readContactCard(card: JsonRecord, label: string, warnings: NoteLog): ContactCard {
	const name = asRecord(field(card, 'name'));
	const parts = [field(name, 'first_name'), field(name, 'middle_name'), field(name, 'last_name')]
		.map(nonBlankText)
		.filter((part): part is string => part !== null);
	return {
		name:
			nonBlankText(field(name, 'formatted_name')) ?? (parts.length > 0 ? parts.join(' ') : null),
		phones: readList(field(card, 'phones'), `${label}.phones`, warnings, (phone) =>
			readTexts(phone, { phone: 'phone', waId: 'wa_id', type: 'type' }),
		),
		emails: readList(field(card, 'emails'), `${label}.emails`, warnings, (email) =>
			readTexts(email, { email: 'email', type: 'type' }),
		),
	};
}

function readReaction(reaction: JsonRecord): MessageReaction {
	// Meta sends an empty (or no) emoji when the customer removes a reaction.
	return {
		messageId: text(field(reaction, 'message_id')),
		emoji: nonBlankText(field(reaction, 'emoji')),
	};
}

function readInteractive(interactive: JsonRecord): MessageInteractive {
	const type = text(field(interactive, 'type'));
	// The reply sits under a key named after its type: button_reply, list_reply, nfm_reply.
	const reply = type === null ? undefined : asRecord(field(interactive, type));
	return {
		type,
		...readTexts(reply, {
			id: 'id',
			title: 'title',
			description: 'description',
			name: 'name',
			body: 'body',
			responseJson: 'response_json',
		}),
	};
}

function readOrder(order: JsonRecord, warnings: NoteLog): MessageOrder {
	return {
		...readTexts(order, { catalogId: 'catalog_id', text: 'text' }),
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
	['button', (button) => ({ button: readTexts(button, { text: 'text', payload: 'payload' }) })],
	['interactive', (interactive) => ({ interactive: readInteractive(interactive) })],
	['order', (order, warnings) => ({ order: readOrder(order, warnings) })],
	['system', (system) => ({ system: readSystem(system) })],
]);

/** Types this parser does not know give no extras; their text is still guessed. */
export function readTypedDetails(
	type: string | null,
	message: JsonRecord,
	warnings: NoteLog,
): MessageDetails {
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
