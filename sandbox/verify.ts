// Verify Now, Message Central's one-time-password product, on the same host and
// token as WhatsApp Now: send a code, check it, and the controls that let tests
// and users read or expire a code (docs/message-central-api.md#verify-now-otp-endpoints).
import { randomInt } from 'node:crypto';
import { type ApiCall, param } from './call';
import { type ApiAnswer, VERIFY_LIMIT_MESSAGE, failure, success } from './envelope';
import type { Runtime } from './runtime';
import { isCountryCode, isMobile } from './send';
import type { SandboxVerification } from './state';

/** `otpLength`: documented as 4 to 8 digits, 4 when absent. */
export const OTP_LENGTH = { min: 4, max: 8, default: 4 } as const;

/**
 * Ids are digits (the send answer's string, the validate answer's number) and
 * sequential from here so runs are reproducible, like template ids.
 */
const FIRST_VERIFICATION_ID = 3_100_001;

/**
 * The send endpoint is shared with WhatsApp Now: Verify Now's documented call
 * carries no `type` (some clients send `type=OTP`); CHAT/BROADCAST are WhatsApp Now's.
 */
export function isOtpSend(call: ApiCall): boolean {
	const type = param(call, 'type')?.trim();
	return type === undefined || type === 'OTP';
}

/** A pending code past its expiry becomes EXPIRED (checked on every use, and by a timer). */
function refresh(v: SandboxVerification, now = Date.now()): SandboxVerification {
	if (v.status === 'PENDING' && now >= v.expiresAt) v.status = 'EXPIRED';
	return v;
}

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function newCode(length: number): string {
	// Leading zeros included, as any real code may have them.
	return Array.from({ length }, () => String(randomInt(10))).join('');
}

/** POST /verification/v3/send without `type` (or `type=OTP`). */
export function sendOtp(call: ApiCall): ApiAnswer {
	const { rt } = call;
	const style = rt.config.errorStyle;
	const channel = param(call, 'flowType')?.trim();
	if (channel !== 'WHATSAPP' && channel !== 'SMS') return failure(style, 400);
	const countryCode = param(call, 'countryCode')?.trim();
	if (!isCountryCode(countryCode)) return failure(style, 511);
	const mobileNumber = param(call, 'mobileNumber')?.trim();
	if (!isMobile(mobileNumber)) return failure(style, 400);
	const lengthText = param(call, 'otpLength')?.trim() ?? String(OTP_LENGTH.default);
	const otpLength = /^\d{1,2}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
	if (!(otpLength >= OTP_LENGTH.min && otpLength <= OTP_LENGTH.max)) return failure(style, 400);
	// Balance before limits: Message Central's console reports 508 for any send it cannot pay.
	if (rt.config.credits < 1) return failure(style, 508);

	const now = Date.now();
	const to = countryCode + mobileNumber;
	const previous = rt.state.verifications.filter((v) => v.to === to).map((v) => refresh(v, now));
	// The real window and count are unpublished; a per-number UTC day is the sandbox's choice.
	const today = previous.filter((v) => utcDay(v.createdAt) === utcDay(now));
	if (today.length >= rt.config.otpDailyLimit) return failure(style, 800, VERIFY_LIMIT_MESSAGE);
	// One live code per number: clients treat 506 as a cooldown until it expires.
	if (previous.some((v) => v.status === 'PENDING')) return failure(style, 506);

	const timeout = rt.config.otpTimeoutSeconds;
	const verification: SandboxVerification = {
		verificationId: String(FIRST_VERIFICATION_ID + rt.state.verifications.length),
		code: newCode(otpLength),
		to,
		countryCode,
		mobileNumber,
		channel,
		createdAt: now,
		expiresAt: now + timeout * 1000,
		status: 'PENDING',
		wrongAttempts: 0,
		requestId: call.record.id,
	};
	rt.state.verifications.push(verification);
	rt.config.credits -= 1;
	// Keeps state.verifications true for readers between calls; a timer may fire a
	// millisecond early, so it expires the code outright rather than via refresh().
	rt.later(timeout * 1000, () => {
		if (verification.status === 'PENDING') verification.status = 'EXPIRED';
	});
	return success({
		verificationId: verification.verificationId,
		mobileNumber,
		responseCode: '200',
		errorMessage: null,
		timeout: String(timeout),
		smsCLI: null,
		transactionId: null,
	});
}

