import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseRecipient, PhoneNumberError, type Recipient } from '../helpers/phoneNumber';
import type { MessageCentralClient } from '../transport/client';
import { itemParameter } from './itemParameter';

/** The item's `phoneNumber` + `defaultCountryCode`, or an error naming the field and item. */
export function readRecipient(ctx: IExecuteFunctions, itemIndex: number): Recipient {
	const raw = itemParameter(ctx, 'phoneNumber', itemIndex, '');
	const defaultCode = itemParameter(ctx, 'defaultCountryCode', itemIndex, '');
	try {
		return parseRecipient(raw, defaultCode);
	} catch (error) {
		const reason = error instanceof PhoneNumberError ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), `Phone Number (item ${itemIndex}): ${reason}`, {
			itemIndex,
			description: 'Nothing was sent for this item.',
		});
	}
}

export async function requireSenderId(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	itemIndex: number,
): Promise<string> {
	const senderId = await client.resolveSenderId(itemParameter(ctx, 'senderId', itemIndex, ''));
	if (!/^\d{6,15}$/.test(senderId)) {
		throw new NodeOperationError(
			ctx.getNode(),
			senderId
				? `Sender ID "${senderId}" is not a phone number with country code`
				: 'Sender ID is empty',
			{
				itemIndex,
				description:
					'Set Sender ID on the node, or Default Sender ID in the Message Central API credential, to your WhatsApp Business number with country code (digits only, e.g. 919876543210).',
			},
		);
	}
	return senderId;
}
