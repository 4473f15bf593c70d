import axios from 'axios';
import { createHmac } from 'node:crypto';
import {
	INBOUND_TYPES,
	SANDBOX_PHONE_NUMBER_ID,
	SANDBOX_SENDER_ID,
	SANDBOX_WABA_ID,
	buildInboundMessage,
	startSandbox,
} from '../../sandbox';
import {
	type Harness,
	type Receiver,
	SEND_PATH,
	form,
	startHarness,
	startReceiver,
	statusOf,
	until,
	valueOf,
	xlsxPart,
} from './helpers';

const chat = {
	flowType: 'WHATSAPP',
	type: 'CHAT',
	senderId: SANDBOX_SENDER_ID,
	countryCode: '91',
	mobileNumber: '7715836906',
	message: 'hi',
};

describe('sandbox: webhooks', () => {
	let h: Harness;
	let rx: Receiver;
	beforeAll(async () => {
		h = await startHarness();
		rx = await startReceiver();
	});
	afterAll(async () => {
		await h.sb.close();
		await rx.close();
	});
	beforeEach(() => {
		h.sb.reset();
		rx.received.length = 0;
		rx.status = 200;
		h.sb.configure({ callbackUrl: rx.url, statusDelayMs: 5 });
	});

	describe('status callbacks', () => {
		it('plays sent → delivered → read for a chat, Meta-shaped, signed', async () => {
			h.sb.configure({ callbackSecret: 'shh' });
			const res = await h.api.post(SEND_PATH, null, { params: chat });
			const wamid = res.data.data.transactionId as string;
			await until(() => rx.received.length === 3);
			expect(rx.received.map((r) => statusOf(r.body).status)).toEqual([
				'sent',
				'delivered',
				'read',
			]);
			for (const r of rx.received) {
				const expected = `sha256=${createHmac('sha256', 'shh').update(r.raw).digest('hex')}`;
				expect(r.headers['x-hub-signature-256']).toBe(expected);
				expect(r.headers['content-type']).toBe('application/json');
			}
			const first = rx.received[0].body as Record<string, unknown>;
			expect(first).toEqual({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: SANDBOX_WABA_ID,
						changes: [
							{
								field: 'messages',
								value: {
									messaging_product: 'whatsapp',
									metadata: {
										display_phone_number: SANDBOX_SENDER_ID,
										phone_number_id: SANDBOX_PHONE_NUMBER_ID,
									},
									statuses: [
										{
											id: wamid,
											status: 'sent',
											timestamp: expect.stringMatching(/^\d{10}$/),
											recipient_id: '917715836906',
											conversation: {
												id: expect.any(String),
												origin: { type: 'service' },
												expiration_timestamp: expect.stringMatching(/^\d{10}$/),
											},
											pricing: { billable: false, pricing_model: 'CBP', category: 'service' },
										},
									],
								},
							},
						],
					},
				],
			});
			const delivered = statusOf(rx.received[1].body);
			expect(delivered.conversation).not.toHaveProperty('expiration_timestamp');
			expect(delivered).toHaveProperty('pricing');
			// The receiver has the body before the sandbox has the answer: wait for the record.
			await until(() => h.sb.state.callbacks.every((c) => c.status !== null));
			expect(h.sb.state.callbacks.map((c) => [c.kind, c.status, c.signed])).toEqual([
				['status', 200, true],
				['status', 200, true],
				['status', 200, true],
			]);
		});

		it('unsigned without a secret; the pricing category follows the template', async () => {
			h.sb.seedTemplate({
				name: 'util',
				category: 'UTILITY',
				components: [{ type: 'BODY', text: 'Hi.' }],
			});
			await h.api.post(SEND_PATH, null, {
				params: {
					...chat,
					type: 'BROADCAST',
					templateName: 'util',
					langId: 'en_US',
					message: undefined,
				},
			});
			await until(() => rx.received.length === 3);
			expect(rx.received[0].headers['x-hub-signature-256']).toBeUndefined();
			expect(statusOf(rx.received[0].body).pricing).toEqual({
				billable: true,
				pricing_model: 'CBP',
				category: 'utility',
			});
		});

		it('every bulk row gets its own status sequence', async () => {
			h.sb.seedTemplate({ name: 'plain', components: [{ type: 'BODY', text: 'Hi.' }] });
			const file = await xlsxPart([
				['Country', 'Mobile', 'ctaVar1', 'ctaVar2'],
				[91, 7890987652, null, null],
				[91, 7890987653, null, null],
			]);
			await h.api.post(SEND_PATH, form({}, file), {
				params: {
					flowType: 'WHATSAPP',
					type: 'BROADCAST',
					senderId: SANDBOX_SENDER_ID,
					templateName: 'plain',
					langId: 'en_US',
				},
			});
			await until(() => rx.received.length === 6);
			for (const to of ['917890987652', '917890987653']) {
				const mine = rx.received.map((r) => statusOf(r.body)).filter((s) => s.recipient_id === to);
				expect(mine.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
			}
		});

		it('failingRecipients end sent → failed with errors[]', async () => {
			h.sb.configure({ failingRecipients: ['917715836906'] });
			await h.api.post(SEND_PATH, null, { params: chat });
			await until(() => rx.received.length === 2);
			const failed = statusOf(rx.received[1].body);
			expect(failed).toMatchObject({
				status: 'failed',
				errors: [
					{
						code: 131026,
						title: 'Message undeliverable',
						message: 'Message undeliverable',
						error_data: { details: expect.any(String) },
					},
				],
			});
			expect(failed).not.toHaveProperty('pricing');
		});

		it('enforceServiceWindow: a chat without an inbound message in 24 h fails with 131047', async () => {
			h.sb.configure({ enforceServiceWindow: true });
			await h.api.post(SEND_PATH, null, { params: chat });
			await until(() => rx.received.length === 2);
			expect(statusOf(rx.received[1].body)).toMatchObject({
				status: 'failed',
				errors: [{ code: 131047 }],
			});
			rx.received.length = 0;
			await h.sb.inbound({ type: 'text', from: '917715836906' });
			await h.api.post(SEND_PATH, null, { params: chat });
			await until(() => rx.received.length === 4);
			expect(rx.received.slice(1).map((r) => statusOf(r.body).status)).toEqual([
				'sent',
				'delivered',
				'read',
			]);
		});

		it('no callbacks without callbackUrl', async () => {
			h.sb.configure({ callbackUrl: null });
			await h.api.post(SEND_PATH, null, { params: chat });
			await new Promise((r) => setTimeout(r, 50));
			expect(rx.received).toHaveLength(0);
			expect(h.sb.state.callbacks).toHaveLength(0);
		});

		it('a failing or unreachable callback URL is recorded, never fatal', async () => {
			rx.status = 500;
			await h.api.post(SEND_PATH, null, { params: chat });
			await until(
				() =>
					h.sb.state.callbacks.length === 3 && h.sb.state.callbacks.every((c) => c.status !== null),
			);
			expect(h.sb.state.callbacks.map((c) => c.status)).toEqual([500, 500, 500]);
			h.sb.reset();
			h.sb.configure({ callbackUrl: 'http://127.0.0.1:9/nowhere', statusDelayMs: 1 });
			const res = await h.api.post(SEND_PATH, null, { params: chat });
			expect(res.data.responseCode).toBe(200);
			await until(
				() =>
					h.sb.state.callbacks.length === 3 && h.sb.state.callbacks.every((c) => c.error !== null),
			);
			expect(h.sb.state.callbacks[0]).toMatchObject({
				status: null,
				error: expect.stringMatching(/ECONNREFUSED/),
			});
		});

		it('a reset cancels status callbacks still pending', async () => {
			h.sb.configure({ statusDelayMs: 100 });
			await h.api.post(SEND_PATH, null, { params: chat });
			h.sb.reset();
			await new Promise((r) => setTimeout(r, 250));
			expect(rx.received).toHaveLength(0);
		});

		it('close() clears pending timers so the process can exit', async () => {
			const sb = await startSandbox({
				callbackUrl: rx.url,
				statusDelayMs: 60_000,
				autoApproveSeconds: 60,
			});
			const { client, fetchToken, createTemplate } = await import('./helpers');
			const api = client(sb, await fetchToken(sb));
			await api.post(SEND_PATH, null, { params: chat });
			await createTemplate(api);
			const t = Date.now();
			await sb.close();
			expect(Date.now() - t).toBeLessThan(500);
			// jest's open-handle detection would flag a leaked 60 s timer here.
		});

		it('POST /__sandbox/status sends any status for a known wamid', async () => {
			const res = await h.api.post(SEND_PATH, null, { params: chat });
			const wamid = res.data.data.transactionId as string;
			await until(() => rx.received.length === 3);
			const sent = await axios.post(`${h.sb.url}/__sandbox/status`, {
				wamid,
				status: 'failed',
				errorCode: 131056,
			});
			expect(sent.data.callbackStatus).toBe(200);
			expect(statusOf(sent.data.payload)).toMatchObject({
				id: wamid,
				recipient_id: '917715836906',
				status: 'failed',
				errors: [{ code: 131056 }],
			});
			const bad = await axios.post(
				`${h.sb.url}/__sandbox/status`,
				{ wamid: 'wamid.x', status: 'read' },
				{ validateStatus: () => true },
			);
			expect(bad.status).toBe(400);
		});

		it('POST /__sandbox/callback posts a raw payload as is', async () => {
			const payload = {
				object: 'whatsapp_business_account',
				entry: [{ id: '1', changes: [] }],
				extra: [1, 2],
			};
			const res = await axios.post(`${h.sb.url}/__sandbox/callback`, payload);
			expect(res.data).toEqual({ payload, callbackStatus: 200, error: null });
			expect(rx.received[0].body).toEqual(payload);
			expect(h.sb.state.callbacks[0].kind).toBe('raw');
		});
	});

	describe('inbound messages', () => {
		const inbound = async (body: Record<string, unknown>) => {
			const res = await axios.post(`${h.sb.url}/__sandbox/inbound`, body);
			expect(res.data.callbackStatus).toBe(200);
			expect(rx.received.at(-1)!.body).toEqual(res.data.payload);
			const value = valueOf(res.data.payload);
			return { value, message: (value.messages as Array<Record<string, unknown>>)[0] };
		};

		it('text: contacts + messages, Meta-shaped', async () => {
			const { value, message } = await inbound({
				type: 'text',
				from: '919876500000',
				name: 'Asha',
				text: 'Hello',
			});
			expect(value).toMatchObject({
				messaging_product: 'whatsapp',
				metadata: {
					display_phone_number: SANDBOX_SENDER_ID,
					phone_number_id: SANDBOX_PHONE_NUMBER_ID,
				},
				contacts: [{ profile: { name: 'Asha' }, wa_id: '919876500000' }],
			});
			expect(message).toEqual({
				from: '919876500000',
				id: expect.stringMatching(/^wamid\./),
				timestamp: expect.stringMatching(/^\d{10}$/),
				type: 'text',
				text: { body: 'Hello' },
			});
		});

		it.each([
			['image', 'image', { mime_type: 'image/jpeg' }],
			['video', 'video', { mime_type: 'video/mp4' }],
			['audio', 'audio', { mime_type: 'audio/ogg; codecs=opus', voice: true }],
			['document', 'document', { mime_type: 'application/pdf', filename: 'document.pdf' }],
			['sticker', 'sticker', { mime_type: 'image/webp', animated: false }],
		])('%s carries a media object', async (type, key, expected) => {
			const { message } = await inbound({ type });
			expect(message.type).toBe(type);
			expect(message[key]).toMatchObject({
				...expected,
				id: expect.any(String),
				sha256: expect.any(String),
			});
		});

		it('media captions and file names can be given', async () => {
			const { message } = await inbound({
				type: 'document',
				caption: 'Invoice',
				filename: 'inv.pdf',
				mediaId: '123',
			});
			expect(message.document).toEqual({
				caption: 'Invoice',
				filename: 'inv.pdf',
				mime_type: 'application/pdf',
				sha256: expect.any(String),
				id: '123',
			});
		});

		it.each([
			[
				'location',
				{ latitude: 1.5, longitude: 2.5, locationName: 'Office', address: 'Main St' },
				{ location: { latitude: 1.5, longitude: 2.5, name: 'Office', address: 'Main St' } },
			],
			[
				'contacts',
				{},
				{
					contacts: [
						expect.objectContaining({ name: expect.any(Object), phones: expect.any(Array) }),
					],
				},
			],
			[
				'button',
				{ buttonText: 'Yes', buttonPayload: 'YES' },
				{
					button: { text: 'Yes', payload: 'YES' },
					context: { from: SANDBOX_SENDER_ID, id: expect.any(String) },
				},
			],
			[
				'reaction',
				{ contextId: 'wamid.abc', emoji: '❤' },
				{ reaction: { message_id: 'wamid.abc', emoji: '❤' } },
			],
			[
				'order',
				{ text: 'Two please' },
				{
					order: {
						catalog_id: expect.any(String),
						text: 'Two please',
						product_items: expect.any(Array),
					},
				},
			],
			['request_welcome', {}, {}],
			[
				'unknown',
				{},
				{ errors: [{ code: 131051, title: expect.any(String), details: expect.any(String) }] },
			],
			[
				'unsupported',
				{},
				{ errors: [expect.objectContaining({ code: 131051, error_data: expect.any(Object) })] },
			],
		])('%s', async (type, extra, expected) => {
			const { message } = await inbound({ type, ...extra });
			expect(message).toMatchObject({ type, ...expected });
		});

		it('system messages carry no contacts', async () => {
			const { value, message } = await inbound({ type: 'system', newWaId: '919876500009' });
			expect(value).not.toHaveProperty('contacts');
			expect(message.system).toMatchObject({
				type: 'user_changed_number',
				wa_id: '919876500009',
				body: expect.any(String),
			});
		});

		it.each([
			[
				'button_reply',
				{ replyId: 'y', replyTitle: 'Yes' },
				{ button_reply: { id: 'y', title: 'Yes' } },
			],
			[
				'list_reply',
				{ replyId: 'r1', replyTitle: 'One', replyDescription: 'First' },
				{ list_reply: { id: 'r1', title: 'One', description: 'First' } },
			],
			[
				'nfm_reply',
				{ responseJson: '{"a":1}' },
				{ nfm_reply: { response_json: '{"a":1}', body: 'Sent', name: 'flow' } },
			],
		])('interactive %s (as type or as interactiveType)', async (kind, extra, expected) => {
			const a = await inbound({ type: kind, contextId: 'wamid.ctx', ...extra });
			expect(a.message).toMatchObject({
				type: 'interactive',
				interactive: { type: kind, ...expected },
				context: { id: 'wamid.ctx', from: SANDBOX_SENDER_ID },
			});
			const b = await inbound({ type: 'interactive', interactiveType: kind, ...extra });
			expect(b.message.interactive).toEqual(a.message.interactive);
		});

		it('covers every inbound type of docs/whatsapp.md', () => {
			for (const type of INBOUND_TYPES) expect(buildInboundMessage({ type }).type).toBe(type);
		});

		it('`message` overrides are merged last', async () => {
			const { message } = await inbound({
				type: 'text',
				message: { id: 'wamid.fixed', timestamp: '1700000000' },
			});
			expect(message).toMatchObject({ id: 'wamid.fixed', timestamp: '1700000000' });
		});

		it('signed like statuses; unknown type → 400; without callbackUrl the payload still comes back', async () => {
			h.sb.configure({ callbackSecret: 'k' });
			await inbound({ type: 'text' });
			const r = rx.received.at(-1)!;
			expect(r.headers['x-hub-signature-256']).toBe(
				`sha256=${createHmac('sha256', 'k').update(r.raw).digest('hex')}`,
			);
			const bad = await axios.post(
				`${h.sb.url}/__sandbox/inbound`,
				{ type: 'fax' },
				{ validateStatus: () => true },
			);
			expect(bad.status).toBe(400);
			h.sb.configure({ callbackUrl: null });
			const res = await h.sb.inbound({ type: 'text' });
			expect(res).toMatchObject({
				callbackStatus: null,
				error: 'callbackUrl is not set',
				payload: { object: 'whatsapp_business_account' },
			});
		});
	});
});