/** GET /verification/v3/validateOtp. */
export function validateOtp(call: ApiCall): ApiAnswer {
	const { rt } = call;
	const style = rt.config.errorStyle;
	const verificationId = param(call, 'verificationId')?.trim();
	const code = param(call, 'code')?.trim();
	if (!verificationId || !code) return failure(style, 400);
	const v = rt.state.verifications.find((x) => x.verificationId === verificationId);
	if (!v) return failure(style, 505);
	// The number is optional (most clients omit it); when given it must be the code's.
	const countryCode = param(call, 'countryCode')?.trim();
	const mobileNumber = param(call, 'mobileNumber')?.trim();
	if (countryCode && mobileNumber && countryCode + mobileNumber !== v.to) {
		return failure(style, 700);
	}
	switch (refresh(v).status) {
		case 'VERIFIED':
			return failure(style, 703);
		case 'FAILED':
			return failure(style, 700);
		case 'EXPIRED':
			return failure(style, 705);
		case 'PENDING':
			break;
	}
	if (code !== v.code) {
		v.wrongAttempts += 1;
		// The attempt that reaches the cap still answers 702; the next ones answer 700.
		if (v.wrongAttempts >= rt.config.otpMaxAttempts) v.status = 'FAILED';
		return failure(style, 702);
	}
	v.status = 'VERIFIED';
	return success({
		// A number here, a string in the send answer: the real API does that.
		verificationId: Number(v.verificationId),
		mobileNumber: v.mobileNumber,
		verificationStatus: 'VERIFICATION_COMPLETED',
		responseCode: '200',
		errorMessage: null,
		transactionId: null,
		authToken: null,
	});
}

// ---- controls (GET /__sandbox/otp, POST /__sandbox/otp/expire, Sandbox methods)

/** What GET /__sandbox/otp answers: the code a person would have received. */
export interface OtpView {
	verificationId: string;
	code: string;
	to: string;
	countryCode: string;
	mobileNumber: string;
	channel: SandboxVerification['channel'];
	status: SandboxVerification['status'];
	/** ISO 8601. */
	expiresAt: string;
}

function view(v: SandboxVerification): OtpView {
	const { verificationId, code, to, countryCode, mobileNumber, channel, status } = refresh(v);
	const expiresAt = new Date(v.expiresAt).toISOString();
	return { verificationId, code, to, countryCode, mobileNumber, channel, status, expiresAt };
}

/** `+91 98765-43210` and `919876543210` name the same number. */
const digitsOf = (to: string): string => to.replace(/[\s+\-().]/g, '');

function lastTo(rt: Runtime, to: string): SandboxVerification | undefined {
	const wanted = digitsOf(to);
	const list = rt.state.verifications;
	// A loop, not findLast(): the project's lib is es2022.
	for (let i = list.length - 1; i >= 0; i--) if (list[i].to === wanted) return list[i];
	return undefined;
}

/** The last code sent to `to` (country code + mobile number), or null. */
export function lastOtp(rt: Runtime, to: string): OtpView | null {
	const v = lastTo(rt, to);
	return v ? view(v) : null;
}

/**
 * Makes a verification (by id, else the last one sent to that number) expire
 * now, so tests need not wait out its timeout. Null when there is none.
 */
export function expireOtp(rt: Runtime, idOrTo: string): OtpView | null {
	const key = idOrTo.trim();
	const v = rt.state.verifications.find((x) => x.verificationId === key) ?? lastTo(rt, key);
	if (!v) return null;
	const now = Date.now();
	v.expiresAt = Math.min(v.expiresAt, now);
	return view(refresh(v, now));
}
