import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { checkMedia } from '../../helpers/media';
import { sendChat, type Chat } from '../../transport/api';
import {
	binaryPropertyField,
	defaultCountryCodeField,
	phoneNumberField,
	throughputCollection,
} from '../common.descriptions';
import { readBinaryFile, readRecipient, readSenderId } from '../itemInput';
import { perItem } from '../perItem';

export const MAX_CHAT_LENGTH = 4096;

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

export const execute = perItem<Chat>({
	async prepare(itemIndex, client) {
		const senderId = await readSenderId(this, client, itemIndex);
		const recipient = readRecipient(this, itemIndex);
		const message = String(this.getNodeParameter('message', itemIndex, '') ?? '');
		if (message.trim() === '') {
			throw new NodeOperationError(this.getNode(), 'Message is empty', {
				itemIndex,
				description: 'Fill in the Message field; WhatsApp does not deliver empty messages.',
			});
		}
		const length = [...message].length;
		if (length > MAX_CHAT_LENGTH) {
			throw new NodeOperationError(
				this.getNode(),
				`Message is ${length} characters long; WhatsApp allows at most ${MAX_CHAT_LENGTH}`,
				{ itemIndex, description: 'Shorten the text or split it over several messages.' },
			);
		}
		if (!this.getNodeParameter('attachMedia', itemIndex, false)) {
			return { senderId, recipient, message };
		}
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
		const file = await readBinaryFile(this, itemIndex, property);
		const problem = checkMedia(file.mimeType, file.buffer.length);
		if (problem) {
			throw new NodeOperationError(this.getNode(), `Input Binary Field "${property}": ${problem}`, {
				itemIndex,
			});
		}
		return { senderId, recipient, message, file };
	},

	async run(chat, itemIndex, client) {
		const { messageId, response } = await sendChat(client, chat, itemIndex);
		return { success: true, ...chat.recipient, messageId, response };
	},
});
