// What every Meta-shaped webhook payload shares (docs/whatsapp.md#webhook-payload):
// the notification envelope Message Central forwards, Unix-second timestamps
// as strings, and wamid message ids.
import { randomBytes } from 'node:crypto';
import { SANDBOX_PHONE_NUMBER_ID, SANDBOX_SENDER_ID, SANDBOX_WABA_ID } from './state';

export interface WebhookPayload {
	object: 'whatsapp_business_account';
	entry: Array<{
		id: string;
		changes: Array<{ value: Record<string, unknown>; field: 'messages' }>;
	}>;
}

/** Wraps one value object in the notification envelope. */
export function wrapValue(value: Record<string, unknown>): WebhookPayload {
	const metadata = {
		display_phone_number: SANDBOX_SENDER_ID,
		phone_number_id: SANDBOX_PHONE_NUMBER_ID,
	};
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: SANDBOX_WABA_ID,
				changes: [
					{ value: { messaging_product: 'whatsapp', metadata, ...value }, field: 'messages' },
				],
			},
		],
	};
}

/** Meta writes timestamps as strings of Unix seconds. */
export function unixSeconds(ms = Date.now()): string {
	return String(Math.floor(ms / 1000));
}

export function newWamid(to: string): string {
	// Same layout as real wamids: protobuf-ish bytes around the recipient and a random id.
	const inner = Buffer.concat([
		Buffer.from([0x1c, 0x18, to.length]),
		Buffer.from(to, 'latin1'),
		Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]),
		Buffer.from(randomBytes(9).toString('hex').toUpperCase(), 'latin1'),
		Buffer.from([0x00]),
	]);
	return `wamid.${inner.toString('base64')}`;
}
