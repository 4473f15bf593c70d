/** Builders for Meta-shaped WhatsApp webhook bodies used by the parser tests. */

export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_NUMBER = '15550783881';
export const CUSTOMER = '919876543210';
/** 1700000000 unix seconds. */
export const TS = '1700000000';
export const TS_ISO = '2023-11-14T22:13:20.000Z';

export type Json = Record<string, unknown>;

export function value(
	parts: Json,
	metadata: Json = { display_phone_number: DISPLAY_NUMBER, phone_number_id: PHONE_NUMBER_ID },
): Json {
	return { messaging_product: 'whatsapp', metadata, ...parts };
}

export function change(valueObject: unknown, field = 'messages'): Json {
	return { value: valueObject, field };
}

export function entry(changes: unknown[], id: unknown = WABA_ID): Json {
	return { id, changes };
}

export function notification(entries: unknown[]): Json {
	return { object: 'whatsapp_business_account', entry: entries };
}

/** One entry, one change, one value holding `parts`. */
export function single(parts: Json): Json {
	return notification([entry([change(value(parts))])]);
}

export function contact(waId: string, name?: string): Json {
	return name === undefined ? { wa_id: waId, profile: {} } : { wa_id: waId, profile: { name } };
}

let counter = 0;
/** An inbound message with a fresh id; `extra` adds or overrides fields. */
export function message(type: string, extra: Json = {}): Json {
	counter++;
	return { from: CUSTOMER, id: `wamid.in.${counter}`, timestamp: TS, type, ...extra };
}

/** A message with its typed part under the type's key, as Meta sends it. */
export function typed(type: string, part: unknown, extra: Json = {}): Json {
	return message(type, { [type]: part, ...extra });
}

/** A whole body carrying exactly one inbound message from CUSTOMER named Asha. */
export function inbound(msg: Json): Json {
	return single({ contacts: [contact(CUSTOMER, 'Asha')], messages: [msg] });
}

export function status(status: string, extra: Json = {}): Json {
	return { id: 'wamid.out.1', status, timestamp: TS, recipient_id: CUSTOMER, ...extra };
}

export const CONVERSATION = {
	id: 'conv-1',
	expiration_timestamp: '1700086400',
	origin: { type: 'marketing' },
};

export const PRICING = { billable: true, pricing_model: 'CBP', category: 'marketing' };

export const V16_ERROR = {
	code: 131047,
	title: 'Re-engagement message',
	message: 'Re-engagement message',
	error_data: {
		details:
			'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	},
};

export const V15_ERROR = { code: 130429, title: 'Rate limit hit' };

/** An object nested `depth` levels deep, built without recursion. */
export function deepObject(depth: number): Json {
	let node: Json = { leaf: true };
	for (let level = 0; level < depth; level++) node = { nested: node };
	return node;
}
