/**
 * The response page of Send and Wait for Response. n8n routes
 * `<n8n>/webhook-waiting/<execution>/<node id>?item=…&signature=…` here while
 * the execution waits, after checking the signature itself; a link whose
 * execution already continued gets n8n's own "No action required" page
 * (docs/n8n-mechanics.md#send-and-wait).
 *
 * GET shows the page and never resumes: link scanners and chat previews open
 * links too. Only the page's form (POST) resumes the execution.
 *
 * It runs in whichever n8n process receives the request, usually not the one
 * that sent the message: what it needs comes from the waiting execution (the
 * records) and the node's parameters, never from memory
 * (docs/queue-mode.md#in-process-state).
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { isPlainObject } from '../../../common/isPlainObject';
import { readResponse } from '../../helpers/response/responseForm';
import { renderNoticePage, renderResponsePage } from '../../helpers/response/responsePage';
import { readResponseSettings } from './responseSettings';

const webhook = (httpMethod: 'GET' | 'POST'): IWebhookDescription => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	// n8n matches a waiting webhook on the node id: the signed link ends in it.
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
});

export const responseWebhooks: IWebhookDescription[] = [webhook('GET'), webhook('POST')];

const MAX_ITEMS = 10_000;

export async function responseWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject();
	const send = (status: number, html: string) => {
		res
			.status(status)
			.set({
				'Content-Type': 'text/html; charset=utf-8',
				'Cache-Control': 'no-store',
				'Content-Security-Policy':
					"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
				'X-Frame-Options': 'DENY',
			})
			.send(html);
	};

	const query = this.getQueryData() as Record<string, unknown>;
	const itemIndex = Number(query.item);
	const records = readRecords(this);
	const record = Number.isInteger(itemIndex) ? records[itemIndex] : undefined;
	if (!record || 'error' in record) {
		send(
			404,
			renderNoticePage(
				'error',
				'This link does not work',
				'It does not belong to a message that is waiting for an answer. Ask the sender for a new link.',
			),
		);
		return { noWebhookResponse: true };
	}

	const settings = readResponseSettings(this);
	const choice =
		query.choice === 'approve' || query.choice === 'decline' ? query.choice : undefined;
	const page = {
		type: settings.type,
		// What the person was asked (kept with the waiting execution); older records have none.
		message: typeof record.question === 'string' ? record.question : '',
		approval: settings.approval,
		fields: settings.fields,
	};

	if (this.getRequestObject().method !== 'POST') {
		send(200, renderResponsePage({ ...page, preselected: choice }));
		return { noWebhookResponse: true };
	}

	const body = this.getBodyData() as IDataObject;
	// Multipart bodies arrive as { data: fields, files }, url-encoded ones as the fields.
	const fields = isPlainObject(body.data) ? (body.data as Record<string, unknown>) : body;
	const answer = readResponse(settings.type, settings.fields, fields);
	if (!answer.ok) {
		send(422, renderResponsePage({ ...page, errors: answer.errors, values: answer.values }));
		return { noWebhookResponse: true };
	}

	send(
		200,
		renderNoticePage('ok', 'Thank you', 'Your response was recorded. You can go back to WhatsApp.'),
	);
	const respondedAt = new Date().toISOString();
	const output: INodeExecutionData[] = records.map((json, i) => ({
		json:
			'error' in json
				? json
				: i === itemIndex
					? { ...json, data: answer.data, respondedAt, responded: true, timedOut: false }
					: { ...json, data: {}, responded: false, timedOut: false },
		pairedItem: { item: i },
	}));
	return { noWebhookResponse: true, workflowData: [output] };
}

/** What each item sent, as the waiting execution keeps it (the node's stored input). */
function readRecords(ctx: IWebhookFunctions): IDataObject[] {
	const records: IDataObject[] = [];
	for (let i = 0; i < MAX_ITEMS; i++) {
		let json: unknown;
		try {
			// n8n puts the leading "=" itself; JSON text crosses the expression sandbox intact.
			const text = ctx.evaluateExpression('{{ JSON.stringify($json) }}', i);
			json = typeof text === 'string' ? JSON.parse(text) : undefined;
		} catch {
			break;
		}
		if (!isPlainObject(json)) break;
		records.push(json as IDataObject);
	}
	return records;
}
