import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError, sleep } from 'n8n-workflow';

import { isPlainObject } from '../../common/isPlainObject';
import { interpretResponse, type ApiOutcome, type RawResponse } from './envelope';
import { explainError, type ErrorContext } from './errorMessages';
import { uncertainOutcome } from './httpErrors';
import { baseUrlOf, describeNetworkError, failedBeforeSending } from './network';
import { nextRetryDelay } from './retryPolicy';
import { CREDENTIAL_TYPE, tokenRenewalTime } from './token';

export interface ApiRequest {
	method: 'GET' | 'POST';
	path: string;
	qs?: IDataObject;
	/** Web FormData (not a form-data stream), so a repeat after a token renewal resends it intact (docs/n8n-mechanics.md#request-bodies-and-token-refresh). */
	body?: FormData;
	itemIndex?: number;
	errorContext?: ErrorContext;
	/** Response codes that answer the question rather than fail the call: their body is returned. */
	answerCodes?: readonly number[];
}

/**
 * The HTTP client under every Message Central call (see api/ for the calls
 * themselves): envelopes, retries, token renewal. One client lives for one node
 * execution, so every item of the run shares one token: only one request at a
 * time may trade the credentials for a token, and the others wait for it.
 *
 * Nothing here outlives the execution or is shared between processes. The
 * token itself lives in the credential, which n8n keeps in its database: after
 * a login n8n saves the new token there, and every execution, on any worker,
 * starts from the saved one. Executions that find it expired at the same time
 * each log in and each get a working token (the last one saved is kept). A
 * refused token is renewed by one login for all the requests that carried it;
 * a token refused right after its own login is a credential problem and ends
 * the run's sending (docs/n8n-mechanics.md#one-login-per-run,
 * docs/queue-mode.md#in-process-state).
 */
export class MessageCentralClient {
	private credentials?: ICredentialDataDecryptedObject;

	/** What n8n's request helper is handed as the credential: built once, as getNode() deep-copies the node on every call. */
	private envelope?: {
		id: string;
		name: string;
		type: string;
		data: ICredentialDataDecryptedObject;
	};

	/** The token last checked and from when it counts as expired: decoded once per token, not once per request. */
	private renewal = { token: undefined as unknown, at: 0 };

	/** One promise, so that items starting together share one credentials object (see getCredentials). */
	private credentialsLoad?: Promise<ICredentialDataDecryptedObject>;

	private tokenFetch?: Promise<void>;

	private loginError?: Error;

	/** The token this run's latest login obtained, and whether any answer has accepted it yet. */
	private login: { token: unknown; accepted: boolean } = { token: undefined, accepted: false };

	/** Set when a token fresh from a login was refused: a credential problem, reported for every later request without sending it. */
	private refusedLogin?: Extract<ApiOutcome, { kind: 'auth' }>;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/**
	 * The run's one credentials object. It must be one: n8n's preAuthentication
	 * writes the new token into the object handed to the request helper, and
	 * the client reads the token from it. Loaded once per run through a shared
	 * promise; two items that asked at the same time once got two copies, and
	 * a renewal written into one was never seen by the other
	 * (docs/n8n-mechanics.md#one-login-per-run).
	 */
	async getCredentials(): Promise<ICredentialDataDecryptedObject> {
		// A copy: n8n's preAuthentication writes the new token into this object.
		this.credentialsLoad ??= this.ctx
			.getCredentials(CREDENTIAL_TYPE)
			.then((data) => (this.credentials = { ...data }));
		return await this.credentialsLoad;
	}

	async request<T = unknown>(req: ApiRequest): Promise<T> {
		let attempt = 0;
		let waitedMs = 0;
		let renewals = 0;
		for (;;) {
			attempt++;
			const { response, sentToken, outcome: answered } = await this.send(req);
			let outcome = answered;
			if (outcome.kind === 'ok') return outcome.body as T;
			if (outcome.kind === 'error' && req.answerCodes?.includes(outcome.code ?? NaN)) {
				return outcome.body as T;
			}
			if (outcome.kind === 'auth') {
				if (!isCertainRefusal(outcome, req)) {
					// A POST answered 401 without Message Central's "Invalid Auth": perhaps
					// carried out, so it is reported as such and never repeated; the token
					// is still dropped, so that the next request logs in.
					this.discardToken(sentToken);
					outcome = { ...outcome, kind: 'error', httpStatus: 401, body: response.body };
				} else if (this.refusedLogin) {
					// The token this run just logged in for was refused (see send()).
				} else if (renewals < MAX_RENEWALS_PER_REQUEST) {
					// A token from before this run's login, or one that worked and was
					// later revoked: one login serves every request that carried it.
					renewals++;
					this.discardToken(sentToken);
					continue;
				}
			}
			if (outcome.kind === 'throttled') {
				const delay = nextRetryDelay(attempt, outcome.retryAfterMs, waitedMs);
				if (delay !== null) {
					waitedMs += delay;
					await sleep(delay);
					continue;
				}
			}
			throw this.toNodeError(outcome, req, attempt);
		}
	}

