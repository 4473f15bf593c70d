import { CHAT_MAX_LENGTH, SANDBOX_SENDER_ID } from '../../../../sandbox';
import { useSandbox } from '../../../harness/sandboxFixture';
import { binaryItem, runner, sendRequests, sha256 } from './fixtures';

const ctx = useSandbox();
const sendChat = runner(ctx, 'sendChat');

// A 1×1 PNG: real image bytes, so the check is on what travels, not on a label.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

describe('message → sendChat', () => {
	test('the query the document shows; messageId is the returned wamid', async () => {
		const result = await sendChat({
			phoneNumber: '+91 98765-43210',
			message: 'Welcome to Message Central',
		});
		expect(result.error).toBeUndefined();
		const [request] = sendRequests(ctx.sandbox);
		expect(request.query).toEqual({
			flowType: 'WHATSAPP',
			type: 'CHAT',
			senderId: SANDBOX_SENDER_ID,
			countryCode: '91',
			mobileNumber: '9876543210',
			message: 'Welcome to Message Central',
		});
		expect(request.files).toEqual([]);
		const [message] = ctx.sandbox.state.messages;
		expect(result.items).toEqual([
			{
				json: {
					success: true,
					to: '919876543210',
					countryCode: '91',
					mobileNumber: '9876543210',
					messageId: message.wamid,
					response: request.response,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(message.wamid).toMatch(/^wamid\./);
	});

	test('a file travels as multipart "file" with its bytes, name and MIME type', async () => {
		const result = await sendChat(
			{
				phoneNumber: '+919876543210',
				message: 'Your invoice',
				attachMedia: true,
				binaryPropertyName: 'data',
			},
			{ items: [binaryItem(PNG, 'image/png', 'pixel.png')] },
		);
		expect(result.error).toBeUndefined();
		const [request] = sendRequests(ctx.sandbox);
		expect(request.files).toEqual([
			expect.objectContaining({
				field: 'file',
				filename: 'pixel.png',
				mimeType: 'image/png',
				size: PNG.length,
				sha256: sha256(PNG),
			}),
		]);
		expect(Buffer.from(request.files[0].base64, 'base64').equals(PNG)).toBe(true);
		expect(request.query).toMatchObject({ type: 'CHAT', message: 'Your invoice' });
		expect(ctx.sandbox.state.messages[0].file).toEqual({
			filename: 'pixel.png',
			mimeType: 'image/png',
			size: PNG.length,
			sha256: sha256(PNG),
		});
	});

	test('another binary property can be named', async () => {
		const item = binaryItem(PNG, 'application/pdf', 'terms.pdf');
		item.binary = { attachment: item.binary!.data };
		const result = await sendChat(
			{
				phoneNumber: '+919876543210',
				message: 'Terms',
				attachMedia: true,
				binaryPropertyName: 'attachment',
			},
			{ items: [item] },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].files[0]).toMatchObject({
			filename: 'terms.pdf',
			mimeType: 'application/pdf',
		});
	});

	describe('media checks (docs/whatsapp.md limits) before sending', () => {
		test.each([
			[
				'a GIF (no WhatsApp media type)',
				Buffer.alloc(100),
				'image/gif',
				'a.gif',
				/MIME type "image\/gif" cannot be sent here/,
			],
			[
				'a 6 MB JPEG (images: 5 MB)',
				Buffer.alloc(6 * 1024 * 1024),
				'image/jpeg',
				'big.jpg',
				/The image is 6\.0 MB; WhatsApp accepts at most 5\.0 MB/,
			],
			[
				'a 600 KB sticker (500 KB)',
				Buffer.alloc(600 * 1024),
				'image/webp',
				's.webp',
				/The sticker is 600 KB; WhatsApp accepts at most 500 KB/,
			],
			[
				'an unlabelled file',
				Buffer.alloc(10),
				'application/octet-stream',
				'blob',
				/MIME type "application\/octet-stream" cannot be sent/,
			],
		])('%s is refused and nothing is sent', async (_label, content, mime, name, message) => {
			const result = await sendChat(
				{ phoneNumber: '+919876543210', message: 'x', attachMedia: true },
				{ items: [binaryItem(content, mime, name)] },
			);
			expect(result.error?.message).toMatch(/^Input Binary Field "data": /);
			expect(result.error?.message).toMatch(message);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('a 16 MB MP4 is at the limit and goes', async () => {
			const video = Buffer.alloc(16 * 1024 * 1024, 1);
			const result = await sendChat(
				{ phoneNumber: '+919876543210', message: 'clip', attachMedia: true },
				{ items: [binaryItem(video, 'video/mp4', 'clip.mp4')] },
			);
			expect(result.error).toBeUndefined();
			expect(sendRequests(ctx.sandbox)[0].files[0]).toMatchObject({
				size: video.length,
				sha256: sha256(video),
			});
		}, 30_000);

		test('a missing binary property names it', async () => {
			const result = await sendChat(
				{ phoneNumber: '+919876543210', message: 'x', attachMedia: true },
				{ items: [{ json: {} }] },
			);
			expect(result.error?.message).toBe(
				'Input Binary Field: item 0 has no binary property "data"',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});
	});

	describe('message length', () => {
		test('4096 characters go; past 2000 encoded characters the message is a multipart field, not in the URL', async () => {
			const text = 'a'.repeat(4096);
			const result = await sendChat({ phoneNumber: '+919876543210', message: text });
			expect(result.error).toBeUndefined();
			const [request] = sendRequests(ctx.sandbox);
			expect(request.query).not.toHaveProperty('message');
			expect(request.fields).toEqual({ message: text });
			expect(ctx.sandbox.state.messages[0].message).toBe(text);
		});

		test('a non-Latin message arrives intact whichever way it travels', async () => {
			const short = 'नमस्ते & welcome? #1 = 100%';
			const long = 'नमस्ते '.repeat(100);
			const result = await sendChat(
				{ phoneNumber: '+919876543210', message: '={{ $json.text }}' },
				{ items: [{ json: { text: short } }, { json: { text: long } }] },
			);
			expect(result.error).toBeUndefined();
			expect(ctx.sandbox.state.messages.map((m) => m.message)).toEqual([short, long]);
		});

		test('4097 characters are refused before sending', async () => {
			const result = await sendChat({ phoneNumber: '+919876543210', message: 'a'.repeat(4097) });
			expect(result.error?.message).toBe(
				'Message (item 0) is 4097 characters long; WhatsApp allows at most 4096',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('length is counted as the API counts it (UTF-16 units): 4096 emoji are refused before any request', async () => {
			const result = await sendChat({ phoneNumber: '+919876543210', message: '😀'.repeat(4096) });
			expect(result.error?.message).toBe(
				'Message (item 0) is 8192 characters long as WhatsApp counts them (emoji count 2); WhatsApp allows at most 4096',
			);
			expect(result.error?.description).toMatch(/UTF-16/);
			expect(ctx.sandbox.state.requests).toEqual([]);
		});

		test('2048 emoji (4096 UTF-16 units) pass and arrive intact', async () => {
			const text = '😀'.repeat(2048);
			const result = await sendChat({ phoneNumber: '+919876543210', message: text });
			expect(result.error).toBeUndefined();
			expect(ctx.sandbox.state.messages.map((m) => m.message)).toEqual([text]);
			expect(text.length).toBe(CHAT_MAX_LENGTH);
		});

		test('an empty message (from an expression) is refused', async () => {
			const result = await sendChat({
				phoneNumber: '+919876543210',
				message: '={{ $json.missing }}',
			});
			expect(result.error?.message).toBe('Message (item 0) is empty');
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});
	});

	describe('continueOnFail', () => {
		const items = [
			{ json: { phone: '+919876543210', text: 'hi' } },
			{ json: { phone: 'not a number', text: 'hi' } },
			{ json: { phone: '+919876543211', text: '' } },
			{ json: { phone: '+919876543212', text: 'hi' } },
		];
		const parameters = { phoneNumber: '={{ $json.phone }}', message: '={{ $json.text }}' };

		test('off: the first bad item stops the run before anything is sent', async () => {
			const result = await sendChat(parameters, { items });
			expect(result.error?.message).toBe(
				'Phone Number (item 1): "not a number" is not a valid phone number. Use international format such as +919876543210, or set Default Country Code for national numbers.',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('on: one error item per bad item, in place, and the others are sent', async () => {
			const result = await sendChat(parameters, { items, continueOnFail: true });
			expect(result.items.map((i) => i.json.success ?? i.json.error)).toEqual([
				true,
				expect.stringContaining('Phone Number (item 1)'),
				'Message (item 2) is empty',
				true,
			]);
			expect(result.items.map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
			expect(result.items[2].json.code).toBeNull();
			expect(ctx.sandbox.state.messages.map((m) => m.to)).toEqual(['919876543210', '919876543212']);
		});

		test('on: bad media and an over-long message are error items; the good item is sent', async () => {
			const result = await sendChat(
				{ phoneNumber: '+919876543210', message: '={{ $json.text }}', attachMedia: true },
				{
					continueOnFail: true,
					items: [
						binaryItem(Buffer.alloc(10), 'image/gif', 'a.gif', { text: 'gif' }),
						binaryItem(PNG, 'image/png', 'ok.png', { text: 'a'.repeat(4097) }),
						binaryItem(PNG, 'image/png', 'ok.png', { text: 'fine' }),
					],
				},
			);
			expect(result.items.map((i) => i.json.error ?? 'sent')).toEqual([
				expect.stringContaining('MIME type "image/gif" cannot be sent here'),
				'Message (item 1) is 4097 characters long; WhatsApp allows at most 4096',
				'sent',
			]);
			expect(sendRequests(ctx.sandbox)).toHaveLength(1);
		});

		test('on: a server refusal carries its response code', async () => {
			const result = await sendChat(
				{ phoneNumber: '+919876543210', message: 'hi', senderId: '919999000002' },
				{ continueOnFail: true },
			);
			expect(result.items[0].json).toMatchObject({
				error: 'Message Central rejected the sender "919999000002" (801 Invalid sender)',
				code: 801,
			});
		});
	});
});
