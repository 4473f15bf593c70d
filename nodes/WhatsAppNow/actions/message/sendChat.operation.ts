import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { checkMedia } from '../../helpers/media';
import type { Recipient } from '../../helpers/phoneNumber';
import type { MessageCentralClient } from '../../transport/client';
import { appendFile, readBinaryFile, type BinaryFile } from '../binaryFile';
import { binaryPropertyField, defaultCountryCodeField, phoneNumberField, throughputCollection } from '../common.descriptions';
import { executePerItem, type PerItemOperation } from '../perItem';
import { readRecipient, requireSenderId } from '../recipient';
import { messageIdOf, SEND_PATH } from './send';

export const MAX_CHAT_LENGTH = 4096;

// Long or non-Latin messages would make the query string too long for some
// proxies; past this size the message travels as a multipart field instead.
const MAX_QUERY_MESSAGE = 2000;

const properties: INodeProperties[] = [
	phoneNumberField,
	defaultCountryCodeField,
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description:
			'Text of the message, up to 4096 characters. Free-form chats reach a customer only within 24 hours of their last message; outside that window send a template.',
	},
	{
		displayName: 'Attach Media',
		name: 'attachMedia',
		type: 'boolean',
		default: false,
		description:
			'Whether to send a file from the input item with the message (image, video, audio, document or sticker; the message becomes its caption)',
	},
	{
		...binaryPropertyField,
		displayOptions: { show: { attachMedia: [true] } },
	},
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendChat'] } },
	properties,
);

interface PreparedChat {
	senderId: string;
	recipient: Recipient;
	message: string;
	file?: BinaryFile;
}

export async function execute(
	this: IExecuteFunctions,
	client: MessageCentralClient,
): Promise<INodeExecutionData[]> {
	const operation: PerItemOperation<PreparedChat> = {
		async prepare(itemIndex, client) {
			const senderId = await requireSenderId(this, client, itemIndex);
			const recipient = readRecipient(this, itemIndex);
			const message = String(this.getNodeParameter('message', itemIndex, '') ?? '');
			if (message.trim() === '') {
				throw new NodeOperationError(this.getNode(), 'Message is empty', {
					itemIndex,
					description: 'Fill in the Message field; WhatsApp does not deliver empty messages.',
				});
			}
			if ([...message].length > MAX_CHAT_LENGTH) {
				throw new NodeOperationError(
					this.getNode(),
					`Message is ${[...message].length} characters long; WhatsApp allows at most ${MAX_CHAT_LENGTH}`,
					{ itemIndex, description: 'Shorten the text or split it over several messages.' },
				);
			}
			let file: BinaryFile | undefined;
			if (this.getNodeParameter('attachMedia', itemIndex, false)) {
				const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
				file = await readBinaryFile(this, itemIndex, property);
				const problem = checkMedia(file.mimeType, file.buffer.length);
				if (problem) {
					throw new NodeOperationError(this.getNode(), `Input Binary Field "${property}": ${problem}`, {
						itemIndex,
					});
				}
			}
			return { senderId, recipient, message, file };
		},

		async run({ senderId, recipient, message, file }, itemIndex, client) {
			const qs: IDataObject = {
				flowType: 'WHATSAPP',
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
				errorContext: { senderId, to: recipient.to },
			});
			return { success: true, ...recipient, messageId: messageIdOf(response), response };
		},
	};
	return await executePerItem.call(this, client, operation);
}
