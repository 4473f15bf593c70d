import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import {
	createServer,
	request as httpRequest,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import { WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { isNodeClassInstance, jsonParse, NodeHelpers, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { TestNodeTypes, TRIGGER_NODE_TYPE } from './nodeTypes';

/**
 * Drives the WhatsApp Now Trigger the way n8n's live webhook server does
 * (packages/cli webhooks/webhook-helpers + middlewares/body-parser, checked
 * against n8n 1.123 and 2.41): a real node:http server receives the request,
 * n8n's body rules run (raw bytes kept as `rawBody`; `application/json`
 * parsed, invalid JSON answered 422 before the node; `text/plain` as a string;
 * other types left unparsed), then n8n-core's own WebhookContext calls
 * `webhook()` with the request and response, and the result is handled as
 * n8n handles it (noWebhookResponse, workflowData = one execution).
 */

export const TRIGGER_NODE_NAME = 'WhatsApp Now Trigger';
export const WEBHOOK_ID = '5d0e6a2b-0f4c-4a53-9a37-2b1d3c4e5f60';
const WORKFLOW_ID = 'trigger-workflow';
/** What n8n answers when a webhook() throws (webhook-helpers _privateGetWebhookErrorMessage). */
const WEBHOOK_ERROR = {
	code: 0,
	message: 'Workflow Webhook Error: Workflow could not be started!',
};

/**
 * The request as n8n hands it over: n8n-workflow's augmentation of
 * IncomingMessage declares `rawBody`, `contentType` and `encoding` (set by
 * rawBodyReader / parseIncomingMessage / parseBody); express adds these.
 */
export type N8nRequest = IncomingMessage & {
	body?: unknown;
	query: Record<string, unknown>;
	params: Record<string, string>;
};

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: IDataObject;
}

/** One request as the trigger saw it and as n8n would have finished it. */
export interface WebhookCall {
	webhookName: string;
	result?: IWebhookResponseData;
	error?: unknown;
	/** Items of the execution the request started; undefined when it started none. */
	items?: INodeExecutionData[];
	/** The node returned noWebhookResponse without ending the response: n8n would leave the caller hanging. */
	unanswered: boolean;
	/**
	 * Who wrote the answer: the node itself, or n8n after it accepted the run
	 * (n8n 2.x answers an onReceived webhook once the execution is stored and queued).
	 */
	answeredBy?: 'node' | 'n8n';
	logs: LogEntry[];
	/** Resolves when webhook() has returned (it may wait after answering, see Combine Messages Within). */
	settled: Promise<void>;
}

export interface TriggerOptions {
	parameters?: INodeParameters;
	/** Stored as the node's messageCentralApi credential; omit for a node without one. */
	credentials?: ICredentialDataDecryptedObject;
	/** Changes a request after n8n's body handling, before the node sees it. */
	alterRequest?: (request: N8nRequest) => void;
	/** The node's typeVersion (default 1): n8n reads bodies differently above 1. */
	typeVersion?: number;
	/**
	 * The saved credential's id; a new one per server unless given (version 1.1
	 * keeps a credential's secret per process for a minute, keyed by this id).
	 */
	credentialId?: string;
	/** The workflow's id (one fixed id unless given). */
	workflowId?: string;
	/** The trigger node's id (a fresh one per server unless given, as after an import into another workflow). */
	nodeId?: string;
}

export interface SendOptions {
	method?: 'GET' | 'POST' | 'PUT';
	query?: Record<string, string>;
	headers?: Record<string, string>;
	/** An object is sent as JSON with Content-Type application/json unless headers say otherwise. */
	body?: string | Buffer | object;
	/** Replaces the webhook path (for unknown-path checks). */
	path?: string;
}

export interface SentResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** JSON.parse(text), or undefined when it is not JSON. */
	json: unknown;
	/** What the trigger did; undefined when n8n answered before the node (404, 422). */
	call?: WebhookCall;
}

function recordingLogger(logs: LogEntry[]) {
	const entry = (level: LogEntry['level']) => (message: string, metadata?: IDataObject) => {
		logs.push({ level, message, metadata });
	};
	return { error: entry('error'), warn: entry('warn'), info: entry('info'), debug: entry('debug') };
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	response.statusCode = status;
	response.setHeader('Content-Type', 'application/json; charset=utf-8');
	response.end(JSON.stringify(body));
}

/** The media types n8n 2.41.1 parses for a node above typeVersion 1 (webhook-helpers isParsableContentType). */
function isParsableContentType(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

/**
 * n8n's parseIncomingMessage + parseRequestBody/parseBody (webhook-helpers).
 * typeVersion 1 without the binaryData option: every body is read and the known
 * types parsed (n8n evaluates `$parameter.options.binaryData` in an expression
 * to decide, on every request). Above 1: no expression; a body whose media
 * type n8n does not parse is not even read: the node may call readRawBody().
 */
function applyN8nBodyParsing(
	request: N8nRequest,
	raw: Buffer,
	typeVersion: number,
): { status: number; message: string } | undefined {
	const header = request.headers['content-type'];
	if (header) {
		const [type, ...parameters] = header.split(';');
		request.contentType = type.toLowerCase();
		const charset = parameters
			.map((p) => p.trim())
			.find((p) => p.toLowerCase().startsWith('charset='));
		request.encoding = (
			charset?.slice('charset='.length).replace(/"/g, '') ?? 'utf-8'
		).toLowerCase() as BufferEncoding;
	}
	if (request.contentType?.startsWith('multipart/')) return undefined;
	// n8n's rawBodyReader middleware: reads the bytes once, on demand.
	(request as N8nRequest & { readRawBody(): Promise<void> }).readRawBody = async () => {
		request.rawBody ??= raw;
	};
	if (typeVersion > 1 && !isParsableContentType(request.contentType)) return undefined;
	request.rawBody = raw;
	if (raw.length === 0) return undefined;
	const text = () => raw.toString(request.encoding ?? 'utf-8');
	try {
		if (request.contentType === 'application/json') {
			const source = text();
			request.body = jsonParse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
		} else if (request.contentType === 'application/x-www-form-urlencoded') {
			request.body = parseQueryString(text());
		} else if (request.contentType === 'text/plain') {
			request.body = text();
		}
		// XML would go through xml2js in n8n; no test sends XML.
	} catch (error) {
		// UnprocessableRequestError('Failed to parse request body', …): n8n answers 422 before the node runs.
		return { status: 422, message: `Failed to parse request body: ${(error as Error).message}` };
	}
	return undefined;
}

export class TriggerServer {
	readonly calls: WebhookCall[] = [];

	readonly credentialsHelper = new TestCredentialsHelper();

	private readonly nodeTypes = new TestNodeTypes();

	private readonly node: INode;

	private readonly workflow: Workflow;

	private server!: Server;

	url = '';

	private constructor(private readonly options: TriggerOptions) {
		const credentialId = options.credentialId ?? randomUUID();
		this.node = {
			// The trigger remembers repeated deliveries per node: a node of its own per server.
			id: options.nodeId ?? randomUUID(),
			name: TRIGGER_NODE_NAME,
			type: TRIGGER_NODE_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: options.parameters ?? {},
			...(options.credentials
				? { credentials: { messageCentralApi: { id: credentialId, name: 'Message Central' } } }
				: {}),
		};
		if (options.credentials) this.credentialsHelper.set(credentialId, options.credentials);
		// As n8n does: the Workflow applies the parameters' defaults to the node.
		this.workflow = new Workflow({
			id: this.workflowId,
			name: 'trigger test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			settings: {},
		});
	}

	static async start(options: TriggerOptions = {}): Promise<TriggerServer> {
		const trigger = new TriggerServer(options);
		trigger.server = createServer((request, response) => {
			trigger.handle(request as N8nRequest, response).catch((error: unknown) => {
				if (!response.headersSent) sendJson(response, 500, { message: String(error) });
				else response.end();
			});
		});
		trigger.server.listen(0, '127.0.0.1');
		await once(trigger.server, 'listening');
		trigger.url = `http://127.0.0.1:${(trigger.server.address() as AddressInfo).port}`;
		return trigger;
	}

	/** The node's production URL, as n8n shows it: /webhook/<webhookId>/<path>. */
	get webhookUrl(): string {
		return `${this.url}/webhook/${this.webhookPath}`;
	}

	/** Waits until every webhook() call made so far has returned. */
	async settled(): Promise<void> {
		await Promise.all(this.calls.map(async (call) => await call.settled));
	}

	private get workflowId(): string {
		return this.options.workflowId ?? WORKFLOW_ID;
	}

	/** Items of every execution started so far, in order. */
	get executions(): INodeExecutionData[][] {
		return this.calls.flatMap((call) => (call.items ? [call.items] : []));
	}

	private get webhookPath(): string {
		return NodeHelpers.getNodeWebhookPath(this.workflowId, this.node, 'webhook');
	}

	private get nodeType(): INodeType {
		return this.nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private findWebhook(pathname: string, method: string): IWebhookDescription | undefined {
		if (pathname !== `/webhook/${this.webhookPath}`) return undefined;
		// n8n serves HEAD with the GET webhook.
		const wanted = method === 'HEAD' ? 'GET' : method;
		return this.nodeType.description.webhooks?.find((webhook) => webhook.httpMethod === wanted);
	}

	private async handle(request: N8nRequest, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', this.url);
		const raw = await readAll(request);
		const description = this.findWebhook(url.pathname, request.method ?? 'GET');
		if (!description) {
			sendJson(response, 404, {
				code: 404,
				message: `The requested webhook "${request.method} ${url.pathname}" is not registered.`,
			});
			return;
		}
		// Express 5 (n8n 2.x) parses the query with node:querystring: dotted names stay flat.
		request.query = parseQueryString(url.search.slice(1)) as Record<string, unknown>;
		request.params = {};
		const parseFailure = applyN8nBodyParsing(request, raw, this.node.typeVersion);
		if (parseFailure) {
			sendJson(response, parseFailure.status, {
				code: parseFailure.status,
				message: parseFailure.message,
			});
			return;
		}
		this.options.alterRequest?.(request);

		let settle = () => {};
		const call: WebhookCall = {
			webhookName: description.name,
			unanswered: false,
			logs: [],
			settled: new Promise<void>((resolve) => (settle = resolve)),
		};
		this.calls.push(call);
		try {
			await this.run(call, description, request, response);
		} finally {
			settle();
		}
	}

	private async run(
		call: WebhookCall,
		description: IWebhookDescription,
		request: N8nRequest,
		response: ServerResponse,
	): Promise<void> {
		const context = this.createContext(description, request, response, call.logs);
		try {
			const nodeType = this.nodeType;
			const webhook = nodeType.webhook as (
				this: IWebhookFunctions,
			) => Promise<IWebhookResponseData>;
			call.result = isNodeClassInstance(nodeType)
				? await (
						nodeType.webhook as unknown as (
							context: IWebhookFunctions,
						) => Promise<IWebhookResponseData>
					)(context)
				: await webhook.call(context);
		} catch (error) {
			call.error = error;
			if (!response.headersSent) sendJson(response, 500, WEBHOOK_ERROR);
			return;
		}
		this.finish(call, response, description);
	}

	/** What webhook-helpers (n8n 2.41.1) does with the node's result. */
	private finish(
		call: WebhookCall,
		response: ServerResponse,
		description: IWebhookDescription,
	): void {
		const result = call.result ?? {};
		if (response.headersSent) call.answeredBy = 'node';
		if (result.workflowData !== undefined) call.items = result.workflowData[0] ?? [];
		if (result.noWebhookResponse === true) {
			if (!response.writableEnded) {
				call.unanswered = true;
				sendJson(response, 500, {
					message: 'harness: the node asked n8n not to answer but did not answer itself',
				});
			}
			return;
		}
		if (response.headersSent) return;
		call.answeredBy = 'n8n';
		if (result.workflowData === undefined) {
			sendJson(response, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		// responseMode onReceived: n8n 2.x answers once the run is stored and
		// queued (here: recorded above), with the body extractWebhookOnReceivedResponse
		// picks: responseData 'noData' → none; another non-empty responseData (its
		// default is the string "firstEntryJson") → that text; '' → the node's
		// webhookResponse, else { message: 'Workflow was started' }.
		const responseData = description.responseData ?? 'firstEntryJson';
		if (responseData === 'noData') {
			response.statusCode = 200;
			response.end();
		} else if (responseData) {
			response.statusCode = 200;
			response.end(String(responseData));
		} else {
			sendJson(response, 200, result.webhookResponse ?? { message: 'Workflow was started' });
		}
	}

	private createContext(
		description: IWebhookDescription,
		request: N8nRequest,
		response: ServerResponse,
		logs: LogEntry[],
	): WebhookContext {
		const base = 'http://127.0.0.1:5678';
		const additionalData = {
			credentialsHelper: this.credentialsHelper,
			httpRequest: request,
			httpResponse: response,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const node = this.workflow.getNode(TRIGGER_NODE_NAME) as INode;
		const webhookData: IWebhookData = {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: node.name,
			path: this.webhookPath,
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
		};
		const context = new WebhookContext(
			this.workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		// n8n-core's logger comes from its DI container (silent in tests); record what the node logs instead.
		Object.defineProperty(context, 'logger', { value: recordingLogger(logs) });
		return context;
	}

	/**
	 * Sends one HTTP request to the webhook URL and pairs the answer with what
	 * the trigger did (the last call recorded: send requests one at a time).
	 */
	async send(options: SendOptions = {}): Promise<SentResponse> {
		const target = new URL(options.path ? `${this.url}${options.path}` : this.webhookUrl);
		for (const [key, value] of Object.entries(options.query ?? {}))
			target.searchParams.append(key, value);
		const headers: Record<string, string> = { ...(options.headers ?? {}) };
		let payload: Buffer | undefined;
		if (options.body !== undefined) {
			if (Buffer.isBuffer(options.body)) payload = options.body;
			else if (typeof options.body === 'string') payload = Buffer.from(options.body, 'utf8');
			else {
				payload = Buffer.from(JSON.stringify(options.body), 'utf8');
				if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
					headers['content-type'] = 'application/json';
			}
			headers['content-length'] = String(payload.length);
		}
		const before = this.calls.length;
		const { status, responseHeaders, text } = await new Promise<{
			status: number;
			responseHeaders: SentResponse['headers'];
			text: string;
		}>((resolve, reject) => {
			const req = httpRequest(
				target,
				{ method: options.method ?? (payload ? 'POST' : 'GET'), headers, agent: false },
				(res) => {
					readAll(res).then(
						(bytes) =>
							resolve({
								status: res.statusCode ?? 0,
								responseHeaders: res.headers,
								text: bytes.toString('utf8'),
							}),
						reject,
					);
				},
			);
			req.on('error', reject);
			req.end(payload);
		});
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return {
			status,
			headers: responseHeaders,
			text,
			json,
			call: this.calls.length > before ? this.calls[this.calls.length - 1] : undefined,
		};
	}
}

/** A started server for the duration of a callback; closed afterwards even when it throws. */
export async function withTrigger<T>(
	options: TriggerOptions,
	run: (trigger: TriggerServer) => Promise<T>,
): Promise<T> {
	const trigger = await TriggerServer.start(options);
	try {
		return await run(trigger);
	} finally {
		await trigger.close();
	}
}
