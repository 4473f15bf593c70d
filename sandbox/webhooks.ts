// Builders of Meta-shaped webhook payloads (the shape Message Central forwards):
// outbound statuses and every inbound message type a trigger must handle.
import { createHash, randomBytes } from 'node:crypto';
import { SANDBOX_PHONE_NUMBER_ID, SANDBOX_SENDER_ID, SANDBOX_WABA_ID } from './state';

export type StatusValue = 'sent' | 'delivered' | 'read' | 'failed' | 'deleted';

export const INBOUND_TYPES = [
	'text',
	'image',
	'audio',
	'video',
	'document',
	'sticker',
	'location',
	'contacts',
	'interactive',
	'button',
	'reaction',
	'order',
	'system',
	'request_welcome',
	'unknown',
	'unsupported',
] as const;
export type InboundType = (typeof INBOUND_TYPES)[number];
export const INTERACTIVE_TYPES = ['button_reply', 'list_reply', 'nfm_reply'] as const;
export type InteractiveType = (typeof INTERACTIVE_TYPES)[number];

export interface MetaError {
	code: number;
	title: string;
	message: string;
	error_data: { details: string };
	href?: string;
}

/** The WhatsApp errors users meet (FACTS.md), with Meta's titles. */
export const META_ERRORS: Record<number, { title: string; details: string }> = {
	131047: {
		title: 'Re-engagement message',
		details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	},
	131026: { title: 'Message undeliverable', details: 'Message Undeliverable.' },
	131056: {
		title: '(Business Account, Consumer Account) pair rate limit hit',
		details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
	},
	130429: {
		title: 'Rate limit hit',
		details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time.',
	},
	132000: {
		title: 'Number of parameters does not match the expected number of params',
		details: 'body: number of localizable_params (1) does not match the expected number of params (2)',
	},
	131051: { title: 'Unsupported message type', details: 'Message type is currently not supported.' },
};

export function metaError(code: number, details?: string): MetaError {
	const known = META_ERRORS[code] ?? { title: 'Unknown error', details: 'Unknown error.' };
	return {
		code,
		title: known.title,
		message: known.title,
		error_data: { details: details ?? known.details },
		href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
	};
}

export interface WebhookPayload {
	object: 'whatsapp_business_account';
	entry: Array<{
		id: string;
		changes: Array<{ value: Record<string, unknown>; field: 'messages' }>;
	}>;
}

/** Wraps one value object in the notification envelope. */
export function wrapValue(value: Record<string, unknown>): WebhookPayload {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: SANDBOX_WABA_ID,
				changes: [
					{
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: SANDBOX_SENDER_ID, phone_number_id: SANDBOX_PHONE_NUMBER_ID },
							...value,
						},
						field: 'messages',
					},
				],
			},
		],
	};
}

export function unixSeconds(ms = Date.now()): string {
	return String(Math.floor(ms / 1000));
}

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
		// The document: expiration_timestamp is only present with `sent`.
		if (input.status === 'sent') conversation.expiration_timestamp = unixSeconds(at + 24 * 3600 * 1000);
		status.conversation = conversation;
		status.pricing = { billable: category !== 'service', pricing_model: 'CBP', category };
	}
	return wrapValue({ statuses: [status] });
}

/** Stable per recipient, so all statuses of one conversation share it. */
export function conversationIdFor(recipientId: string): string {
	return createHash('sha256').update(`conversation:${recipientId}`).digest('hex').slice(0, 32);
}

export interface InboundInput {
	type: InboundType | InteractiveType;
	/** Customer WhatsApp id; default 919876543210. */
	from?: string;
	/** Profile name; default 'Sandbox User'. */
	name?: string;
	/** Message id; default a fresh wamid. */
	id?: string;
	/** ms since epoch; default now. */
	at?: number;
	/** text body, or caption for media, or the order text. */
	text?: string;
	caption?: string;
	filename?: string;
	mimeType?: string;
	mediaId?: string;
	animated?: boolean;
	voice?: boolean;
	latitude?: number;
	longitude?: number;
	locationName?: string;
	address?: string;
	/** Reply to this wamid (context.id); also the reacted message for `reaction`. */
	contextId?: string;
	/** interactive: which reply (when type is 'interactive'); default button_reply. */
	interactiveType?: InteractiveType;
	replyId?: string;
	replyTitle?: string;
	replyDescription?: string;
	/** nfm_reply response_json (a JSON string, as Meta sends it). */
	responseJson?: string;
	buttonText?: string;
	buttonPayload?: string;
	emoji?: string;
	contacts?: Array<Record<string, unknown>>;
	catalogId?: string;
	productItems?: Array<Record<string, unknown>>;
	systemBody?: string;
	newWaId?: string;
	/** Shallow-merged into the built message object last (anything Meta may add). */
	message?: Record<string, unknown>;
}

export const DEFAULT_INBOUND_FROM = '919876543210';

export function newWamid(to: string): string {
	// Same layout as real wamids: protobuf-ish bytes around the recipient and a random id.
	const inner = Buffer.concat([
		Buffer.from([0x1c, 0x18, to.length]),
		Buffer.from(to, 'latin1'),
		Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]),
		Buffer.from(randomBytes(9).toString('hex').toUpperCase(), 'latin1'),
		Buffer.from([0x00]),
	]);
	return `wamid.${inner.toString('base64')}`;
}