	/**
	 * Sends one request and says which token it carried. That is read before
	 * sending, not after the answer: by then another request may have renewed
	 * the token, and a refusal would be blamed on the new one. Without a token,
	 * this request logs in (n8n's preAuthentication) while all others wait; what
	 * its answer says of the new token is noted before they go on.
	 */
	private async send(
		req: ApiRequest,
	): Promise<{ response: RawResponse; sentToken: unknown; outcome: ApiOutcome }> {
		const credentials = await this.getCredentials();
		while (this.tokenFetch) await this.tokenFetch;
		if (this.loginError) throw this.loginError;
		if (this.refusedLogin) throw this.toNodeError(this.refusedLogin, req, 0);
		if (this.isExpired(credentials.authToken)) credentials.authToken = '';

		let release: (() => void) | undefined;
		let sentToken = credentials.authToken;
		if (sentToken === '') {
			this.tokenFetch = new Promise<void>((resolve) => (release = resolve));
		}
		const options: IHttpRequestOptions = {
			method: req.method,
			url: `${baseUrlOf(credentials)}${req.path}`,
			qs: req.qs,
			body: req.body,
			json: req.body === undefined,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		};
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				options,
				{ credentialsDecrypted: this.credentialsEnvelope(credentials) },
			)) as RawResponse;
			if (release) {
				sentToken = credentials.authToken;
				this.login = { token: sentToken, accepted: false };
			}
			const outcome = interpretResponse(response);
			this.noteAnswer(outcome, sentToken, req);
			return { response, sentToken, outcome };
		} catch (error) {
			const nodeError = this.transportError(error, credentials, req);
			// Only a failed login stops every later request; a request that failed
			// after its login succeeded fails alone.
			if (release && credentials.authToken === '') this.loginError = nodeError;
			throw nodeError;
		} finally {
			if (release) {
				this.tokenFetch = undefined;
				release();
			}
		}
	}

	/**
	 * What an answer says of the token it carried. Any answer past the token
	 * check proves the token; Message Central refusing a token this run has
	 * just logged in for, before anything accepted it, means the credential
	 * itself is the problem: another login would only be refused again.
	 */
	private noteAnswer(outcome: ApiOutcome, sentToken: unknown, req: ApiRequest) {
		if (sentToken !== this.login.token || this.login.accepted) return;
		if (outcome.kind === 'ok' || outcome.kind === 'error') this.login.accepted = true;
		else if (outcome.kind === 'auth' && isCertainRefusal(outcome, req)) this.refusedLogin = outcome;
	}

	private credentialsEnvelope(data: ICredentialDataDecryptedObject) {
		// `data` is the run's one credentials object (getCredentials), so one envelope serves every request.
		if (!this.envelope) {
			const ref = this.ctx.getNode().credentials?.[CREDENTIAL_TYPE];
			this.envelope = { id: ref?.id ?? '', name: ref?.name ?? '', type: CREDENTIAL_TYPE, data };
		}
		return this.envelope;
	}

	private isExpired(token: unknown): boolean {
		if (this.renewal.token !== token) this.renewal = { token, at: tokenRenewalTime(token) };
		return this.renewal.at <= Date.now();
	}

	/** Concurrent requests may all see the dead token; only the first clears it, so only one logs in. */
	private discardToken(sentToken: unknown) {
		const credentials = this.credentials;
		if (credentials && credentials.authToken === sentToken) credentials.authToken = '';
	}

	private transportError(
		error: unknown,
		credentials: ICredentialDataDecryptedObject,
		req: ApiRequest,
	) {
		// n8n wraps what preAuthentication threw; the login message survives in the chain.
		const e = error as { message?: string; messages?: string[]; cause?: { message?: string } };
		const login = [e.cause?.message, ...(e.messages ?? []), e.message].find(
			(m) => typeof m === 'string' && m.startsWith('Message Central'),
		);
		const { message, description } = login
			? {
					message: login,
					description: login.includes('rejected')
						? 'Fix the Message Central API credential, then run the workflow again.'
						: 'Check the Base URL of the Message Central API credential and the network or proxy settings of n8n.',
				}
			: explainNetworkFailure(e.cause ?? error, baseUrlOf(credentials), req);
		return new NodeApiError(this.ctx.getNode(), { message } as JsonObject, {
			message,
			description,
			itemIndex: req.itemIndex,
		});
	}

	private toNodeError(
		outcome: Exclude<ApiOutcome, { kind: 'ok' }>,
		req: ApiRequest,
		attempts: number,
	) {
		const node = this.ctx.getNode();
		if (outcome.kind === 'throttled') {
			const what =
				outcome.httpStatus === 429 ? 'is rate limiting requests (429)' : 'is unavailable (503)';
			return withCode(
				new NodeApiError(node, { httpStatus: outcome.httpStatus } as JsonObject, {
					message: `Message Central ${what} and still was after ${attempts} tries`,
					description:
						'Lower "Requests in Flight" or set "Max Requests per Second" in the node options, or try again later.',
					httpCode: String(outcome.httpStatus),
					itemIndex: req.itemIndex,
				}),
				null,
			);
		}
		const httpStatus = outcome.kind === 'error' ? outcome.httpStatus : 401;
		const explained = explainError(
			outcome.code ?? (outcome.kind === 'auth' ? 800 : null),
			outcome.message,
			httpStatus,
			req.errorContext,
		);
		const body =
			outcome.kind === 'error' && isPlainObject(outcome.body)
				? outcome.body
				: { message: outcome.message };
		return withCode(
			new NodeApiError(node, body as JsonObject, {
				message: explained.message,
				description: explained.description,
				httpCode: String(outcome.code ?? httpStatus),
				itemIndex: req.itemIndex,
			}),
			outcome.code ?? (outcome.kind === 'auth' ? 800 : null),
		);
	}
}

