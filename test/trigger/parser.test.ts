import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_SKIPPED_NOTES,
	parseNotification,
	selectEvents,
	tokensEqual,
	verifySignature,
	type ErrorEvent,
	type MessageEvent,
	type ParseResult,
	type StatusEvent,
	type WebhookEvent,
} from '../../nodes/WhatsAppNowTrigger/parser';
import { isoFromMilliseconds } from '../../nodes/WhatsAppNowTrigger/parser/isoDate';
import {
	CONVERSATION,
	CUSTOMER,
	DISPLAY_NUMBER,
	PHONE_NUMBER_ID,
	PRICING,
	TS,
	TS_ISO,
	V15_ERROR,
	V16_ERROR,
	WABA_ID,
	change,
	contact,
	deepObject,
	entry,
	inbound,
	message,
	notification,
	single,
	status,
	typed,
	value,
	type Json,
} from './fixtures';

const METADATA = {
	phoneNumberId: PHONE_NUMBER_ID,
	displayPhoneNumber: DISPLAY_NUMBER,
	businessAccountId: WABA_ID,
};

function ok(result: ParseResult): WebhookEvent[] {
	if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
	return result.events;
}

function only<T extends WebhookEvent>(body: unknown, kind: T['event']): T {
	const events = ok(parseNotification(body));
	expect(events).toHaveLength(1);
	expect(events[0].event).toBe(kind);
	return events[0] as T;
}

function onlyMessage(msg: Json): MessageEvent {
	return only<MessageEvent>(inbound(msg), 'message');
}

function onlyStatus(st: Json): StatusEvent {
	return only<StatusEvent>(single({ statuses: [st] }), 'status');
}

describe('parseNotification: envelope', () => {
	it.each([
		['null', null],
		['undefined', undefined],
		['a string', 'whatsapp_business_account'],
		['a number', 42],
		['an array', [{ object: 'whatsapp_business_account', entry: [] }]],
		['a boolean', true],
	])('rejects %s as a body', (_label, body) => {
		const result = parseNotification(body);
		expect(result.ok).toBe(false);
		expect(result.events).toEqual([]);
		if (!result.ok) expect(result.reason).toMatch(/body must be a JSON object/);
	});

	it.each([
		['missing', {}],
		['another subscription', { object: 'page' }],
		['wrong type', { object: ['whatsapp_business_account'] }],
		['wrong case', { object: 'WHATSAPP_BUSINESS_ACCOUNT' }],
	])('rejects an object that is not a WhatsApp notification (%s)', (_label, body) => {
		const result = parseNotification({ ...body, entry: [] });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(/body\.object must be "whatsapp_business_account"/);
	});

	it('keeps the reason short when `object` is a huge string', () => {
		const result = parseNotification({ object: 'x'.repeat(1_000_000) });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason.length).toBeLessThan(200);
	});

	it('accepts a notification without entries and says why nothing came out', () => {
		const result = parseNotification({ object: 'whatsapp_business_account' });
		expect(result).toEqual({
			ok: true,
			events: [],
			skipped: ['entry: expected an array, got nothing'],
			skippedCount: 1,
		});
	});

	it('accepts an empty entry list silently', () => {
		expect(parseNotification(notification([]))).toEqual({ ok: true, events: [], skipped: [], skippedCount: 0 });
	});

	it('notes changes of other subscriptions that carry no messages, statuses or errors', () => {
		const body = notification([
			entry([change({ event: 'APPROVED', message_template_id: 1 }, 'message_template_status_update')]),
		]);
		const result = parseNotification(body);
		expect(result.ok && result.events).toEqual([]);
		expect(result.skipped).toEqual([
			'entry[0].changes[0]: no messages, statuses or errors (field the string "message_template_status_update")',
		]);
	});
});

