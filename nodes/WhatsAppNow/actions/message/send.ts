import type { IDataObject } from 'n8n-workflow';

import { XLSX_MIME_TYPE } from '../../helpers/xlsxWriter';
import type { MessageCentralClient } from '../../transport/client';
import type { ErrorContext } from '../../transport/errorMessages';
import { appendFile } from '../binaryFile';
import type { TemplateRef } from './templateFields';

/** Chats, single broadcasts and bulk broadcasts all go to this endpoint. */
export const SEND_PATH = '/verification/v3/send';

/** The `wamid…` transactionId when the API returns one (chats do; broadcasts answer data: null). */
export function messageIdOf(response: IDataObject | null | undefined): string | null {
	const data = response?.data as IDataObject | null | undefined;
	return typeof data?.transactionId === 'string' ? data.transactionId : null;
}

export interface BulkUpload extends TemplateRef {
	senderId: string;
	file: Buffer;
	fileName: string;
	itemIndex: number;
	errorContext?: ErrorContext;
}

/** One XLSX contact list sent as a bulk broadcast (multipart `file`, parameters in the query). */
export async function uploadBulkFile(client: MessageCentralClient, upload: BulkUpload): Promise<IDataObject> {
	const body = new FormData();
	appendFile(body, 'file', { buffer: upload.file, fileName: upload.fileName, mimeType: XLSX_MIME_TYPE });
	return await client.request<IDataObject>({
		method: 'POST',
		path: SEND_PATH,
		qs: {
			flowType: 'WHATSAPP',
			type: 'BROADCAST',
			templateName: upload.templateName,
			senderId: upload.senderId,
			langId: upload.language,
		},
		body,
		itemIndex: upload.itemIndex,
		errorContext: {
			templateName: upload.templateName,
			language: upload.language,
			senderId: upload.senderId,
			...upload.errorContext,
		},
	});
}
