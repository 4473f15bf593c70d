// Messages: chats, single and bulk broadcasts (docs/message-central-api.md#send-chat).
import type { IDataObject } from 'n8n-workflow';

import { bulkHeader, sheetRow } from '../../helpers/xlsx/bulkSheet';
import type { BinaryFile } from '../../helpers/media';
import type { Recipient } from '../../helpers/phone/phoneNumber';
import { joinList } from '../../helpers/fields/variableList';
import { writeXlsx, XLSX_MIME_TYPE } from '../../helpers/xlsx/xlsxWriter';
import type { MessageCentralClient } from '../client';
import type { ErrorContext } from '../errorMessages';
import { appendFile } from './multipart';

/** Chats, single broadcasts and bulk broadcasts all go here; `type` tells them apart. */
export const SEND_PATH = '/verification/v3/send';

/** The send endpoint serves Message Central's SMS and OTP products too. */
const FLOW_TYPE = 'WHATSAPP';

// Long or non-Latin messages would make the query string too long for some
// proxies; past this size the message travels as a multipart field instead.
const MAX_QUERY_MESSAGE = 2000;

export interface SentMessage {
	/** The `wamid…` transactionId when the API returns one (chats do; broadcasts answer data: null). */
	messageId: string | null;
	response: IDataObject;
}

export interface Chat {
	senderId: string;
	recipient: Recipient;
	message: string;
	file?: BinaryFile;
}

export async function sendChat(
	client: MessageCentralClient,
	{ senderId, recipient, message, file }: Chat,
	itemIndex: number,
): Promise<SentMessage> {
	const qs: IDataObject = {
		flowType: FLOW_TYPE,
		type: 'CHAT',
		senderId,
		countryCode: recipient.countryCode,
		mobileNumber: recipient.mobileNumber,
	};
	let body: FormData | undefined;
	const messageInQuery = encodeURIComponent(message).length <= MAX_QUERY_MESSAGE;
	if (messageInQuery) qs.message = message;
	if (file || !messageInQuery) {
		body = new FormData();
		if (!messageInQuery) body.append('message', message);
		if (file) appendFile(body, 'file', file);
	}
	const response = await client.request<IDataObject>({
		method: 'POST',
		path: SEND_PATH,
		qs,
		body,
		itemIndex,
		errorContext: { senderId, to: recipient.to, effect: 'message' },
	});
	return sent(response);
}

export interface TemplateMessage {
	senderId: string;
	recipient: Recipient;
	templateName: string;
	language: string;
	variables: string[];
	ctaVariables: string[];
	/**
	 * `file` when a value holds a comma, which the ", "-joined query lists
	 * would split (docs/message-central-api.md#list-separators).
	 */
	sentAs: 'query' | 'file';
}

/** One approved template to one recipient: a single broadcast. */
export async function sendTemplate(
	client: MessageCentralClient,
	message: TemplateMessage,
	itemIndex: number,
): Promise<SentMessage> {
	const { senderId, recipient, templateName, language, variables, ctaVariables } = message;
	const errorContext: ErrorContext = {
		effect: 'message',
		templateName,
		language,
		senderId,
		to: recipient.to,
		variablesGiven: variables.length,
		ctaVariablesGiven: ctaVariables.length,
	};
	if (message.sentAs === 'file') {
		// The same message as a one-row bulk list: a spreadsheet cell carries any value intact.
		const file = await writeXlsx(bulkHeader(variables.length), [
			sheetRow({ ...recipient, variables, ctaVariables }),
		]);
		const fileName = `${templateName}_${recipient.to}.xlsx`;
		const upload = { senderId, templateName, language, file, fileName, errorContext };
		return sent(await uploadBulkFile(client, upload, itemIndex));
	}
	const qs: IDataObject = {
		...broadcastQuery(message),
		countryCode: recipient.countryCode,
		mobileNumber: recipient.mobileNumber,
	};
	if (variables.length) qs.variables = joinList(variables);
	if (ctaVariables.length) qs.ctaVariables = joinList(ctaVariables);
	const response = await client.request<IDataObject>({
		method: 'POST',
		path: SEND_PATH,
		qs,
		itemIndex,
		errorContext,
	});
	return sent(response);
}

export interface BulkUpload {
	senderId: string;
	templateName: string;
	language: string;
	/** An XLSX contact list (docs/message-central-api.md#bulk-contact-list-format). */
	file: Buffer;
	fileName: string;
	errorContext?: ErrorContext;
}

/** A bulk broadcast: the contact list as multipart `file`, the rest in the query. */
export async function uploadBulkFile(
	client: MessageCentralClient,
	upload: BulkUpload,
	itemIndex: number,
): Promise<IDataObject> {
	const body = new FormData();
	const file = { buffer: upload.file, fileName: upload.fileName, mimeType: XLSX_MIME_TYPE };
	appendFile(body, 'file', file);
	const { senderId, templateName, language } = upload;
	return await client.request<IDataObject>({
		method: 'POST',
		path: SEND_PATH,
		qs: broadcastQuery(upload),
		body,
		itemIndex,
		errorContext: { effect: 'bulk', templateName, language, senderId, ...upload.errorContext },
	});
}

/** What every broadcast, single or bulk, carries in its query. */
function broadcastQuery({
	senderId,
	templateName,
	language,
}: Omit<BulkUpload, 'file' | 'fileName'>) {
	return { flowType: FLOW_TYPE, type: 'BROADCAST', templateName, senderId, langId: language };
}

function sent(response: IDataObject): SentMessage {
	const data = response?.data as IDataObject | null | undefined;
	const messageId = typeof data?.transactionId === 'string' ? data.transactionId : null;
	return { messageId, response };
}
