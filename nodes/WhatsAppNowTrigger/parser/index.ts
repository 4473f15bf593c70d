/**
 * Pure parsing of WhatsApp (Meta) webhook notifications for the WhatsApp Now
 * Trigger. No n8n imports, so it is unit-tested and benchmarked on its own.
 */
export { parseNotification, WHATSAPP_OBJECT, MAX_SKIPPED_NOTES } from './parseNotification';
export { eventFilter, selectEvents, type EventSelection } from './filters';
export { verifySignature, tokensEqual } from './security';
export { EVENT_KINDS, STATUS_KINDS } from './types';
export type {
	BusinessMetadata,
	ContactCard,
	ErrorEvent,
	EventAnnotations,
	EventKind,
	MessageButton,
	MessageContext,
	MessageDetails,
	MessageEvent,
	MessageInteractive,
	MessageLocation,
	MessageMedia,
	MessageOrder,
	MessageReaction,
	MessageReferral,
	MessageSystem,
	OrderProduct,
	ParseFailure,
	ParseOptions,
	ParseResult,
	ParseSuccess,
	StatusConversation,
	StatusEvent,
	StatusKind,
	StatusPricing,
	WebhookError,
	WebhookEvent,
} from './types';
