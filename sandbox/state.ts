// The simulated account's identity, the records tests read, and the mutable
// state of one sandbox instance. The state object is created once and mutated
// in place (reset included), so a test may keep a reference to `sb.state` for
// the whole run. scripts/e2e reads the identity constants from the compiled
// state.js, so they stay here.
import { type SandboxConfig, cloneConfig } from './config';

export const SANDBOX_CUSTOMER_ID = 'C-5A4DB0C0FFEE001';
/** Well-known demo password; the API `key` is its Base64. */
export const SANDBOX_PASSWORD = 'sandbox-password';
export const SANDBOX_KEY = Buffer.from(SANDBOX_PASSWORD, 'utf8').toString('base64');
/** The WABA number: `phoneNumber` of template calls, `senderId` of send calls. */
export const SANDBOX_SENDER_ID = '919999000001';
/** Meta ids the webhook payloads carry (entry[].id and metadata.phone_number_id). */
export const SANDBOX_WABA_ID = '102290129340398';
export const SANDBOX_PHONE_NUMBER_ID = '106540352242922';

export interface RecordedFile {
	field: string;
	filename: string;
	mimeType: string;
	size: number;
	sha256: string;
	base64: string;
}

export interface ParsedXlsx {
	header: string[];
	rows: string[][];
}

export interface RecordedRequest {
	id: number;
	/** ms since epoch when the request arrived. */
	at: number;
	/** ms since epoch when the answer was written (0 until then): `answeredAt - at` is the sandbox's own time, latency included. */
	answeredAt: number;
	method: string;
	path: string;
	/** Query parameters; the token call's `key` is replaced by 'present'. */
	query: Record<string, string>;
	/** Lower-cased header names (Node); `authtoken` is replaced by 'present'. */
	headers: Record<string, string>;
	fields: Record<string, string>;
	files: RecordedFile[];
	xlsx: ParsedXlsx | null;
	status: number;
	/** `responseCode` of the envelope (`status` for the token answer); null when absent. */
	responseCode: number | null;
	/** The JSON answered (an issued token shows as 'present'). */
	response: unknown;
	/** Set when an injected fault answered this call. */
	fault?: number;
}

export type TemplateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';

export interface TemplateComponent {
	type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
	format?: string;
	text?: string;
	example?: Record<string, unknown>;
	buttons?: TemplateButton[];
}

export interface TemplateButton {
	type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE';
	text: string;
	url?: string;
	phone_number?: string;
	example?: string[];
}

export interface SandboxTemplate {
	id: string;
	name: string;
	language: string;
	category: string;
	status: TemplateStatus;
	components: TemplateComponent[];
	rejected_reason?: string;
	/** The name as the caller sent it, before normalisation. */
	requestedName: string;
	createdAt: number;
}

export interface MessageFile {
	filename: string;
	mimeType: string;
	size: number;
	sha256: string;
}

export interface SandboxMessage {
	wamid: string;
	/** countryCode + mobileNumber: the WhatsApp id callbacks use as recipient_id. */
	to: string;
	countryCode: string;
	mobileNumber: string;
	type: 'CHAT' | 'BROADCAST';
	templateName?: string;
	langId?: string;
	variables?: string[];
	ctaVariables?: string[];
	message?: string;
	file?: MessageFile;
	/** True for rows of a bulk XLSX upload. */
	viaFile: boolean;
	/** 1-based data row (the header is row 0) for bulk uploads. */
	bulkRow?: number;
	/** RecordedRequest.id of the call that created it. */
	requestId: number;
	at: number;
}

/** PENDING until verified, failed (too many wrong codes) or past expiresAt. */
export type VerificationStatus = 'PENDING' | 'VERIFIED' | 'FAILED' | 'EXPIRED';

/** A Verify Now code the sandbox "sent" (docs/message-central-api.md#verify-now-otp-endpoints). */
export interface SandboxVerification {
	/** Digits; a string in the send answer, a number in the validate answer. */
	verificationId: string;
	code: string;
	/** countryCode + mobileNumber. */
	to: string;
	countryCode: string;
	mobileNumber: string;
	channel: 'WHATSAPP' | 'SMS';
	/** ms since epoch. */
	createdAt: number;
	expiresAt: number;
	status: VerificationStatus;
	wrongAttempts: number;
	/** RecordedRequest.id of the send call. */
	requestId: number;
}

export type CallbackKind = 'status' | 'inbound' | 'raw';

export interface CallbackRecord {
	id: number;
	at: number;
	kind: CallbackKind;
	url: string;
	payload: unknown;
	signed: boolean;
	/** HTTP status the callback URL answered; null when it could not be reached. */
	status: number | null;
	error: string | null;
}

export interface FaultRule {
	/** 200, 401, 403, 407, 500, 502 and 504 only with `html`: a proxy's error page, not Message Central's envelope. */
	status: 429 | 503 | 200 | 401 | 403 | 407 | 500 | 502 | 504;
	count: number;
	retryAfter?: number;
	path?: string;
	/** Answer an HTML error page (as a proxy or gateway in front of the API would) instead of JSON. */
	html?: boolean;
	/** Cut the connection instead of answering (a network failure; `status` is then only recorded). */
	drop?: boolean;
	/** With `drop`: carry the call out first (a message is sent, a code issued), then cut the connection. */
	processed?: boolean;
}

export interface SandboxState {
	config: SandboxConfig;
	requests: RecordedRequest[];
	/** Calls to the token endpoint, whatever their outcome. */
	tokenRequests: number;
	/** Tokens handed out. */
	tokensIssued: number;
	inFlight: number;
	maxInFlight: number;
	/** id → template (a plain object so that it serialises as is). */
	templates: Record<string, SandboxTemplate>;
	messages: SandboxMessage[];
	callbacks: CallbackRecord[];
	faults: FaultRule[];
	/** WhatsApp id → ms of its last inbound message (service window). */
	lastInboundAt: Record<string, number>;
	/** Verify Now codes in send order. */
	verifications: SandboxVerification[];
}

export function createState(config: SandboxConfig): SandboxState {
	return {
		config: cloneConfig(config),
		requests: [],
		tokenRequests: 0,
		tokensIssued: 0,
		inFlight: 0,
		maxInFlight: 0,
		templates: {},
		messages: [],
		callbacks: [],
		faults: [],
		lastInboundAt: {},
		verifications: [],
	};
}

/** Back to a fresh state without replacing the object (inFlight is live, so kept). */
export function resetState(state: SandboxState, config: SandboxConfig): void {
	state.config = cloneConfig(config);
	state.requests.length = 0;
	state.tokenRequests = 0;
	state.tokensIssued = 0;
	state.maxInFlight = state.inFlight;
	for (const id of Object.keys(state.templates)) delete state.templates[id];
	state.messages.length = 0;
	state.callbacks.length = 0;
	state.faults.length = 0;
	for (const k of Object.keys(state.lastInboundAt)) delete state.lastInboundAt[k];
	state.verifications.length = 0;
}
