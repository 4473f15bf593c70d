// Answers of the simulated API: the `{responseCode, message, data}` envelope
// and the exact messages of Message Central's document, which tests compare
// verbatim (docs/message-central-api.md#response-codes).
import type { ErrorStyle } from './config';

export const MESSAGES = {
	400: 'BAD_REQUEST',
	404: 'NOT_FOUND',
	405: 'METHOD_NOT_ALLOWED',
	409: 'DUPLICATE_RESOURCE',
	501: 'INVALID_CUSTOMER_ID',
	// Verify Now (docs/message-central-api.md#response-codes, "VN"). 508's exact
	// text is not published (the console says "insufficient balance").
	505: 'INVALID_VERIFICATION_ID',
	506: 'REQUEST_ALREADY_EXISTS',
	508: 'INSUFFICIENT_BALANCE',
	511: 'INVALID_COUNTRY_CODE',
	700: 'VERIFICATION_FAILED',
	702: 'WRONG_OTP_PROVIDED',
	703: 'ALREADY_VERIFIED',
	705: 'VERIFICATION_EXPIRED',
	// 800 also means MAXIMUM_LIMIT_REACHED for Verify Now sends: see VERIFY_LIMIT_MESSAGE.
	800: 'Invalid Auth',
	801: 'Invalid sender',
	802: 'Invalid Template',
	803: 'Contact list not found.',
	804: "Number of parameters doesn't match",
	805: 'insufficient credits',
	810: 'Required Parameter is missing. Template name, type, category and language are required',
	811: 'Invalid header_format',
	812: 'File is not allowed in header_format TEXT',
	813: 'Header is mandatory if header_format is TEXT',
	814: 'File is mandatory if header_format is media type',
	815: 'Header is not allowed if header_format is file type',
	816: 'Provide a correct template name',
	817: 'Required parameter is missing. Template id and Template name are required',
	826: 'Variable template but missing bodyValues field',
	827: 'bodyValue does not match with number of placeholders/variables used in body',
	829: 'mobileNumber is required',
	830: 'message is required',
} as const;

/**
 * Verify Now's send limit shares 800 with Invalid Auth (MESSAGES[800], which
 * stays the auth failure everywhere); it is an ordinary error envelope, not a 401.
 */
export const VERIFY_LIMIT_MESSAGE = 'MAXIMUM_LIMIT_REACHED';

/** Meta errors Message Central passes through with responseCode 800 (not auth: no 401). */
export const META_MESSAGES = {
	category: (got: string) =>
		'(#100) Param category must be one of {UTILITY, MARKETING, AUTHENTICATION} - ' +
		`got "${got}".`,
	language:
		"Content can't be added for this language because it is not available for message " +
		'templates. Please try again with a different language.',
	unknownTemplateId: (id: string) =>
		`Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due ` +
		'to missing permissions, or does not support this operation. Please read the Graph API ' +
		'documentation at https://developers.facebook.com/docs/graph-api',
	invalidParameter: (detail: string) => `(#100) Invalid parameter: ${detail}`,
};

export interface ApiAnswer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export interface Envelope {
	responseCode: number;
	message: string;
	data: unknown;
}

export function success(data: unknown): ApiAnswer {
	return { status: 200, body: { responseCode: 200, message: 'SUCCESS', data } };
}

/** An error envelope carried by the HTTP status the error style asks for. */
export function failure(style: ErrorStyle, code: number, message?: string): ApiAnswer {
	const text = message ?? (MESSAGES as Record<number, string>)[code] ?? 'ERROR';
	const status = style === 'http200' ? 200 : 400;
	return { status, body: { responseCode: code, message: text, data: null } };
}

/** 800 Invalid Auth is answered with HTTP 401 whatever the error style. */
export function invalidAuth(): ApiAnswer {
	return { status: 401, body: { responseCode: 800, message: MESSAGES[800], data: null } };
}

/** Protocol-level answers (404, 405, faults) keep their own HTTP status. */
export function httpError(
	status: number,
	message: string,
	headers?: Record<string, string>,
): ApiAnswer {
	return { status, body: { responseCode: status, message, data: null }, headers };
}
