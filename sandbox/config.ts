// The run-time settings of one sandbox: their defaults and the one validator
// that start-up options, `configure()` and POST /__sandbox/config all go through.
import { isObject } from './json';

export type ErrorStyle = 'http400' | 'http200';

export interface SandboxConfig {
	/** Delay before every API answer (control endpoints are never delayed). */
	latencyMs: number;
	/** Delay before a token answer instead of latencyMs; null = latencyMs. A fast
	 * login lets tests have refusals of an old token arrive after a renewal. */
	tokenLatencyMs: number | null;
	/** HTTP status carrying error envelopes; 800 Invalid Auth is always 401. */
	errorStyle: ErrorStyle;
	/** Templates move PENDING → APPROVED after N seconds; null = never. */
	autoApproveSeconds: number | null;
	/** Where Meta-shaped webhook payloads are POSTed; null = nowhere. */
	callbackUrl: string | null;
	/** Gap between the sent / delivered / read callbacks of one message. */
	statusDelayMs: number;
	/** When set, callbacks carry X-Hub-Signature-256. */
	callbackSecret: string | null;
	/** Live balance: each accepted message costs 1 and is deducted here. */
	credits: number;
	/** JWT exp - iat. */
	tokenLifetimeSeconds: number;
	/** Added: recipients (country code + mobile) whose messages end `sent` → `failed` (131026). */
	failingRecipients: string[];
	/** Added: when true, a CHAT to a number without an inbound message in the
	 * last 24 h ends `failed` with 131047, like WhatsApp's service window. */
	enforceServiceWindow: boolean;
	/** Verify Now: a code's validity in seconds. The real console allows 20–300; any
	 * positive value is accepted here so tests need not wait (fractions too). */
	otpTimeoutSeconds: number;
	/** Verify Now: accepted sends per number per UTC day; one more answers 800. */
	otpDailyLimit: number;
	/** Verify Now: wrong codes after which a verification is failed (700). */
	otpMaxAttempts: number;
}

export const DEFAULT_CONFIG: SandboxConfig = {
	latencyMs: 0,
	tokenLatencyMs: null,
	errorStyle: 'http400',
	autoApproveSeconds: null,
	callbackUrl: null,
	statusDelayMs: 50,
	callbackSecret: null,
	credits: 1_000_000,
	tokenLifetimeSeconds: 604800,
	failingRecipients: [],
	enforceServiceWindow: false,
	otpTimeoutSeconds: 60,
	otpDailyLimit: 10,
	otpMaxAttempts: 5,
};

/** A copy that shares no array with its source, so a reset cannot be undone by a caller. */
export function cloneConfig(config: SandboxConfig): SandboxConfig {
	return { ...config, failingRecipients: [...config.failingRecipients] };
}

/** Checks a partial config (from tests or the control endpoint) and returns the clean part. */
export function validateConfig(input: unknown): Partial<SandboxConfig> {
	if (!isObject(input) || Array.isArray(input)) {
		throw new Error('config must be an object');
	}
	const src = input;
	const out: Partial<SandboxConfig> = {};
	const nonNegative = (k: string): number => {
		const v = src[k];
		if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
			throw new Error(`${k} must be a non-negative number`);
		}
		return v;
	};
	const wholeNumber = (k: string, min: number): number => {
		const v = src[k];
		if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
			throw new Error(`${k} must be a whole number of at least ${min}`);
		}
		return v;
	};
	const nullableString = (k: string): string | null => {
		const v = src[k];
		if (v !== null && typeof v !== 'string') throw new Error(`${k} must be a string or null`);
		return v === '' ? null : v;
	};
	for (const key of Object.keys(src)) {
		switch (key) {
			case 'latencyMs':
			case 'statusDelayMs':
			case 'credits':
			case 'tokenLifetimeSeconds':
				out[key] = nonNegative(key);
				break;
			case 'autoApproveSeconds':
			case 'tokenLatencyMs':
				out[key] = src[key] === null ? null : nonNegative(key);
				break;
			case 'errorStyle':
				if (src[key] !== 'http400' && src[key] !== 'http200') {
					throw new Error("errorStyle must be 'http400' or 'http200'");
				}
				out.errorStyle = src[key] as ErrorStyle;
				break;
			case 'callbackUrl': {
				const url = nullableString(key);
				if (url !== null) new URL(url); // throws on a malformed URL
				out.callbackUrl = url;
				break;
			}
			case 'callbackSecret':
				out.callbackSecret = nullableString(key);
				break;
			case 'failingRecipients': {
				const v = src[key];
				if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
					throw new Error('failingRecipients must be an array of strings');
				}
				out.failingRecipients = [...(v as string[])];
				break;
			}
			case 'enforceServiceWindow':
				if (typeof src[key] !== 'boolean')
					throw new Error('enforceServiceWindow must be a boolean');
				out.enforceServiceWindow = src[key] as boolean;
				break;
			case 'otpTimeoutSeconds': {
				const v = nonNegative(key);
				if (v === 0) throw new Error('otpTimeoutSeconds must be above 0');
				out.otpTimeoutSeconds = v;
				break;
			}
			case 'otpDailyLimit':
				out.otpDailyLimit = wholeNumber(key, 0);
				break;
			case 'otpMaxAttempts':
				out.otpMaxAttempts = wholeNumber(key, 1);
				break;
			default:
				throw new Error(`unknown config key: ${key}`);
		}
	}
	return out;
}
