// HTTP failures that carry no Message Central answer, in words.
import type { ErrorContext } from './errorMessages';

/** What the HTTP statuses a proxy or gateway answers with mean. */
const STATUS_CODES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	407: 'Proxy Authentication Required',
	408: 'Request Timeout',
	413: 'Payload Too Large',
	414: 'URI Too Long',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	504: 'Gateway Timeout',
	520: 'Unknown Error',
	521: 'Web Server Is Down',
	522: 'Connection Timed Out',
	523: 'Origin Is Unreachable',
	524: 'A Timeout Occurred',
};

/** "HTTP 407 (Proxy Authentication Required)": the status with its reason, when known. */
export function describeHttpStatus(httpStatus: number): string {
	const reason = STATUS_CODES[httpStatus];
	return `HTTP ${httpStatus}${reason ? ` (${reason})` : ''}`;
}

/**
 * An HTTP error without Message Central's envelope: typically an error page of
 * a proxy, gateway or load balancer (envelope.ts keeps only its <title>), or a
 * failure before Message Central could answer. Whether the request was carried
 * out is unknown, and a blind repeat may send a message twice.
 */
export function explainBareHttpError(
	pageText: string,
	httpStatus: number,
	ctx: UncertainContext,
): { message: string; description: string } {
	const reason = STATUS_CODES[httpStatus];
	const status = describeHttpStatus(httpStatus);
	const said =
		pageText && pageText !== `${httpStatus} ${reason ?? ''}`.trim() ? `: "${pageText}"` : '';
	return {
		message: `Message Central answered with ${status} instead of its usual answer${said}`,
		description: `The answer came from Message Central or from a proxy or gateway in front of it, not as one of Message Central's own results, so the request may or may not have been carried out: ${uncertainOutcome(ctx)} If it persists, check n8n's proxy settings or contact operations@messagecentral.com.`,
	};
}

/** What the uncertain-outcome wording reads of a request's context. */
type UncertainContext = Pick<ErrorContext, 'effect' | 'to' | 'templateName'>;

/**
 * What may already have happened when a request's outcome is unknown, and what
 * to check before doing it again: a repeat may send a customer a second
 * message or a second code (docs/message-central-api.md#uncertain-outcomes).
 */
export function uncertainOutcome({ effect, to, templateName }: UncertainContext): string {
	const recipient = to ? ` to ${to}` : '';
	switch (effect) {
		case 'code':
			return `a code${recipient} may already have been sent. Do not send another at once: ask the person whether a code arrived, or wait until it expires (Message Central keeps one code per number at a time).`;
		case 'bulk':
			return `the file's recipients may already have been sent the template${templateName ? ` "${templateName}"` : ''}. Before uploading it again, check the WhatsApp Now Trigger's status events (sent, delivered) for a few of its numbers, or the campaign in Message Central's console.`;
		case 'template':
			return `the template${templateName ? ` "${templateName}"` : ''} may already have been created. Look it up with Template → Get Status or in Message Central's console before creating it again.`;
		case 'check':
			return `the code may already have been checked. Checking it again may answer ALREADY_VERIFIED; send a new code if the person needs to try again.`;
		default:
			return `a message${recipient} may already have been sent. Before sending again, check the WhatsApp Now Trigger's status events (sent, delivered) for this recipient, or the message logs in Message Central's console.`;
	}
}
