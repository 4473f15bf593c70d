import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { parseNotification } from '../parser/parseNotification';
import type { WebhookEvent } from '../parser/types';
import { checkRequest, type AuthenticationMode } from './authenticate';
import { readJsonBody } from './body';
import { combineWindowMs, conversations } from './combine';
import { businessNumberList, selectEvents } from './filters';
import {
	queryValue,
	replyJson,
	replyText,
	type WebhookRequest,
	type WebhookResponse,
} from './http';
import { markOptOuts, optOutKeywords } from './optOut';
import { dropRepeats, REPEAT_WINDOW_MS } from './repeats';
import { triggerScope } from './scope';
import { readWebhookSecret } from './secret';
import { tokensEqual } from './security';

const LOG_PREFIX = 'WhatsApp Now Trigger';
/** Enough of the parser's notes to diagnose a delivery without flooding the log. */
const LOGGED_NOTES = 5;

/**
 * Every answer is written here, so n8n sends nothing of its own (its onReceived
 * body would be the literal "firstEntryJson").
 */
const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

function logMeta(context: IWebhookFunctions): IDataObject {
	return { node: context.getNode().name, workflowId: context.getWorkflow().id };
}

/** Multi-options as a list; an expression may also give one value or a comma-separated string. */
function selection(context: IWebhookFunctions, name: string): string[] {
	const value: unknown = context.getNodeParameter(name, []);
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return list
		.filter((entry): entry is string => typeof entry === 'string')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

function authenticationMode(context: IWebhookFunctions): AuthenticationMode | undefined {
	const mode = context.getNodeParameter('authentication', 'none');
	return mode === 'none' || mode === 'token' || mode === 'signature' ? mode : undefined;
}

/**
 * GET on the webhook URL. With `hub.challenge` it is Meta's subscription
 * handshake: answer the challenge as plain text when `hub.verify_token`
 * equals the Webhook Secret (any token when no secret is set), else 403.
 * Without it, a plain 200 so that "does the URL answer" checks pass.
 */
export async function answerHandshake(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response: WebhookResponse = context.getResponseObject();
	const query = context.getQueryData();
	const challenge = queryValue(query, 'hub.challenge');
	if (challenge === undefined) {
		replyText(response, 200, 'WhatsApp Now Trigger is listening: POST notifications to this URL.');
		return ANSWERED;
	}
	const mode = queryValue(query, 'hub.mode');
	if (mode !== 'subscribe') {
		replyText(response, 400, 'hub.mode must be "subscribe"');
		return ANSWERED;
	}

	const authentication = authenticationMode(context);
	const secret = await readWebhookSecret(context);
	if (secret === undefined && authentication !== 'none') {
		// Authentication asks for a secret that cannot be read: never let the handshake through.
		context.logger.error(
			`${LOG_PREFIX}: refused the subscription handshake: the credential could not be read`,
			logMeta(context),
		);
		replyText(response, 403, 'Forbidden');
		return ANSWERED;
	}
	if (
		secret !== undefined &&
		secret !== '' &&
		!tokensEqual(queryValue(query, 'hub.verify_token'), secret)
	) {
		context.logger.warn(
			`${LOG_PREFIX}: refused the subscription handshake: hub.verify_token does not match the Webhook Secret`,
			logMeta(context),
		);
		replyText(response, 403, 'Forbidden');
		return ANSWERED;
	}
	replyText(response, 200, challenge);
	return ANSWERED;
}

async function authenticate(
	context: IWebhookFunctions,
	request: WebhookRequest,
): Promise<string | undefined> {
	const mode = authenticationMode(context);
	if (mode === 'none') return undefined;
	if (mode === undefined) return 'the Authentication parameter has an unknown value';
	const secret = await readWebhookSecret(context);
	if (secret === undefined) return 'the Message Central API credential could not be read';
	if (secret === '')
		return `authentication "${mode}" needs a Webhook Secret in the credential, and it is empty`;
	const check = checkRequest(mode, request, secret);
	return check.ok ? undefined : check.reason;
}

/**
 * POST on the webhook URL: authenticate, parse, filter, and start one
 * execution with an item per selected event. Nothing is started for a
 * rejected request (401/400) or when no event is left (200).
 *
 * A message or status delivered again within ten minutes starts nothing the
 * second time (repeats.ts), unless Ignore Repeated Deliveries is off. That
 * memory is per process: under queue mode a workflow that must act exactly
 * once per event also dedupes in shared storage on messageId (and status)
 * (docs/whatsapp.md#webhook-payload, docs/queue-mode.md#in-process-state).
 *
 * Message items carry optOut/optIn (optOut.ts). With Combine Messages Within,
 * a customer's messages are held and started as one item per burst
 * (combine.ts): the 200 is written before the wait, never after it.
 */
export async function receiveNotification(
	context: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const request: WebhookRequest = context.getRequestObject();
	const response: WebhookResponse = context.getResponseObject();

	const reject = (status: 400 | 401, reason: string, answer: string): IWebhookResponseData => {
		context.logger.warn(
			`${LOG_PREFIX}: rejected a delivery (${status}): ${reason}`,
			logMeta(context),
		);
		replyJson(response, status, { error: answer });
		return ANSWERED;
	};

	// Authentication comes first: an unauthenticated caller learns nothing about body checks.
	const refusal = await authenticate(context, request);
	if (refusal !== undefined) return reject(401, refusal, 'Unauthorized');

	const body = readJsonBody(request);
	if (!body.ok) return reject(400, body.reason, body.reason);
	const includeRaw = context.getNodeParameter('options.includeRaw', false) === true;
	const parsed = parseNotification(body.body, { includeRaw });
	if (!parsed.ok) return reject(400, parsed.reason, parsed.reason);
	if (parsed.skippedCount > 0) {
		const notes = parsed.skipped.slice(0, LOGGED_NOTES).join('; ');
		const more =
			parsed.skippedCount > LOGGED_NOTES ? ` (and ${parsed.skippedCount - LOGGED_NOTES} more)` : '';
		context.logger.warn(
			`${LOG_PREFIX}: ${parsed.skippedCount} part(s) of a delivery produced no event: ${notes}${more}`,
			logMeta(context),
		);
	}

	const selected = selectEvents(parsed.events, {
		events: selection(context, 'events'),
		statuses: selection(context, 'statuses'),
		businessNumbers: businessNumberList(context.getNodeParameter('options.businessNumbers', '')),
	});
	const ignoreRepeats = context.getNodeParameter('options.ignoreRepeats', true) !== false;
	const { fresh, repeated } = ignoreRepeats
		? dropRepeats(triggerScope(context), selected)
		: { fresh: selected, repeated: 0 };
	markOptOuts(fresh, () => optOutKeywords(context));
	const answer = {
		received: parsed.events.length,
		selected: fresh.length,
		...(repeated > 0 ? { repeated } : {}),
	};
	if (repeated > 0) {
		context.logger.info(
			`${LOG_PREFIX}: ${repeated} event(s) delivered again within ${REPEAT_WINDOW_MS / 60_000} minutes started nothing`,
			logMeta(context),
		);
	}
	const windowMs = combineWindowMs(context.getNodeParameter('options.combineWithin', 0));
	if (windowMs > 0 && fresh.length > 0) {
		return await answerThenCombine(context, response, fresh, windowMs, answer);
	}
	replyJson(response, 200, answer);
	if (fresh.length === 0) return ANSWERED;
	const items: INodeExecutionData[] = fresh.map((event) => ({ json: event }));
	return { ...ANSWERED, workflowData: [items] };
}

/**
 * Combine Messages Within (combine.ts). The node writes the 200 itself before
 * waiting, so that no delivery's answer waits for its burst to close:
 * Message Central would send it again. The run starts when webhook() returns
 * the burst's item (docs/n8n-mechanics.md#a-webhook-call-that-waits).
 */
async function answerThenCombine(
	context: IWebhookFunctions,
	response: WebhookResponse,
	events: WebhookEvent[],
	windowMs: number,
	answer: Record<string, unknown>,
): Promise<IWebhookResponseData> {
	const plan = conversations.plan(
		`${triggerScope(context)} ${context.getMode()}`,
		events,
		windowMs,
	);
	replyJson(response, 200, { ...answer, ...(plan.held > 0 ? { held: plan.held } : {}) });
	const started = [...plan.now, ...(await conversations.waitOut(plan.waits))];
	if (started.length === 0) return ANSWERED;
	return { ...ANSWERED, workflowData: [started.map((event) => ({ json: event }))] };
}
