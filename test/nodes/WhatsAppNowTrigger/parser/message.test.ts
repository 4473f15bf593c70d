import { CUSTOMER, DISPLAY_NUMBER, TS_ISO, message, typed } from '../fixtures';
import { METADATA, onlyMessage } from './parsed';

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
			chatInput: 'Hello there',
			sessionId: CUSTOMER,
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
			'chatInput',
			'sessionId',
			'timestamp',
			'context',
			'media',
			'phoneNumberId',
			'displayPhoneNumber',
			'businessAccountId',
		]);
	});

	it.each([
		[
			'an image without a caption',
			typed('image', { mime_type: 'image/jpeg', id: 'M1' }),
			'[image]',
		],
		['an image with a caption', typed('image', { caption: 'Invoice', id: 'M2' }), 'Invoice'],
		['a voice note', typed('audio', { id: 'M3', voice: true }), '[voice message]'],
		['an audio file', typed('audio', { id: 'M4' }), '[audio]'],
		['a sticker', typed('sticker', { id: 'M5' }), '[sticker]'],
		[
			'a quick-reply button',
			typed('button', { text: 'Yes, confirm', payload: 'YES' }),
			'Yes, confirm',
		],
		['a first contact', typed('request_welcome', {}), '[the customer opened the chat]'],
		['a blank text', typed('text', { body: '   ' }), '[text]'],
	])('chatInput for %s: what an AI agent reads as the prompt', (_label, msg, chatInput) => {
		const event = onlyMessage(msg);
		expect(event.chatInput).toBe(chatInput);
		expect(event.sessionId).toBe(CUSTOMER);
	});

	it('reads an image with its caption as text', () => {
		const event = onlyMessage(
			typed('image', {
				caption: 'Invoice photo',
				mime_type: 'image/jpeg',
				sha256: 'abc=',
				id: 'MEDIA1',
			}),
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
		const event = onlyMessage(
			typed('audio', { mime_type: 'audio/ogg; codecs=opus', sha256: 's', id: 'A1', voice: true }),
		);
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
			typed('video', {
				caption: 'Unboxing',
				filename: 'clip.mp4',
				mime_type: 'video/mp4',
				sha256: 'v',
				id: 'V1',
			}),
		);
		expect(event.text).toBe('Unboxing');
		expect(event.media).toMatchObject({
			id: 'V1',
			mimeType: 'video/mp4',
			caption: 'Unboxing',
			filename: 'clip.mp4',
		});
	});

	it('reads a document with filename and no caption', () => {
		const event = onlyMessage(
			typed('document', {
				filename: 'report.pdf',
				mime_type: 'application/pdf',
				sha256: 'd',
				id: 'D1',
			}),
		);
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
		const event = onlyMessage(
			typed('sticker', { mime_type: 'image/webp', sha256: 'st', id: 'S1', animated }),
		);
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
			typed('location', {
				latitude: 12.9716,
				longitude: 77.5946,
				name: 'Office',
				address: 'MG Road, Bengaluru',
				url: 'https://x.test',
			}),
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
		expect(event.location).toEqual({
			latitude: 12.5,
			longitude: 77,
			name: null,
			address: null,
			url: null,
		});
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
		expect(event.interactive).toMatchObject({
			type: 'list_reply',
			id: 'row-2',
			description: 'Morning slot',
		});
	});

	it('reads a Flows nfm_reply by its body, else its name', () => {
		const withBody = onlyMessage(
			typed('interactive', {
				type: 'nfm_reply',
				nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t","rating":"5"}' },
			}),
		);
		expect(withBody.text).toBe('Sent');
		expect(withBody.interactive).toMatchObject({
			name: 'flow',
			body: 'Sent',
			responseJson: '{"flow_token":"t","rating":"5"}',
		});

		const nameOnly = onlyMessage(
			typed('interactive', { type: 'nfm_reply', nfm_reply: { name: 'address_message' } }),
		);
		expect(nameOnly.text).toBe('address_message');
	});

	it('reads a template quick-reply button by its text', () => {
		const event = onlyMessage(
			typed(
				'button',
				{ text: 'Track order', payload: 'TRACK' },
				{ context: { from: DISPLAY_NUMBER, id: 'wamid.tpl' } },
			),
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
		const unpriced = onlyMessage(
			typed('order', { product_items: [{ product_retailer_id: 'A', quantity: 1 }] }),
		);
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

	it.each(['unknown', 'unsupported'])(
		'reads an %s message with its error title as text',
		(type) => {
			const event = onlyMessage(
				message(type, {
					errors: [
						{
							code: 131051,
							title: 'Message type unknown',
							message: 'Message type unknown',
							error_data: { details: 'Message type is currently not supported.' },
						},
					],
				}),
			);
			expect(event.type).toBe(type);
			expect(event.text).toBe('Message type unknown');
			expect(event.media).toBeNull();
			expect(event.errors).toEqual([
				{
					code: 131051,
					title: 'Message type unknown',
					message: 'Message type unknown',
					details: 'Message type is currently not supported.',
					hint: null,
				},
			]);
		},
	);

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
			typed(
				'text',
				{ body: 'Is this in stock?' },
				{
					context: {
						from: DISPLAY_NUMBER,
						id: 'wamid.catalog',
						frequently_forwarded: false,
						referred_product: { catalog_id: 'CAT1', product_retailer_id: 'SKU1' },
					},
				},
			),
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
			typed(
				'text',
				{ body: 'Hi' },
				{
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
				},
			),
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
