/**
 * Output shapes of the WhatsApp Now Trigger. The field names are a public
 * contract (docs/public-contract.md#trigger-output): users' saved workflows
 * read them in expressions, so a rename silently breaks those workflows. Add
 * fields freely; never rename or remove one.
 *
 * These are `type` aliases rather than interfaces on purpose: aliases get an
 * implicit index signature, so an event is assignable to n8n's `IDataObject`
 * without a cast.
 */

/** Values of the trigger's `events` parameter. */
export type EventKind = 'messages' | 'statuses' | 'errors';

/** Values of the trigger's `statuses` parameter (Meta's status values). */
export type StatusKind = 'sent' | 'delivered' | 'read' | 'failed' | 'deleted';

export const EVENT_KINDS: readonly EventKind[] = ['messages', 'statuses', 'errors'];
export const STATUS_KINDS: readonly StatusKind[] = [
	'sent',
	'delivered',
	'read',
	'failed',
	'deleted',
];

/** Which business number and account a notification concerns (from `metadata` and `entry.id`). */
export type BusinessMetadata = {
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	businessAccountId: string | null;
};

/** Meta's error object with the v15 and v16+ variants folded into one shape. */
export type WebhookError = {
	code: number | null;
	title: string | null;
	/** v16+ `message`; v15 payloads have none, so the title stands in (Meta says they are equal). */
	message: string | null;
	/** `error_data.details` (v16+), else null. */
	details: string | null;
	/** What to do, in a sentence, for the codes users meet (errorHints.ts); null for others. */
	hint: string | null;
};

export type MessageMedia = {
	id: string | null;
	mimeType: string | null;
	sha256: string | null;
	caption: string | null;
	filename: string | null;
	animated: boolean | null;
	/** Only on audio that Meta marks as a voice note. */
	voice?: boolean;
};

export type MessageContext = {
	from: string | null;
	id: string | null;
	forwarded?: boolean;
	frequentlyForwarded?: boolean;
	referredProduct?: { catalogId: string | null; productRetailerId: string | null };
};

export type MessageLocation = {
	latitude: number | null;
	longitude: number | null;
	name: string | null;
	address: string | null;
	url: string | null;
};

export type ContactCard = {
	name: string | null;
	phones: Array<{ phone: string | null; waId: string | null; type: string | null }>;
	emails: Array<{ email: string | null; type: string | null }>;
};

export type MessageReaction = { messageId: string | null; emoji: string | null };

export type MessageButton = { text: string | null; payload: string | null };

/** `button_reply`, `list_reply` and `nfm_reply` flattened; fields a reply kind lacks are null. */
export type MessageInteractive = {
	type: string | null;
	id: string | null;
	title: string | null;
	description: string | null;
	name: string | null;
	body: string | null;
	/** nfm_reply (WhatsApp Flows) answer, left as the JSON text Meta sends. */
	responseJson: string | null;
};

export type OrderProduct = {
	productRetailerId: string | null;
	quantity: number | null;
	itemPrice: number | null;
	currency: string | null;
};

export type MessageOrder = {
	catalogId: string | null;
	text: string | null;
	products: OrderProduct[];
};

export type MessageSystem = {
	type: string | null;
	body: string | null;
	waId: string | null;
	identity: string | null;
	customer: string | null;
};

export type MessageReferral = {
	sourceUrl: string | null;
	sourceId: string | null;
	sourceType: string | null;
	headline: string | null;
	body: string | null;
	mediaType: string | null;
	imageUrl: string | null;
	videoUrl: string | null;
	thumbnailUrl: string | null;
	ctwaClid: string | null;
};

/** Type-specific extras: a key is present only when the message carries that part. */
export type MessageDetails = {
	location?: MessageLocation;
	contacts?: ContactCard[];
	reaction?: MessageReaction;
	button?: MessageButton;
	interactive?: MessageInteractive;
	order?: MessageOrder;
	system?: MessageSystem;
	referral?: MessageReferral;
	errors?: WebhookError[];
};

/** Present only when relevant, so clean payloads produce lean items. */
export type EventAnnotations = {
	/** What could not be read from this object (missing or mistyped fields). */
	warnings?: string[];
	/** The untouched source object, with `includeRaw`. */
	raw?: Record<string, unknown>;
};

export type MessageEvent = {
	event: 'message';
	messageId: string | null;
	from: string | null;
	name: string | null;
	type: string | null;
	text: string | null;
	/**
	 * What n8n's AI Agent reads as the prompt by default: the text, caption or
	 * button title, else a short description such as "[image]".
	 */
	chatInput: string;
	/** The customer's number (`from`): the key Simple Memory reads by default, one conversation per customer. */
	sessionId: string | null;
	timestamp: string | null;
	context: MessageContext | null;
	media: MessageMedia | null;
	/** Set by the trigger (webhook/optOut.ts): the whole text or button title is a Stop Keyword. */
	optOut?: boolean;
	/** Set by the trigger: the whole text or button title is a Resume Keyword. */
	optIn?: boolean;
} & BusinessMetadata &
	MessageDetails &
	EventAnnotations;

export type StatusConversation = {
	id: string | null;
	/** Meta's `origin.type`: authentication, marketing, utility, service, … */
	originType: string | null;
	/** ISO 8601; Meta sends it with `sent` statuses only. */
	expirationTimestamp: string | null;
};

export type StatusPricing = {
	billable: boolean | null;
	pricingModel: string | null;
	category: string | null;
	type: string | null;
};

export type StatusEvent = {
	event: 'status';
	messageId: string | null;
	status: string | null;
	recipientId: string | null;
	timestamp: string | null;
	conversation: StatusConversation | null;
	pricing: StatusPricing | null;
	errors: WebhookError[];
} & BusinessMetadata & { bizOpaqueCallbackData?: string } & EventAnnotations;

export type ErrorEvent = {
	event: 'error';
} & WebhookError &
	BusinessMetadata &
	EventAnnotations;

export type WebhookEvent = MessageEvent | StatusEvent | ErrorEvent;

export type ParseOptions = {
	/** Add the untouched source object to each event as `raw`. */
	includeRaw?: boolean;
};

export type ParseSuccess = {
	ok: true;
	/** One event per message, status and error object, in payload order. */
	events: WebhookEvent[];
	/** Why parts of the body produced no event; capped, see `skippedCount`. */
	skipped: string[];
	/** Total number of skipped parts, including those the capped list leaves out. */
	skippedCount: number;
};

/** The body is not a WhatsApp Business Account notification at all: answer 400. */
export type ParseFailure = {
	ok: false;
	reason: string;
	events: WebhookEvent[];
	skipped: string[];
	skippedCount: number;
};

export type ParseResult = ParseSuccess | ParseFailure;

/** Per-change facts every event builder needs. */
export type ChangeContext = {
	metadata: BusinessMetadata;
	/** Sender's profile name for a `from` id, from the change's `contacts[]`. */
	contactName: (from: string | null) => string | null;
	includeRaw: boolean;
};
