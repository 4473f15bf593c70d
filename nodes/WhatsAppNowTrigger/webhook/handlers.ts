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

/**
 * What differs between the trigger's versions. Version 1 stays exactly as it
 * shipped (docs/public-contract.md#trigger-node); 1.1, the default for new
 * nodes, is the cheap one (docs/n8n-mechanics.md#webhook-cost-per-delivery).
 */
export type Behaviour = {
	/** Use a Webhook Secret this process read less than a minute ago (secret.ts). */
	cachedSecret: boolean;
	/**
	 * A delivery that starts a run is answered by n8n once it has accepted the
	 * run (n8n 2.x: after the execution is stored and queued), not by the node
	 * before n8n has it (docs/queue-mode.md#what-a-200-means).
	 */
	answerAfterAccepted: boolean;
	/** Read a body n8n leaves unread above typeVersion 1 (media types it does not parse). */
	readsUnparsedBody: boolean;
};

export function behaviourOf(typeVersion: number | undefined): Behaviour {
	const current = typeVersion !== undefined && typeVersion >= 1.1;
	return { cachedSecret: current, answerAfterAccepted: current, readsUnparsedBody: current };
}

const VERSION_1: Behaviour = behaviourOf(1);

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
export async function answerHandshake(
	context: IWebhookFunctions,
	behaviour: Behaviour = VERSION_1,
): Promise<IWebhookResponseData> {
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
	const secret = await readWebhookSecret(context, { cached: behaviour.cachedSecret });
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
	behaviour: Behaviour,
): Promise<string | undefined> {
	const mode = authenticationMode(context);
	if (mode === 'none') return undefined;
	if (mode === undefined) return 'the Authentication parameter has an unknown value';
	const secret = await readWebhookSecret(context, { cached: behaviour.cachedSecret });
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
 * memory is per process: under queue mode the trigger's path goes to one
 * webhook processor so that one memory sees every delivery
 * (docs/whatsapp.md#webhook-payload,
 * docs/queue-mode.md#route-the-trigger-to-one-webhook-processor).
 *
 * Message items carry optOut/optIn (optOut.ts). With Combine Messages Within,
 * a customer's messages are held and started as one item per burst
 * (combine.ts): the 200 is written before the wait, never after it, in both
 * versions.
 */
export async function receiveNotification(
	context: IWebhookFunctions,
	behaviour: Behaviour = VERSION_1,
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
	// n8n reads the body of a node above typeVersion 1 only for the media types it
	// parses; the bytes of any other are read here (for the signature and the
	// JSON). A body that cannot be read stays absent: the signature check then
	// fails closed (401) and the body check answers 400, in that order.
	if (
		behaviour.readsUnparsedBody &&
		!Buffer.isBuffer(request.rawBody) &&
		typeof request.readRawBody === 'function' &&
		!String(request.headers['content-type'] ?? '')
			.toLowerCase()
			.startsWith('multipart/')
	) {
		await request.readRawBody().catch(() => undefined);
	}
	const refusal = await authenticate(context, request, behaviour);
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
	// Nothing to start: answered here at once, the cheapest path n8n offers.
	if (fresh.length === 0) {
		replyJson(response, 200, answer);
		return ANSWERED;
	}
	const items: INodeExecutionData[] = fresh.map((event) => ({ json: event }));
	if (behaviour.answerAfterAccepted) {
		// n8n writes this answer (responseData '' on the webhook: the node's
		// webhookResponse is the body): n8n 2.x once the execution is stored and
		// queued, so a 200 means n8n has the run; n8n 1.x writes it before it
		// stores the run, as it does for every onReceived webhook.
		return { webhookResponse: answer, workflowData: [items] };
	}
	replyJson(response, 200, answer);
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
