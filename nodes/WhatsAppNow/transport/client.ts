import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError, sleep } from 'n8n-workflow';

import { isPlainObject } from '../helpers/isPlainObject';
import { interpretResponse, type ApiOutcome, type RawResponse } from './envelope';
import { explainError, type ErrorContext } from './errorMessages';
import { baseUrlOf, describeNetworkError } from './network';
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
 * each log in and each get a working token (the last one saved is kept). Were
 * a new login to revoke older tokens, a request that meets "Invalid Auth"
 * logs in once more and repeats (docs/queue-mode.md#in-process-state).
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

	private tokenFetch?: Promise<void>;

	private loginError?: Error;

	constructor(private readonly ctx: IExecuteFunctions) {}

	async getCredentials(): Promise<ICredentialDataDecryptedObject> {
		if (!this.credentials) {
			// A copy: n8n's preAuthentication writes the new token into this object.
			this.credentials = { ...(await this.ctx.getCredentials(CREDENTIAL_TYPE)) };
		}
		return this.credentials;
	}

	async request<T = unknown>(req: ApiRequest): Promise<T> {
		let attempt = 0;
		let waitedMs = 0;
		let renewed = false;
		for (;;) {
			attempt++;
			const { response, usedToken } = await this.send(req);
			const outcome = interpretResponse(response);
			if (outcome.kind === 'ok') return outcome.body as T;
			if (outcome.kind === 'error' && req.answerCodes?.includes(outcome.code ?? NaN)) {
				return outcome.body as T;
			}
			if (outcome.kind === 'auth' && !renewed) {
				renewed = true;
				this.discardToken(usedToken);
				continue;
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

	private async send(req: ApiRequest): Promise<{ response: RawResponse; usedToken: unknown }> {
		const credentials = await this.getCredentials();
		while (this.tokenFetch) await this.tokenFetch;
		if (this.loginError) throw this.loginError;
		if (this.isExpired(credentials.authToken)) credentials.authToken = '';

		let release: (() => void) | undefined;
		if (credentials.authToken === '') {
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
			return { response, usedToken: credentials.authToken };
		} catch (error) {
			const nodeError = this.transportError(error, credentials, req);
			if (release) this.loginError = nodeError;
			throw nodeError;
		} finally {
			if (release) {
				this.tokenFetch = undefined;
				release();
			}
		}
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

	/** Concurrent requests may all see the dead token; only the first clears it. */
	private discardToken(usedToken: unknown) {
		const credentials = this.credentials;
		if (credentials && credentials.authToken === usedToken) credentials.authToken = '';
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
		const message =
			login ??
			`Message Central could not be reached at ${baseUrlOf(credentials)} (${describeNetworkError(e.cause ?? error)})`;
		return new NodeApiError(this.ctx.getNode(), { message } as JsonObject, {
			message,
			description: login?.includes('rejected')
				? 'Fix the Message Central API credential, then run the workflow again.'
				: 'Check the Base URL of the Message Central API credential and the network or proxy settings of n8n.',
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