function mediaObject(input: InboundInput, defaults: { mime: string; filename?: string }): Record<string, unknown> {
	const id = input.mediaId ?? String(1000000000000000 + Math.floor(Math.random() * 8999999999999999));
	const media: Record<string, unknown> = {};
	const caption = input.caption ?? input.text;
	if (caption !== undefined) media.caption = caption;
	if (input.filename ?? defaults.filename) media.filename = input.filename ?? defaults.filename;
	media.mime_type = input.mimeType ?? defaults.mime;
	media.sha256 = createHash('sha256').update(id).digest('base64');
	media.id = id;
	return media;
}

export function buildInboundMessage(input: InboundInput): Record<string, unknown> {
	const from = input.from ?? DEFAULT_INBOUND_FROM;
	let type: InboundType = input.type as InboundType;
	let interactiveType = input.interactiveType;
	if ((INTERACTIVE_TYPES as readonly string[]).includes(input.type)) {
		type = 'interactive';
		interactiveType = input.type as InteractiveType;
	}
	if (!(INBOUND_TYPES as readonly string[]).includes(type)) {
		throw new Error(`unknown inbound type: ${String(input.type)}`);
	}
	const msg: Record<string, unknown> = {
		from,
		id: input.id ?? newWamid(from),
		timestamp: unixSeconds(input.at),
		type,
	};
	// Replies to a business message (buttons, interactive replies) carry context.
	const replyContext = input.contextId ?? (type === 'interactive' || type === 'button' ? newWamid(from) : undefined);
	if (replyContext !== undefined && type !== 'reaction') {
		msg.context = { from: SANDBOX_SENDER_ID, id: replyContext };
	}
	switch (type) {
		case 'text':
			msg.text = { body: input.text ?? 'Hello from the sandbox' };
			break;
		case 'image':
			msg.image = mediaObject(input, { mime: 'image/jpeg' });
			break;
		case 'audio': {
			const audio = mediaObject({ ...input, caption: undefined, text: undefined }, { mime: 'audio/ogg; codecs=opus' });
			audio.voice = input.voice ?? true;
			msg.audio = audio;
			break;
		}
		case 'video':
			msg.video = mediaObject(input, { mime: 'video/mp4' });
			break;
		case 'document':
			msg.document = mediaObject(input, { mime: 'application/pdf', filename: 'document.pdf' });
			break;
		case 'sticker': {
			const sticker = mediaObject({ ...input, caption: undefined, text: undefined }, { mime: 'image/webp' });
			sticker.animated = input.animated ?? false;
			msg.sticker = sticker;
			break;
		}
		case 'location': {
			const location: Record<string, unknown> = {
				latitude: input.latitude ?? 19.076,
				longitude: input.longitude ?? 72.8777,
			};
			if (input.locationName !== undefined) location.name = input.locationName;
			if (input.address !== undefined) location.address = input.address;
			msg.location = location;
			break;
		}
		case 'contacts':
			msg.contacts = input.contacts ?? [
				{
					name: { formatted_name: 'Asha Rao', first_name: 'Asha', last_name: 'Rao' },
					phones: [{ phone: '+91 98765 00000', wa_id: '919876500000', type: 'CELL' }],
				},
			];
			break;
		case 'interactive':
			msg.interactive = buildInteractive(input, interactiveType ?? 'button_reply');
			break;
		case 'button':
			msg.button = { payload: input.buttonPayload ?? 'STOP', text: input.buttonText ?? 'Stop promotions' };
			break;
		case 'reaction':
			msg.reaction = { message_id: input.contextId ?? newWamid(from), emoji: input.emoji ?? '\u{1F44D}' };
			break;
		case 'order': {
			const order: Record<string, unknown> = {
				catalog_id: input.catalogId ?? '1234567890',
				product_items: input.productItems ?? [
					{ product_retailer_id: 'SKU-1', quantity: 2, item_price: 199.5, currency: 'INR' },
				],
			};
			if (input.text !== undefined) order.text = input.text;
			msg.order = order;
			break;
		}
		case 'system': {
			const newWaId = input.newWaId ?? '919876500001';
			msg.system = {
				body: input.systemBody ?? `User ${input.name ?? 'Sandbox User'} changed from ${from} to ${newWaId}`,
				wa_id: newWaId,
				type: 'user_changed_number',
			};
			break;
		}
		case 'request_welcome':
			break;
		case 'unknown':
			msg.errors = [{ code: 131051, title: 'Message type unknown', details: 'Message type is not currently supported' }];
			break;
		case 'unsupported':
			msg.errors = [metaError(131051)];
			break;
	}
	return { ...msg, ...(input.message ?? {}) };
}

function buildInteractive(input: InboundInput, kind: InteractiveType): Record<string, unknown> {
	switch (kind) {
		case 'button_reply':
			return { type: kind, button_reply: { id: input.replyId ?? 'btn_yes', title: input.replyTitle ?? 'Yes' } };
		case 'list_reply':
			return {
				type: kind,
				list_reply: {
					id: input.replyId ?? 'row_1',
					title: input.replyTitle ?? 'First option',
					description: input.replyDescription ?? 'The first row of the list',
				},
			};
		case 'nfm_reply':
			return {
				type: kind,
				nfm_reply: {
					response_json: input.responseJson ?? JSON.stringify({ flow_token: 'sandbox-flow-token', rating: '5' }),
					body: 'Sent',
					name: 'flow',
				},
			};
	}
}

/** A full inbound notification: contacts[] + messages[] (system messages carry no contact, like Meta's). */
export function buildInboundPayload(input: InboundInput): WebhookPayload {
	const message = buildInboundMessage(input);
	const value: Record<string, unknown> = {};
	if (message.type !== 'system') {
		value.contacts = [{ profile: { name: input.name ?? 'Sandbox User' }, wa_id: String(message.from) }];
	}
	value.messages = [message];
	return wrapValue(value);
}
