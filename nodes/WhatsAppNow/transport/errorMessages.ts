/**
 * Plain-language explanations of Message Central's response codes
 * (docs/message-central-api.md#response-codes). The server's own
 * wording is terse and sometimes misleading, so each entry says what went
 * wrong and how to fix it.
 */
import { explainBareHttpError } from './httpErrors';

export interface ErrorContext {
	/** What the request does when carried out (set by each call in api/): worded in "may or may not have been" errors. */
	effect?: 'message' | 'bulk' | 'code' | 'template' | 'check';
	templateName?: string;
	templateId?: string;
	language?: string;
	senderId?: string;
	to?: string;
	/** Body variables the request carried (single send). */
	variablesGiven?: number;
	/** Placeholders the template has, when the operation knows it. */
	variablesExpected?: number;
	ctaVariablesGiven?: number;
	/** Set by the verification calls: WHATSAPP or SMS. */
	channel?: string;
	verificationId?: string;
}

export interface ExplainedError {
	message: string;
	description: string;
}

type Explainer = (serverMessage: string, ctx: ErrorContext) => ExplainedError;

const fixed =
	(message: string, description: string): Explainer =>
	() => ({ message, description });

const quoted = (value: string | undefined) => (value ? ` "${value}"` : '');

const EXPLAINERS: Record<number, Explainer> = {
	400: fixed(
		'Message Central rejected the request as malformed (400 BAD_REQUEST)',
		'A parameter has a value the API does not accept. Check the node fields, especially the phone number, template name and language.',
	),
	409: (_m, ctx) => ({
		message: `A template named${quoted(ctx.templateName)} already exists in this language (409 DUPLICATE_RESOURCE)`,
		description:
			'Template names are unique per language. Pick another name, or use Template → Get Status to look up the existing one.',
	}),
	500: fixed(
		'Message Central had an internal error (500 SERVER_ERROR)',
		"This is on Message Central's side. Try again later; if it persists, contact operations@messagecentral.com.",
	),
	501: fixed(
		'Message Central does not know this Customer ID (501 INVALID_CUSTOMER_ID)',
		'Check the Customer ID in the Message Central API credential; it starts with "C-" and is shown in the Message Central console.',
	),
	505: (_m, ctx) => ({
		message: `Message Central does not know the verification ID${quoted(ctx.verificationId)} (505 INVALID_VERIFICATION_ID)`,
		description:
			'Use the verificationId output of Verification → Send Code, from the same Message Central account.',
	}),
	506: (_m, ctx) =>
		ctx.channel
			? {
					message: `A code sent to ${ctx.to ?? 'this number'} is still valid (506 REQUEST_ALREADY_EXISTS)`,
					description:
						"Message Central keeps one code per number at a time. Check the code already sent (Verification → Check Code with its verification ID), or wait until it expires (its validity is set in Message Central's console: 60 seconds unless changed) before sending a new one. No new code was sent.",
				}
			: {
					message: 'Message Central already has this request (506 REQUEST_ALREADY_EXISTS)',
					description:
						'The same request was submitted before and is still being processed. Wait for it instead of sending it again.',
				},
	508: fixed(
		'The Message Central account balance is too low (508)',
		'Top up the account in the Message Central console, then run the workflow again.',
	),
	511: (_m, ctx) => ({
		message: `Message Central rejected the country code${ctx.to ? ` of ${ctx.to}` : ''} (511 INVALID_COUNTRY_CODE)`,
		description:
			'Give the phone number in international format (e.g. +919876543210) or set Default Country Code to the calling code without "+" (e.g. 91).',
	}),
	800: explain800,
	801: (_m, ctx) => ({
		message: `Message Central rejected the sender${quoted(ctx.senderId)} (801 Invalid sender)`,
		description:
			'Sender ID must be the WhatsApp Business (WABA) number registered with Message Central, digits with country code (e.g. 919876543210). Set it on the node or as Default Sender ID in the credential.',
	}),
	802: (_m, ctx) => ({
		message: `Message Central does not know an approved template${quoted(ctx.templateName)} in language${quoted(ctx.language)} (802 Invalid Template)`,
		description:
			'Check the template name (the node sends it the way Message Central saves it: "Spring Sale2" as "spring_sale_2"), use the exact language code it was created with, and wait until its status is APPROVED.',
	}),
	803: fixed(
		'Message Central found no contact list in the upload (803 Contact list not found)',
		'The bulk file is missing, unreadable or has no recipient rows. Upload an XLSX whose first row is Country, Mobile, ctaVar1, ctaVar2, var1..varN with at least one recipient below it.',
	),
	804: (_m, ctx) => ({
		message:
			ctx.variablesExpected !== undefined && ctx.variablesGiven !== undefined
				? `The template has ${ctx.variablesExpected} variables, ${ctx.variablesGiven} were given (804)`
				: ctx.variablesGiven !== undefined
					? `The number of variables does not match the template${quoted(ctx.templateName)}: ${ctx.variablesGiven} body variable(s) and ${ctx.ctaVariablesGiven ?? 0} CTA variable(s) were given (804)`
					: `The number of variables does not match the template${quoted(ctx.templateName)} (804)`,
		description:
			'Give exactly one value per body placeholder {{1}}..{{n}} and one CTA variable per dynamic URL button. Template → Get Status shows placeholderCount and dynamicUrlCount.',
	}),
	805: fixed(
		'The Message Central account has insufficient credits (805)',
		'Top up the account in the Message Central console. Nothing was sent for this request.',
	),
	810: fixed(
		'A required template field is missing (810)',
		'Template name, language, category, header format and body are all required.',
	),
	811: fixed(
		'Message Central rejected the header format (811 Invalid header_format)',
		'Header Format must be TEXT, IMAGE, VIDEO or DOCUMENT.',
	),
	812: fixed(
		'A file cannot be attached when the header format is TEXT (812)',
		'Choose IMAGE, VIDEO or DOCUMENT as Header Format to send a media header, or remove the file.',
	),
	813: fixed(
		'Header text is required when the header format is TEXT (813)',
		'Fill in the Header field, or choose a media Header Format.',
	),
	814: fixed(
		'A media header needs a file (814)',
		'With Header Format IMAGE, VIDEO or DOCUMENT, put the file in the input item\'s binary property named in "Input Binary Field".',
	),
	815: fixed(
		'Header text is not allowed with a media header (815)',
		'Leave Header empty when Header Format is IMAGE, VIDEO or DOCUMENT.',
	),
	816: (_m, ctx) => ({
		message: `Message Central found no template named${quoted(ctx.templateName)} (816)`,
		description: `Use the name the template was created with (the "name" output of Template → Create), together with its template ID.${
			ctx.templateId
				? ` The name must be the one template ID "${ctx.templateId}" was created with.`
				: ''
		}`,
	}),
	817: fixed(
		'Template ID and template name are both required (817)',
		'Fill in Template Name and Template ID; both come from the output of Template → Create.',
	),
	826: fixed(
		'The body has variables but no examples were given (826)',
		'Add one example per placeholder {{1}}..{{n}} under Body Examples; Meta needs them to review the template.',
	),
	827: fixed(
		'The number of body examples does not match the placeholders in the body (827)',
		'Give exactly one example per placeholder {{1}}..{{n}}; each example must be a single word (no spaces).',
	),
	829: fixed(
		"The recipient's mobile number is missing (829)",
		'Fill in Phone Number, e.g. +919876543210.',
	),
	830: fixed('The chat message is empty (830)', 'Fill in the Message field.'),
};