/**
 * A request that got no answer. Only a failure before the request left (no
 * connection, TLS refused) proves nothing was done; after a reset, a hang-up
 * or a time-out Message Central may have carried it out, and saying "could
 * not be reached" would invite a repeat: a second message or a second code.
 */
function explainNetworkFailure(cause: unknown, baseUrl: string, req: ApiRequest) {
	const reason = describeNetworkError(cause);
	if (failedBeforeSending(cause)) {
		return {
			message: `Message Central could not be reached at ${baseUrl} (${reason})`,
			description:
				'Nothing was sent. Check the Base URL of the Message Central API credential and the network or proxy settings of n8n.',
		};
	}
	const context = req.errorContext ?? {};
	if (req.method === 'GET' && context.effect !== 'check') {
		return {
			message: `The connection to Message Central at ${baseUrl} failed before its answer arrived (${reason})`,
			description:
				'This request only reads from Message Central and changed nothing; run it again. If it happens often, check the network or proxy between n8n and Message Central.',
		};
	}
	return {
		message: `The connection to Message Central at ${baseUrl} failed after the request was sent (${reason}): it may or may not have been carried out`,
		description: `${uncertainOutcome(context)} If it happens often, check the network or proxy between n8n and Message Central.`,
	};
}

/** Logins one request may cause: the second covers a token revoked again after the first. */
const MAX_RENEWALS_PER_REQUEST = 2;

/**
 * Whether the request was certainly not carried out, so that a repeat after a
 * new login cannot send anything twice. Message Central's 800 "Invalid Auth"
 * is such a refusal whatever the HTTP status; a bare 401 is one only for a
 * GET, which changes nothing (docs/message-central-api.md#token-exchange).
 */
function isCertainRefusal(outcome: Extract<ApiOutcome, { kind: 'auth' }>, req: ApiRequest) {
	return outcome.code === 800 || req.method === 'GET';
}

function withCode(error: NodeApiError, code: number | null): NodeApiError {
	error.context.responseCode = code;
	return error;
}

/** The Message Central response code carried by an error, for continueOnFail output. */
export function responseCodeOf(error: unknown): number | null {
	const code = (error as { context?: { responseCode?: unknown } })?.context?.responseCode;
	return typeof code === 'number' ? code : null;
}

/** n8n errors pass through untouched; anything else becomes a NodeOperationError for the item. */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
