import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { isBlankText } from '../../helpers/fields/text';
import { checkMedia } from '../../helpers/media';
import { sendChat, type Chat } from '../../transport/api';
import {
	binaryPropertyField,
	defaultCountryCodeField,
	phoneNumberField,
	throughputCollection,
} from '../common.descriptions';
import { readBinaryFile, readRecipient, readSenderId, readText } from '../itemInput';
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
			'Text of the message, up to 4096 characters as WhatsApp counts them (UTF-16 code units: most emoji count 2, so 2048 emoji at most). Free-form chats reach a customer only within 24 hours of their last message; outside that window send a template.',
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

/**
 * Refuses an empty message or one longer than WhatsApp allows, before any
 * request. `added` is text the node appends (Send and Wait's links), counted
 * in the limit but not part of the emptiness check.
 */
export function checkChatText(
	ctx: IExecuteFunctions,
	message: string,
	itemIndex: number,
	added = '',
) {
	if (isBlankText(message)) {
		const invisible =
			message.length > 0 && message.trim() !== '' ? ' (only invisible characters)' : '';
		throw new NodeOperationError(
			ctx.getNode(),
			`Message (item ${itemIndex}) is empty${invisible}`,
			{
				itemIndex,
				description:
					'Fill in the Message field. WhatsApp would show an empty bubble: spaces, zero-width characters and control characters alone count as empty. Nothing was sent for this item.',
			},
		);
	}
	// Counted as the API counts: UTF-16 code units, so most emoji count 2 (docs/whatsapp.md#text-length).
	const length = message.length + added.length;
	if (length > MAX_CHAT_LENGTH) {
		const wide =
			message.length !== [...message].length ? ' as WhatsApp counts them (emoji count 2)' : '';
		const links = added ? ` with the ${added.length} characters of the response links` : '';
		throw new NodeOperationError(
			ctx.getNode(),
			`Message (item ${itemIndex}) is ${length} characters long${links}${wide}; WhatsApp allows at most ${MAX_CHAT_LENGTH}`,
			{
				itemIndex,
				description:
					'WhatsApp counts UTF-16 code units: most emoji and some rare characters count as 2. Shorten the text or split it over several messages. Nothing was sent for this item.',
			},
		);
	}
}

export const execute = perItem<Chat>({
	async prepare(itemIndex, client) {
		const senderId = await readSenderId(this, client, itemIndex);
		const recipient = readRecipient(this, itemIndex);
		const message = readText(this, 'message', 'Message', itemIndex);
		checkChatText(this, message, itemIndex);
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