function explain800(serverMessage: string, ctx: ErrorContext): ExplainedError {
	if (/maximum.?limit|limit.?reached/i.test(serverMessage)) {
		return {
			message:
				"Message Central's limit on verification codes was reached (800 MAXIMUM_LIMIT_REACHED)",
			description:
				'Message Central caps how many codes a number or an account can be sent (a daily limit it does not publish). Wait before sending another code, or ask Message Central to raise the limit. No code was sent.',
		};
	}
	// Meta's code passed through in the text, e.g. "(#131047) Re-engagement message".
	if (/131047|re-?engagement/i.test(serverMessage)) {
		return {
			message: `WhatsApp refused a free-form message${ctx.to ? ` to ${ctx.to}` : ''}: more than 24 hours have passed since the customer last wrote (131047). Send a template instead.`,
			description:
				'Outside the 24-hour customer service window only approved templates may be sent (Message → Send Template). Free-form chats work again once the customer writes.',
		};
	}
	if (/category/i.test(serverMessage)) {
		return {
			message: 'Message Central rejected the template category (800)',
			description: `Category must be MARKETING, UTILITY or AUTHENTICATION. Server said: ${serverMessage}`,
		};
	}
	if (/language/i.test(serverMessage)) {
		return {
			message: `The language${quoted(ctx.language)} is not available for message templates (800)`,
			description: 'Use a WhatsApp template language code such as en_US, en_GB, hi, es or pt_BR.',
		};
	}
	if (/does not exist|unsupported get request/i.test(serverMessage)) {
		return {
			message: `No template with ID${quoted(ctx.templateId)} exists for this account (800)`,
			description:
				'Check Template ID: it is the "id" returned by Template → Create for this template, on this WABA number.',
		};
	}
	if (/invalid auth/i.test(serverMessage) || !serverMessage) {
		return {
			message: 'Message Central rejected the login token even after renewing it (800 Invalid Auth)',
			description:
				'Check the Customer ID and password in the Message Central API credential, and that the account is active.',
		};
	}
	return {
		message: `Message Central refused the request (800): ${serverMessage}`,
		description: '',
	};
}

export function explainError(
	code: number | null,
	serverMessage: string,
	httpStatus: number,
	ctx: ErrorContext = {},
): ExplainedError {
	const explainer = code !== null ? EXPLAINERS[code] : undefined;
	if (explainer) {
		const explained = explainer(serverMessage, ctx);
		if (serverMessage && !explained.description.includes(serverMessage)) {
			explained.description =
				`${explained.description} (Message Central said: "${serverMessage}")`.trim();
		}
		return explained;
	}
	if (code === null) return explainBareHttpError(serverMessage, httpStatus, ctx);
	return {
		message: `Message Central answered with code ${code}${serverMessage ? `: ${serverMessage}` : ''}`,
		description:
			'See the Message Central API documentation for this code, or contact operations@messagecentral.com.',
	};
}

/** Codes explained above: every code of docs/message-central-api.md#response-codes. */
export const EXPLAINED_CODES = Object.keys(EXPLAINERS).map(Number);
