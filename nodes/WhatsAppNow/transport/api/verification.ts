// One-time passwords: Message Central's Verify Now product, on the same host and
// token as WhatsApp Now (docs/message-central-api.md#verify-now-otp-endpoints).
import type { IDataObject } from 'n8n-workflow';

import type { Recipient } from '../../helpers/phone/phoneNumber';
import type { MessageCentralClient } from '../client';
import { SEND_PATH } from './messages';

export const VALIDATE_PATH = '/verification/v3/validateOtp';

export type VerificationChannel = 'WHATSAPP' | 'SMS';

export interface CodeRequest {
	recipient: Recipient;
	channel: VerificationChannel;
	/** 4 to 8 digits; Message Central's default is 4. */
	codeLength: number;
}

export interface SentCode {
	/** A string in this answer (a number in the validation answer): kept as text. */
	verificationId: string | null;
	/** The code's validity, set in Message Central's console (60 s unless changed). */
	expiresInSeconds: number | null;
	response: IDataObject;
}

/** Sends a code; Message Central writes and delivers the message itself. */
export async function sendVerificationCode(
	client: MessageCentralClient,
	{ recipient, channel, codeLength }: CodeRequest,
	itemIndex: number,
): Promise<SentCode> {
	const response = await client.request<IDataObject>({
		method: 'POST',
		path: SEND_PATH,
		// No `type` here: the documented OTP call carries none; WhatsApp Now's calls do.
		qs: {
			flowType: channel,
			countryCode: recipient.countryCode,
			mobileNumber: recipient.mobileNumber,
			otpLength: codeLength,
		},
		itemIndex,
		errorContext: { to: recipient.to, channel, effect: 'code' },
	});
	const data = response?.data as IDataObject | undefined;
	const id = data?.verificationId;
	const timeout = Number(data?.timeout);
	return {
		verificationId: id === undefined || id === null || id === '' ? null : String(id),
		expiresInSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : null,
		response,
	};
}

export type VerificationStatus =
	| 'VERIFICATION_COMPLETED'
	| 'WRONG_CODE'
	| 'EXPIRED'
	| 'ALREADY_VERIFIED'
	| 'FAILED';

/** Codes that are the person's doing, not a failed call: the check answers "not verified". */
const NOT_VERIFIED: Record<number, VerificationStatus> = {
	700: 'FAILED',
	702: 'WRONG_CODE',
	703: 'ALREADY_VERIFIED',
	705: 'EXPIRED',
};

export interface CodeCheck {
	verificationId: string;
	code: string;
	/** Sent when known: Message Central's own samples include it, most clients leave it out. */
	recipient?: Recipient;
}

export async function checkVerificationCode(
	client: MessageCentralClient,
	{ verificationId, code, recipient }: CodeCheck,
	itemIndex: number,
): Promise<{ status: VerificationStatus; verified: boolean; response: IDataObject }> {
	const qs: IDataObject = { verificationId, code };
	if (recipient) {
		qs.countryCode = recipient.countryCode;
		qs.mobileNumber = recipient.mobileNumber;
	}
	// GET: the documents also name POST, but GET is what Message Central answers.
	const response = await client.request<IDataObject>({
		method: 'GET',
		path: VALIDATE_PATH,
		qs,
		itemIndex,
		answerCodes: Object.keys(NOT_VERIFIED).map(Number),
		errorContext: { verificationId, to: recipient?.to, effect: 'check' },
	});
	const data = response?.data as IDataObject | undefined;
	const completed =
		String(data?.verificationStatus ?? '').toUpperCase() === 'VERIFICATION_COMPLETED';
	// Only VERIFICATION_COMPLETED is attested as success; any other answer is a failure.
	const status =
		NOT_VERIFIED[Number(response?.responseCode)] ??
		(completed ? 'VERIFICATION_COMPLETED' : 'FAILED');
	return { status, verified: status === 'VERIFICATION_COMPLETED', response };
}