describe('parseNotification: inbound messages', () => {
	it('builds a text message item with exactly the contract fields, in contract order', () => {
		const msg = typed('text', { body: 'Hello there' }, { id: 'wamid.TEXT' });
		const event = onlyMessage(msg);
		expect(event).toEqual({
			event: 'message',
			messageId: 'wamid.TEXT',
			from: CUSTOMER,
			name: 'Asha',
			type: 'text',
			text: 'Hello there',
			timestamp: TS_ISO,
			context: null,
			media: null,
			...METADATA,
		});
		expect(Object.keys(event)).toEqual([
			'event',
			'messageId',
			'from',
			'name',
			'type',
			'text',
			'timestamp',
			'context',
			'media',
			'phoneNumberId',
			'displayPhoneNumber',
			'businessAccountId',
		]);
	});

	it('reads an image with its caption as text', () => {
		const event = onlyMessage(
			typed('image', { caption: 'Invoice photo', mime_type: 'image/jpeg', sha256: 'abc=', id: 'MEDIA1' }),
		);
		expect(event.type).toBe('image');
		expect(event.text).toBe('Invoice photo');
		expect(event.media).toEqual({
			id: 'MEDIA1',
			mimeType: 'image/jpeg',
			sha256: 'abc=',
			caption: 'Invoice photo',
			filename: null,
			animated: null,
		});
	});

	it('reads audio, keeping the voice-note flag', () => {
		const event = onlyMessage(typed('audio', { mime_type: 'audio/ogg; codecs=opus', sha256: 's', id: 'A1', voice: true }));
		expect(event.text).toBeNull();
		expect(event.media).toEqual({
			id: 'A1',
			mimeType: 'audio/ogg; codecs=opus',
			sha256: 's',
			caption: null,
			filename: null,
			animated: null,
			voice: true,
		});
	});

	it('reads video with caption and filename', () => {
		const event = onlyMessage(
			typed('video', { caption: 'Unboxing', filename: 'clip.mp4', mime_type: 'video/mp4', sha256: 'v', id: 'V1' }),
		);
		expect(event.text).toBe('Unboxing');
		expect(event.media).toMatchObject({ id: 'V1', mimeType: 'video/mp4', caption: 'Unboxing', filename: 'clip.mp4' });
	});

	it('reads a document with filename and no caption', () => {
		const event = onlyMessage(typed('document', { filename: 'report.pdf', mime_type: 'application/pdf', sha256: 'd', id: 'D1' }));
		expect(event.text).toBeNull();
		expect(event.media).toEqual({
			id: 'D1',
			mimeType: 'application/pdf',
			sha256: 'd',
			caption: null,
			filename: 'report.pdf',
			animated: null,
		});
	});

	it.each([
		[true, true],
		[false, false],
	])('reads a sticker with animated=%s', (animated, expected) => {
		const event = onlyMessage(typed('sticker', { mime_type: 'image/webp', sha256: 'st', id: 'S1', animated }));
		expect(event.text).toBeNull();
		expect(event.media).toEqual({
			id: 'S1',
			mimeType: 'image/webp',
			sha256: 'st',
			caption: null,
			filename: null,
			animated: expected,
		});
	});

	it('warns when a media message lacks its media object', () => {
		const event = onlyMessage(message('image'));
		expect(event.media).toBeNull();
		expect(event.warnings).toEqual(['image: expected an object, got nothing']);
	});

	it('reads a named location as "name, address"', () => {
		const event = onlyMessage(
			typed('location', { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road, Bengaluru', url: 'https://x.test' }),
		);
		expect(event.text).toBe('Office, MG Road, Bengaluru');
		expect(event.location).toEqual({
			latitude: 12.9716,
			longitude: 77.5946,
			name: 'Office',
			address: 'MG Road, Bengaluru',
			url: 'https://x.test',
		});
		expect(event.media).toBeNull();
	});

	it('reads a bare pin location as "lat,long", accepting numeric strings', () => {
		const event = onlyMessage(typed('location', { latitude: '12.5', longitude: 77 }));
		expect(event.text).toBe('12.5,77');
		expect(event.location).toEqual({ latitude: 12.5, longitude: 77, name: null, address: null, url: null });
	});

	it('reads shared contacts, joining their names', () => {
		const event = onlyMessage(
			typed('contacts', [
				{
					name: { formatted_name: 'Ravi Kumar', first_name: 'Ravi', last_name: 'Kumar' },
					phones: [{ phone: '+91 98765 00000', wa_id: '919876500000', type: 'CELL' }],
					emails: [{ email: 'ravi@example.com', type: 'WORK' }],
				},
				{ name: { first_name: 'Meera', last_name: 'Iyer' } },
				{ name: {} },
			]),
		);
		expect(event.text).toBe('Ravi Kumar, Meera Iyer');
		expect(event.contacts).toEqual([
			{
				name: 'Ravi Kumar',
				phones: [{ phone: '+91 98765 00000', waId: '919876500000', type: 'CELL' }],
				emails: [{ email: 'ravi@example.com', type: 'WORK' }],
			},
			{ name: 'Meera Iyer', phones: [], emails: [] },
			{ name: null, phones: [], emails: [] },
		]);
	});

	it('reads an interactive button reply by its title', () => {
		const event = onlyMessage(
			typed(
				'interactive',
				{ type: 'button_reply', button_reply: { id: 'yes-1', title: 'Yes' } },
				{ context: { from: DISPLAY_NUMBER, id: 'wamid.out.9' } },
			),
		);
		expect(event.text).toBe('Yes');
		expect(event.context).toEqual({ from: DISPLAY_NUMBER, id: 'wamid.out.9' });
		expect(event.interactive).toEqual({
			type: 'button_reply',
			id: 'yes-1',
			title: 'Yes',
			description: null,
			name: null,
			body: null,
			responseJson: null,
		});
	});

	it('reads an interactive list reply by its title, keeping the description', () => {
		const event = onlyMessage(
			typed('interactive', {
				type: 'list_reply',
				list_reply: { id: 'row-2', title: 'Tomorrow 10:00', description: 'Morning slot' },
			}),
		);
		expect(event.text).toBe('Tomorrow 10:00');
		expect(event.interactive).toMatchObject({ type: 'list_reply', id: 'row-2', description: 'Morning slot' });
	});

	it('reads a Flows nfm_reply by its body, else its name', () => {
		const withBody = onlyMessage(
			typed('interactive', {
				type: 'nfm_reply',
				nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t","rating":"5"}' },
			}),
		);
		expect(withBody.text).toBe('Sent');
		expect(withBody.interactive).toMatchObject({ name: 'flow', body: 'Sent', responseJson: '{"flow_token":"t","rating":"5"}' });

		const nameOnly = onlyMessage(typed('interactive', { type: 'nfm_reply', nfm_reply: { name: 'address_message' } }));
		expect(nameOnly.text).toBe('address_message');
	});

	it('reads a template quick-reply button by its text', () => {
		const event = onlyMessage(
			typed('button', { text: 'Track order', payload: 'TRACK' }, { context: { from: DISPLAY_NUMBER, id: 'wamid.tpl' } }),
		);
		expect(event.text).toBe('Track order');
		expect(event.button).toEqual({ text: 'Track order', payload: 'TRACK' });
	});

	it('reads a reaction by its emoji, and a removed reaction as null', () => {
		const added = onlyMessage(typed('reaction', { message_id: 'wamid.out.3', emoji: '👍' }));
		expect(added.text).toBe('👍');
		expect(added.reaction).toEqual({ messageId: 'wamid.out.3', emoji: '👍' });

		const removed = onlyMessage(typed('reaction', { message_id: 'wamid.out.3', emoji: '' }));
		expect(removed.text).toBeNull();
		expect(removed.reaction).toEqual({ messageId: 'wamid.out.3', emoji: null });
	});

	it('summarises an order with item count and total', () => {
		const event = onlyMessage(
			typed('order', {
				catalog_id: 'CAT1',
				text: 'Please deliver fast',
				product_items: [
					{ product_retailer_id: 'SKU1', quantity: 2, item_price: 50.5, currency: 'INR' },
					{ product_retailer_id: 'SKU2', quantity: '1', item_price: 49, currency: 'INR' },
				],
			}),
		);
		expect(event.text).toBe('Order: 3 items, 150 INR');
		expect(event.order).toEqual({
			catalogId: 'CAT1',
			text: 'Please deliver fast',
			products: [
				{ productRetailerId: 'SKU1', quantity: 2, itemPrice: 50.5, currency: 'INR' },
				{ productRetailerId: 'SKU2', quantity: 1, itemPrice: 49, currency: 'INR' },
			],
		});
	});

	it('leaves the total out of an order summary when currencies differ or prices are missing', () => {
		const mixed = onlyMessage(
			typed('order', {
				product_items: [
					{ product_retailer_id: 'A', quantity: 1, item_price: 1, currency: 'INR' },
					{ product_retailer_id: 'B', quantity: 1, item_price: 1, currency: 'USD' },
				],
			}),
		);
		expect(mixed.text).toBe('Order: 2 items');
		const unpriced = onlyMessage(typed('order', { product_items: [{ product_retailer_id: 'A', quantity: 1 }] }));
		expect(unpriced.text).toBe('Order: 1 item');
	});

	it('reads a system message by its body', () => {
		const event = onlyMessage(
			typed('system', {
				body: 'Asha changed their phone number to a number not on WhatsApp.',
				new_wa_id: '919800000000',
				type: 'customer_changed_number',
			}),
		);
		expect(event.text).toBe('Asha changed their phone number to a number not on WhatsApp.');
		expect(event.system).toEqual({
			type: 'customer_changed_number',
			body: 'Asha changed their phone number to a number not on WhatsApp.',
			waId: '919800000000',
			identity: null,
			customer: null,
		});
	});

	it('reads request_welcome with no text', () => {
		const event = onlyMessage(message('request_welcome'));
		expect(event.type).toBe('request_welcome');
		expect(event.text).toBeNull();
		expect(event.warnings).toBeUndefined();
	});

	it.each(['unknown', 'unsupported'])('reads an %s message with its error title as text', (type) => {
		const event = onlyMessage(
			message(type, {
				errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
			}),
		);
		expect(event.type).toBe(type);
		expect(event.text).toBe('Message type unknown');
		expect(event.media).toBeNull();
		expect(event.errors).toEqual([
			{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', details: 'Message type is currently not supported.' },
		]);
	});

	it('reads an unsupported message without errors as null text', () => {
		const event = onlyMessage(message('unsupported'));
		expect(event.text).toBeNull();
		expect(event.errors).toBeUndefined();
	});

	it('falls back to common text fields for types it does not know yet', () => {
		const event = onlyMessage(typed('ephemeral_note', { body: 'vanishing' }));
		expect(event.text).toBe('vanishing');
	});

	it('keeps forwarded flags and the referred product in context', () => {
		const forwarded = onlyMessage(typed('text', { body: 'fwd' }, { context: { forwarded: true } }));
		expect(forwarded.context).toEqual({ from: null, id: null, forwarded: true });

		const product = onlyMessage(
			typed('text', { body: 'Is this in stock?' }, {
				context: {
					from: DISPLAY_NUMBER,
					id: 'wamid.catalog',
					frequently_forwarded: false,
					referred_product: { catalog_id: 'CAT1', product_retailer_id: 'SKU1' },
				},
			}),
		);
		expect(product.context).toEqual({
			from: DISPLAY_NUMBER,
			id: 'wamid.catalog',
			frequentlyForwarded: false,
			referredProduct: { catalogId: 'CAT1', productRetailerId: 'SKU1' },
		});
	});

	it('reads a click-to-WhatsApp ad referral', () => {
		const event = onlyMessage(
			typed('text', { body: 'Hi' }, {
				referral: {
					source_url: 'https://fb.me/ad',
					source_id: 'AD1',
					source_type: 'ad',
					headline: 'Sale',
					body: 'Half price',
					media_type: 'image',
					image_url: 'https://img.test/1.jpg',
					ctwa_clid: 'clid-1',
				},
			}),
		);
		expect(event.referral).toEqual({
			sourceUrl: 'https://fb.me/ad',
			sourceId: 'AD1',
			sourceType: 'ad',
			headline: 'Sale',
			body: 'Half price',
			mediaType: 'image',
			imageUrl: 'https://img.test/1.jpg',
			videoUrl: null,
			thumbnailUrl: null,
			ctwaClid: 'clid-1',
		});
	});
});

describe('parseNotification: sender name', () => {
	function nameFor(contacts: unknown, from: unknown = CUSTOMER): string | null {
		const body = single({ contacts, messages: [typed('text', { body: 'x' }, { from })] });
		return only<MessageEvent>(body, 'message').name;
	}

	it('takes the contact whose wa_id matches `from`', () => {
		expect(nameFor([contact('911111111111', 'Other'), contact(CUSTOMER, 'Asha')])).toBe('Asha');
	});

	it('matches with or without a leading +', () => {
		expect(nameFor([contact(`+${CUSTOMER}`, 'Asha')])).toBe('Asha');
		expect(nameFor([contact(CUSTOMER, 'Asha')], `+${CUSTOMER}`)).toBe('Asha');
	});

	it('falls back to the first named contact when none matches', () => {
		expect(nameFor([contact('911111111111'), contact('912222222222', 'Bina')])).toBe('Bina');
	});

	it('does not borrow another name when the matching contact has none', () => {
		expect(nameFor([contact('912222222222', 'Bina'), contact(CUSTOMER)])).toBeNull();
	});

	it.each([
		['missing', undefined],
		['empty', []],
		['not an array', { wa_id: CUSTOMER, profile: { name: 'Asha' } }],
		['junk elements', [null, 7, 'x', [], { profile: 'nope' }]],
	])('is null when contacts are %s', (_label, contacts) => {
		expect(nameFor(contacts)).toBeNull();
	});

	it('uses the contacts of the message’s own change', () => {
		const body = notification([
			entry([
				change(value({ contacts: [contact('911', 'First')], messages: [typed('text', { body: 'a' }, { from: '911' })] })),
				change(value({ contacts: [contact('922', 'Second')], messages: [typed('text', { body: 'b' }, { from: '922' })] })),
			]),
		]);
		expect(ok(parseNotification(body)).map((event) => (event as MessageEvent).name)).toEqual(['First', 'Second']);
	});
});

describe('parseNotification: statuses', () => {
	it('builds a sent status with conversation and pricing', () => {
		const event = onlyStatus(status('sent', { conversation: CONVERSATION, pricing: PRICING, biz_opaque_callback_data: 'order-77' }));
		expect(event).toEqual({
			event: 'status',
			messageId: 'wamid.out.1',
			status: 'sent',
			recipientId: CUSTOMER,
			timestamp: TS_ISO,
			conversation: { id: 'conv-1', originType: 'marketing', expirationTimestamp: '2023-11-15T22:13:20.000Z' },
			pricing: { billable: true, pricingModel: 'CBP', category: 'marketing', type: null },
			errors: [],
			...METADATA,
			bizOpaqueCallbackData: 'order-77',
		});
	});

	it.each(['delivered', 'read', 'deleted'])('builds a %s status', (value) => {
		const event = onlyStatus(status(value));
		expect(event.status).toBe(value);
		expect(event.conversation).toBeNull();
		expect(event.pricing).toBeNull();
		expect(event.errors).toEqual([]);
		expect(event.warnings).toBeUndefined();
	});

	it('builds a failed status with normalised v16 errors', () => {
		const event = onlyStatus(status('failed', { errors: [V16_ERROR] }));
		expect(event.status).toBe('failed');
		expect(event.errors).toEqual([
			{
				code: 131047,
				title: 'Re-engagement message',
				message: 'Re-engagement message',
				details: V16_ERROR.error_data.details,
			},
		]);
	});

	it('normalises v15 errors (code and title only)', () => {
		const event = onlyStatus(status('failed', { errors: [V15_ERROR] }));
		expect(event.errors).toEqual([{ code: 130429, title: 'Rate limit hit', message: 'Rate limit hit', details: null }]);
	});

	it('keeps statuses in payload order, even when read comes without delivered', () => {
		const body = single({
			statuses: [status('read', { id: 'w1' }), status('sent', { id: 'w2' }), status('failed', { id: 'w3', errors: [V15_ERROR] })],
		});
		expect(ok(parseNotification(body)).map((event) => [(event as StatusEvent).messageId, (event as StatusEvent).status])).toEqual([
			['w1', 'read'],
			['w2', 'sent'],
			['w3', 'failed'],
		]);
	});
});

describe('parseNotification: value-level errors', () => {
	it('builds an error item from a v15 error', () => {
		const event = only<ErrorEvent>(single({ errors: [V15_ERROR] }), 'error');
		expect(event).toEqual({
			event: 'error',
			code: 130429,
			title: 'Rate limit hit',
			message: 'Rate limit hit',
			details: null,
			...METADATA,
		});
	});

	it('builds an error item from a v16 error with error_data', () => {
		const event = only<ErrorEvent>(single({ errors: [V16_ERROR] }), 'error');
		expect(event).toEqual({
			event: 'error',
			code: 131047,
			title: 'Re-engagement message',
			message: 'Re-engagement message',
			details: V16_ERROR.error_data.details,
			...METADATA,
		});
	});

	it('accepts a numeric-string code and warns about a missing one', () => {
		const events = ok(parseNotification(single({ errors: [{ code: '130429', title: 'Rate limit hit' }, { title: 'No code' }] })));
		expect((events[0] as ErrorEvent).code).toBe(130429);
		expect((events[1] as ErrorEvent).code).toBeNull();
		expect(events[1].warnings).toEqual(['code: expected a number, got nothing']);
	});
});

describe('parseNotification: several entries and changes', () => {
	const body = notification([
		entry(
			[
				change(value({ contacts: [contact(CUSTOMER, 'Asha')], messages: [typed('text', { body: 'm1' }, { id: 'm1' }), typed('text', { body: 'm2' }, { id: 'm2' })], statuses: [status('sent', { id: 's1' })] })),
				change(value({ statuses: [status('delivered', { id: 's2' })] }, { phone_number_id: 'PN2', display_phone_number: '15550002222' })),
			],
			'WABA-A',
		),
		entry([change(value({ errors: [V15_ERROR], messages: [typed('text', { body: 'm3' }, { id: 'm3' })] }, { phone_number_id: 'PN3' }))], 'WABA-B'),
	]);

	it('emits one event per object in payload order', () => {
		const ids = ok(parseNotification(body)).map((event) => (event.event === 'error' ? `error:${event.code}` : event.messageId));
		// Within the last value, `errors` comes before `messages` in the payload, so it is emitted first.
		expect(ids).toEqual(['m1', 'm2', 's1', 's2', 'error:130429', 'm3']);
	});

	it('carries each change’s metadata and each entry’s account id', () => {
		const metadata = ok(parseNotification(body)).map(({ phoneNumberId, displayPhoneNumber, businessAccountId }) => [
			phoneNumberId,
			displayPhoneNumber,
			businessAccountId,
		]);
		expect(metadata).toEqual([
			[PHONE_NUMBER_ID, DISPLAY_NUMBER, 'WABA-A'],
			[PHONE_NUMBER_ID, DISPLAY_NUMBER, 'WABA-A'],
			[PHONE_NUMBER_ID, DISPLAY_NUMBER, 'WABA-A'],
			['PN2', '15550002222', 'WABA-A'],
			['PN3', null, 'WABA-B'],
			['PN3', null, 'WABA-B'],
		]);
	});

	it('reads metadata given as numbers, and tolerates missing metadata', () => {
		const numeric = only<StatusEvent>(
			notification([entry([change(value({ statuses: [status('sent')] }, { phone_number_id: 106540352242922, display_phone_number: 15550783881 }))], 102290129340398)]),
			'status',
		);
		expect([numeric.phoneNumberId, numeric.displayPhoneNumber, numeric.businessAccountId]).toEqual([
			'106540352242922',
			'15550783881',
			'102290129340398',
		]);
		const bare = only<StatusEvent>(notification([{ changes: [{ value: { statuses: [status('sent')] } }] }]), 'status');
		expect([bare.phoneNumberId, bare.displayPhoneNumber, bare.businessAccountId]).toEqual([null, null, null]);
	});
});

describe('selectEvents', () => {
	const events = ok(
		parseNotification(
			single({
				messages: [typed('text', { body: 'hi' })],
				statuses: ['sent', 'delivered', 'read', 'failed', 'deleted', 'READ', 'pending'].map((value) => status(value, { id: value })),
				errors: [V15_ERROR],
			}),
		),
	);
	const statusesOf = (selected: WebhookEvent[]) => selected.filter((e): e is StatusEvent => e.event === 'status').map((e) => e.status);

	it('keeps everything with no selection, an empty one, or one naming every value', () => {
		expect(selectEvents(events, {})).toEqual(events);
		expect(selectEvents(events, { events: [], statuses: [] })).toEqual(events);
		expect(selectEvents(events, { events: ['messages', 'statuses', 'errors'], statuses: ['sent', 'delivered', 'read', 'failed', 'deleted'] })).toEqual(events);
	});

	it('selects event kinds', () => {
		expect(selectEvents(events, { events: ['messages'] }).map((e) => e.event)).toEqual(['message']);
		expect(selectEvents(events, { events: ['errors', 'messages'] }).map((e) => e.event)).toEqual(['message', 'error']);
		expect(selectEvents(events, { events: ['statuses'] })).toHaveLength(7);
	});

	it('selects status values, case-insensitively, leaving messages and errors alone', () => {
		const selected = selectEvents(events, { statuses: ['read', 'failed'] });
		expect(statusesOf(selected)).toEqual(['read', 'failed', 'READ']);
		expect(selected.map((e) => e.event)).toEqual(['message', 'status', 'status', 'status', 'error']);
	});

	it('combines both selections', () => {
		const selected = selectEvents(events, { events: ['statuses'], statuses: ['deleted'] });
		expect(statusesOf(selected)).toEqual(['deleted']);
		expect(selected).toHaveLength(1);
	});

	it('matches nothing for unknown selection values', () => {
		expect(selectEvents(events, { events: ['calls'] })).toEqual([]);
		expect(statusesOf(selectEvents(events, { statuses: ['warning'] }))).toEqual([]);
	});
});

describe('includeRaw', () => {
	const msg = typed('text', { body: 'hi' });
	const st = status('sent');
	const err = { ...V15_ERROR };
	const body = single({ contacts: [contact(CUSTOMER, 'Asha')], messages: [msg], statuses: [st], errors: [err] });

	it('is off by default', () => {
		for (const event of ok(parseNotification(body))) expect(event).not.toHaveProperty('raw');
	});

	it('adds the untouched source object of each event, last', () => {
		const events = ok(parseNotification(body, { includeRaw: true }));
		expect(events.map((event) => event.raw)).toEqual([msg, st, err]);
		expect(events[0].raw).toBe(msg);
		expect(events[1].raw).toBe(st);
		expect(events[2].raw).toBe(err);
		for (const event of events) expect(Object.keys(event).at(-1)).toBe('raw');
	});

	it('does not change the body', () => {
		const before = JSON.stringify(body);
		parseNotification(body, { includeRaw: true });
		expect(JSON.stringify(body)).toBe(before);
	});
});

describe('hostile input', () => {
	it('skips unreadable entries, changes, values and objects, and says where', () => {
		const body = notification([
			null,
			42,
			'entry',
			[],
			entry('changes' as unknown as unknown[]),
			entry([null, change([]), change(value({ messages: { id: 'not a list' }, statuses: [null, 7, [], status('read')] }))]),
		]);
		const result = parseNotification(body);
		expect(ok(result).map((event) => event.event)).toEqual(['status']);
		expect(result.skipped).toEqual([
			'entry[0]: expected an object, got null',
			'entry[1]: expected an object, got a number',
			'entry[2]: expected an object, got the string "entry"',
			'entry[3]: expected an object, got an array',
			'entry[4].changes: expected an array, got the string "changes"',
			'entry[5].changes[0]: expected an object, got null',
			'entry[5].changes[1].value: expected an object, got an array',
			'entry[5].changes[2].value.messages: expected an array, got an object',
			'entry[5].changes[2].value.statuses[0]: expected an object, got null',
			'entry[5].changes[2].value.statuses[1]: expected an object, got a number',
			'entry[5].changes[2].value.statuses[2]: expected an object, got an array',
		]);
		expect(result.skippedCount).toBe(11);
	});

	it('treats null lists as empty', () => {
		const result = parseNotification(single({ messages: null, statuses: [status('read')], errors: null }));
		expect(ok(result)).toHaveLength(1);
		expect(result.skipped).toEqual([]);
	});

	it('turns an empty object into an event full of nulls that explains itself', () => {
		const event = only<MessageEvent>(single({ messages: [{}] }), 'message');
		expect(event).toMatchObject({ messageId: null, from: null, type: null, text: null, timestamp: null, name: null });
		expect(event.warnings).toEqual([
			'id: expected a string, got nothing',
			'from: expected a string, got nothing',
			'type: expected a string, got nothing',
			'timestamp: expected unix seconds, got nothing',
		]);
		const st = only<StatusEvent>(single({ statuses: [{}] }), 'status');
		expect(st.warnings).toHaveLength(4);
	});

	it('accepts numbers where strings are expected, and reads numeric timestamps', () => {
		const event = onlyMessage({ from: 919876543210, id: 12345, timestamp: 1700000000, type: 'text', text: { body: 42 } });
		expect(event).toMatchObject({ from: '919876543210', messageId: '12345', timestamp: TS_ISO, text: '42', name: 'Asha' });
		expect(event.warnings).toBeUndefined();
	});

	it('reads millisecond and ISO timestamps, and nulls the unreadable ones without throwing', () => {
		const at = (timestamp: unknown) => onlyStatus(status('read', { timestamp })).timestamp;
		expect(at(1700000000000)).toBe(TS_ISO);
		expect(at('2023-11-14T22:13:20Z')).toBe(TS_ISO);
		expect(at(' 1700000000 ')).toBe(TS_ISO);
		for (const junk of [1e20, -5, Number.NaN, 'yesterday', '0x10', '1e9', {}, [], true, 'x'.repeat(10_000)]) {
			expect(at(junk)).toBeNull();
		}
		expect(onlyStatus(status('read', { timestamp: 1e20 })).warnings).toEqual(['timestamp: expected unix seconds, got a number']);
	});

	it('reads wrongly typed parts as absent, with warnings', () => {
		const event = onlyMessage({
			from: CUSTOMER,
			id: 'w',
			timestamp: TS,
			type: 'image',
			image: ['not', 'an', 'object'],
			context: 'reply',
			errors: { code: 1 },
			referral: 'ad',
		});
		expect(event.media).toBeNull();
		expect(event.context).toBeNull();
		expect(event.errors).toEqual([]);
		expect(event.referral).toBeUndefined();
		expect(event.warnings).toEqual([
			'image: expected an object, got an array',
			'referral: expected an object, got the string "ad"',
			'errors: expected an array, got an object',
			'context: expected an object, got the string "reply"',
		]);
	});

	it('reads a status whose conversation, pricing and errors are junk', () => {
		const event = onlyStatus(status('failed', { conversation: [], pricing: 'CBP', errors: [null, 'x', { code: 'abc' }] }));
		expect(event.conversation).toBeNull();
		expect(event.pricing).toBeNull();
		expect(event.errors).toEqual([{ code: null, title: null, message: null, details: null }]);
		expect(event.warnings).toEqual([
			'conversation: expected an object, got an array',
			'pricing: expected an object, got the string "CBP"',
			'errors[0]: expected an object, got null',
			'errors[1]: expected an object, got the string "x"',
			'errors[2].code: expected a number, got the string "abc"',
			'errors[2].title: expected a string, got nothing',
		]);
	});

	it('caps warnings per event', () => {
		const event = onlyStatus(status('failed', { errors: Array.from({ length: 5000 }, () => null) }));
		expect(event.errors).toEqual([]);
		expect(event.warnings).toHaveLength(11);
		expect(event.warnings?.at(-1)).toBe('…and 4990 more');
	});

	it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
		'does not reach Object.prototype for a message of type %j',
		(type) => {
			const event = onlyMessage(JSON.parse(`{"from":"1","id":"w","timestamp":"${TS}","type":"${type}"}`));
			expect(event.type).toBe(type);
			expect(event.text).toBeNull();
			expect(event.media).toBeNull();
		},
	);

	it('does not let payload keys pollute prototypes', () => {
		const body = JSON.parse(
			`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"__proto__":{"polluted":true},"messages":[{"__proto__":{"x":1},"type":"interactive","interactive":{"type":"__proto__"}}]}}]}]}`,
		);
		const events = ok(parseNotification(body));
		expect(events).toHaveLength(1);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect((events[0] as MessageEvent).interactive).toMatchObject({ type: '__proto__', id: null, title: null });
	});

	it('survives objects whose getters throw', () => {
		const evil = typed('text', { body: 'x' });
		Object.defineProperty(evil, 'from', {
			enumerable: true,
			get() {
				throw new Error('boom');
			},
		});
		const result = parseNotification(single({ messages: [evil, typed('text', { body: 'fine' })] }));
		expect(ok(result).map((event) => (event as MessageEvent).text)).toEqual(['fine']);
		expect(result.skipped).toEqual(['entry[0].changes[0].value.messages[0]: unreadable (boom)']);
	});

	describe('deep nesting (10,000 levels)', () => {
		const DEPTH = 10_000;
		const deepArrayText = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

		it('as the entry list, a change and a value', () => {
			const body = JSON.parse(
				`{"object":"whatsapp_business_account","entry":[${deepArrayText},{"changes":[${deepArrayText},{"value":${deepArrayText}}]}]}`,
			);
			const result = parseNotification(body);
			expect(ok(result)).toEqual([]);
			expect(result.skippedCount).toBe(3);
		});

		it('inside fields the parser reads', () => {
			const deep = deepObject(DEPTH);
			const msg = {
				from: deep,
				id: 'w',
				timestamp: deep,
				type: 'interactive',
				interactive: { type: 'nfm_reply', nfm_reply: deep },
				context: deep,
				errors: [deep],
			};
			const st = status('read', { conversation: deep, pricing: deep, errors: [deep] });
			const body = single({ contacts: [deep, { profile: deep, wa_id: deep }], messages: [msg], statuses: [st], errors: [deep] });
			const events = ok(parseNotification(body, { includeRaw: true }));
			expect(events.map((event) => event.event)).toEqual(['message', 'status', 'error']);
			expect(events[0]).toMatchObject({ messageId: 'w', from: null, timestamp: null, text: null, context: { from: null, id: null } });
			expect(events[0].raw).toBe(msg);
			expect((events[1] as StatusEvent).conversation).toEqual({ id: null, originType: null, expirationTimestamp: null });
		});

		it('at 100,000 levels built without JSON', () => {
			const deep = deepObject(100_000);
			expect(() => parseNotification({ object: 'whatsapp_business_account', entry: [deep], deep })).not.toThrow();
			expect(() => parseNotification(deep)).not.toThrow();
		});
	});

	describe('huge bodies', () => {
		it('parses a 10 MB body of real statuses and messages quickly', () => {
			const entries: Json[] = [];
			for (let index = 0; index < 10_000; index++) {
				entries.push(
					entry([
						change(
							value({
								contacts: [contact(CUSTOMER, `Customer ${index}`)],
								messages: [typed('text', { body: `message ${index} ${'lorem ipsum '.repeat(40)}` }, { id: `m${index}` })],
								statuses: [status('delivered', { id: `s${index}`, conversation: CONVERSATION, pricing: PRICING })],
							}),
						),
					], `WABA-${index}`),
				);
			}
			const raw = JSON.stringify(notification(entries));
			expect(raw.length).toBeGreaterThan(10_000_000);
			const started = performance.now();
			const result = parseNotification(JSON.parse(raw));
			const elapsed = performance.now() - started;
			const events = ok(result);
			expect(events).toHaveLength(20_000);
			expect(result.skipped).toEqual([]);
			expect((events[19_998] as MessageEvent).name).toBe('Customer 9999');
			expect(events[19_999].businessAccountId).toBe('WABA-9999');
			expect(elapsed).toBeLessThan(2000);
		});

		it('caps the skipped list for a 10 MB body of junk', () => {
			const junk = Array.from({ length: 2_000_000 }, (_, index) => (index % 2 === 0 ? 1 : null));
			const body = JSON.parse(JSON.stringify(notification(junk)));
			expect(JSON.stringify(body).length).toBeGreaterThan(7_000_000);
			const result = parseNotification(body);
			expect(ok(result)).toEqual([]);
			expect(result.skippedCount).toBe(2_000_000);
			expect(result.skipped).toHaveLength(MAX_SKIPPED_NOTES + 1);
			expect(result.skipped.at(-1)).toBe(`…and ${2_000_000 - MAX_SKIPPED_NOTES} more`);
		});

		it('passes a huge text through without slowing down', () => {
			const body = 'x'.repeat(10_000_000);
			const event = onlyMessage(typed('text', { body }));
			expect(event.text).toHaveLength(10_000_000);
		});
	});
});

describe('n8n compatibility', () => {
	it('produces items n8n can carry as IDataObject', () => {
		const events = ok(parseNotification(single({ messages: [typed('text', { body: 'hi' })], statuses: [status('read')], errors: [V15_ERROR] }), { includeRaw: true }));
		// Compile-time check: the node can hand events to n8n without casting.
		const items: IDataObject[] = events;
		expect(JSON.parse(JSON.stringify(items))).toEqual(items);
	});
});

describe('isoFromMilliseconds', () => {
	it('formats exactly like Date#toISOString', () => {
		const edges = [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, 1_700_000_000_123.9];
		const random = Array.from({ length: 20_000 }, () => Math.random() * 8.64e15);
		for (const ms of [...edges, ...random]) expect(isoFromMilliseconds(ms)).toBe(new Date(ms).toISOString());
	});
});

describe('verifySignature', () => {
	const secret = 'webhook-secret';
	const body = Buffer.from(JSON.stringify(single({ statuses: [status('read')] })));
	const sign = (payload: Buffer, key = secret) => `sha256=${createHmac('sha256', key).update(payload).digest('hex')}`;

	it('accepts the HMAC-SHA256 of the raw body', () => {
		expect(verifySignature(body, sign(body), secret)).toBe(true);
	});

	it('accepts upper-case hex, an upper-case prefix and surrounding blanks', () => {
		const hex = sign(body).slice('sha256='.length);
		expect(verifySignature(body, `SHA256=${hex.toUpperCase()}`, secret)).toBe(true);
		expect(verifySignature(body, `  sha256=${hex} `, secret)).toBe(true);
	});

	it('rejects another secret or a changed body', () => {
		expect(verifySignature(body, sign(body, 'other'), secret)).toBe(false);
		const tampered = Buffer.from(body.toString().replace('read', 'sent'));
		expect(verifySignature(tampered, sign(body), secret)).toBe(false);
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['without prefix', createHmac('sha256', secret).update(body).digest('hex')],
		['sha1', `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`],
		['too short', sign(body).slice(0, -2)],
		['too long', `${sign(body)}00`],
		['non-hex', `sha256=${'z'.repeat(64)}`],
		['half-valid hex', `sha256=${sign(body).slice(7, 39)}${'g'.repeat(32)}`],
	])('rejects a header that is %s', (_label, header) => {
		expect(verifySignature(body, header, secret)).toBe(false);
	});

	it('rejects an empty secret and a body that is not a Buffer', () => {
		expect(verifySignature(body, sign(body, ''), '')).toBe(false);
		expect(verifySignature(body.toString() as unknown as Buffer, sign(body), secret)).toBe(false);
		expect(verifySignature(undefined as unknown as Buffer, sign(body), secret)).toBe(false);
		expect(verifySignature(body, [sign(body)] as unknown as string, secret)).toBe(false);
	});
});

describe('tokensEqual', () => {
	it('is true for equal tokens only', () => {
		expect(tokensEqual('s3cr3t-token', 's3cr3t-token')).toBe(true);
		expect(tokensEqual('s3cr3t-token', 's3cr3t-tokeN')).toBe(false);
		expect(tokensEqual('short', 'a much longer token')).toBe(false);
		expect(tokensEqual('ü', 'u')).toBe(false);
	});

	it('never matches empty or non-string tokens', () => {
		expect(tokensEqual('', '')).toBe(false);
		expect(tokensEqual(undefined, undefined)).toBe(false);
		expect(tokensEqual(null, 'x')).toBe(false);
		expect(tokensEqual(['x'], 'x')).toBe(false);
		expect(tokensEqual(1, '1')).toBe(false);
	});
});
