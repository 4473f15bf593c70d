// Inbound notifications: a Meta-shaped message of every type a trigger must
// handle, with plausible defaults for each field, so tests can drive a trigger
// without WhatsApp.
import { createHash } from 'node:crypto';
import { metaError } from './meta-errors';
import { SANDBOX_SENDER_ID } from './state';
import { type WebhookPayload, newWamid, unixSeconds, wrapValue } from './webhook-envelope';

/** Every inbound message type of docs/whatsapp.md; the sandbox tests build each one. */
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

/** Per media type: Meta's default MIME type, and whether it may carry a caption. */
const MEDIA_KINDS = {
	image: { mime: 'image/jpeg', captioned: true },
	audio: { mime: 'audio/ogg; codecs=opus', captioned: false },
	video: { mime: 'video/mp4', captioned: true },
	document: { mime: 'application/pdf', filename: 'document.pdf', captioned: true },
	sticker: { mime: 'image/webp', captioned: false },
};
type MediaKind = { mime: string; filename?: string; captioned: boolean };

function mediaObject(input: InboundInput, kind: MediaKind): Record<string, unknown> {
	// Sixteen digits, like Meta's media ids.
	const id =
		input.mediaId ?? String(1000000000000000 + Math.floor(Math.random() * 8999999999999999));
	const media: Record<string, unknown> = {};
	// Audio and stickers never carry a caption, even when the input has text.
	const caption = kind.captioned ? (input.caption ?? input.text) : undefined;
	if (caption !== undefined) media.caption = caption;
	if (input.filename ?? kind.filename) media.filename = input.filename ?? kind.filename;
	media.mime_type = input.mimeType ?? kind.mime;
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
	const isReply = type === 'interactive' || type === 'button';
	const replyContext = input.contextId ?? (isReply ? newWamid(from) : undefined);
	if (replyContext !== undefined && type !== 'reaction') {
		msg.context = { from: SANDBOX_SENDER_ID, id: replyContext };
	}
	switch (type) {
		case 'text':
			msg.text = { body: input.text ?? 'Hello from the sandbox' };
			break;
		case 'image':
		case 'video':
		case 'document':
			msg[type] = mediaObject(input, MEDIA_KINDS[type]);
			break;
		case 'audio':
			msg.audio = { ...mediaObject(input, MEDIA_KINDS.audio), voice: input.voice ?? true };
			break;
		case 'sticker':
			msg.sticker = {
				...mediaObject(input, MEDIA_KINDS.sticker),
				animated: input.animated ?? false,
			};
			break;
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
			msg.button = {
				payload: input.buttonPayload ?? 'STOP',
				text: input.buttonText ?? 'Stop promotions',
			};
			break;
		case 'reaction':
			msg.reaction = {
				message_id: input.contextId ?? newWamid(from),
				emoji: input.emoji ?? '\u{1F44D}',
			};
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
			const name = input.name ?? 'Sandbox User';
			msg.system = {
				body: input.systemBody ?? `User ${name} changed from ${from} to ${newWaId}`,
				wa_id: newWaId,
				type: 'user_changed_number',
			};
			break;
		}
		case 'request_welcome':
			break;
		case 'unknown':
			// Meta's older, flatter error shape for a type it does not know at all.
			msg.errors = [
				{
					code: 131051,
					title: 'Message type unknown',
					details: 'Message type is not currently supported',
				},
			];
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
			return {
				type: kind,
				button_reply: { id: input.replyId ?? 'btn_yes', title: input.replyTitle ?? 'Yes' },
			};
		case 'list_reply':
			return {
				type: kind,
				list_reply: {
					id: input.replyId ?? 'row_1',
					title: input.replyTitle ?? 'First option',
					description: input.replyDescription ?? 'The first row of the list',
				},
			};
		case 'nfm_reply': {
			const flowAnswer = { flow_token: 'sandbox-flow-token', rating: '5' };
			return {
				type: kind,
				nfm_reply: {
					response_json: input.responseJson ?? JSON.stringify(flowAnswer),
					body: 'Sent',
					name: 'flow',
				},
			};
		}
	}
}

/**
 * A full inbound notification: contacts[] + messages[] (system messages carry
 * no contact, like Meta's).
 */
export function buildInboundPayload(input: InboundInput): WebhookPayload {
	const message = buildInboundMessage(input);
	const value: Record<string, unknown> = {};
	if (message.type !== 'system') {
		const profile = { name: input.name ?? 'Sandbox User' };
		value.contacts = [{ profile, wa_id: String(message.from) }];
	}
	value.messages = [message];
	return wrapValue(value);
}
