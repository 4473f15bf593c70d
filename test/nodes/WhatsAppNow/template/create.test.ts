import { SANDBOX_SENDER_ID } from '../../../../sandbox';
import { CREDENTIAL_ID, runActionNode } from '../../../harness/runWorkflow';
import { sandboxCredentials, useSandbox } from '../../../harness/sandboxFixture';
import { binaryItem, createParameters, sha256, templateRequests } from './fixtures';

const ctx = useSandbox();

const run = (
	parameters: Parameters<typeof createParameters>[0],
	extra: Partial<Parameters<typeof runActionNode>[0]> = {},
) =>
	runActionNode({
		credentialsHelper: ctx.credentialsHelper,
		parameters: createParameters(parameters),
		...extra,
	});

describe('template → create: TEXT', () => {
	test('with footer, variables, examples and call-to-action buttons (static URL, phone)', async () => {
		const result = await run({
			buttons: {
				button: [
					{ type: 'URL', text: 'Visit Us', url: 'https://www.example.com' },
					{ type: 'PHONE_NUMBER', text: 'Call Us', phoneNumber: '+91 87508 44671' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		const [request] = templateRequests(ctx.sandbox);
		expect(request.method).toBe('POST');
		expect(request.fields).toEqual({
			phoneNumber: SANDBOX_SENDER_ID,
			name: 'order_update',
			language: 'en_US',
			category: 'UTILITY',
			headerFormat: 'TEXT',
			header: 'Order update',
			body: 'Hello {{1}}, your order {{2}} has shipped.',
			bodyValue: 'John MSG3453',
			footer: 'Reply STOP to unsubscribe',
			buttons: expect.any(String),
		});
		expect(JSON.parse(request.fields.buttons)).toEqual([
			{ type: 'URL', text: 'Visit Us', url: 'https://www.example.com' },
			{ type: 'PHONE_NUMBER', text: 'Call Us', value: '918750844671' },
		]);
		expect(request.files).toEqual([]);

		const id = Object.keys(ctx.sandbox.state.templates)[0];
		expect(result.items).toEqual([
			{
				json: {
					name: 'order_update',
					id,
					status: 'PENDING',
					category: 'UTILITY',
					language: 'en_US',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(ctx.sandbox.state.templates[id].components).toEqual([
			{ type: 'HEADER', format: 'TEXT', text: 'Order update' },
			{
				type: 'BODY',
				text: 'Hello {{1}}, your order {{2}} has shipped.',
				example: { body_text: [['John', 'MSG3453']] },
			},
			{ type: 'FOOTER', text: 'Reply STOP to unsubscribe' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'URL', text: 'Visit Us', url: 'https://www.example.com' },
					{ type: 'PHONE_NUMBER', text: 'Call Us', phone_number: '918750844671' },
				],
			},
		]);
	});

	test('with a dynamic URL button: its example travels, a bare value completes the URL', async () => {
		const result = await run({
			buttons: {
				button: [
					{
						type: 'URL',
						text: 'Track order',
						url: 'https://shop.example/track/{{1}}',
						urlExample: 'MSG3453',
					},
				],
			},
		});
		expect(result.error).toBeUndefined();
		expect(JSON.parse(templateRequests(ctx.sandbox)[0].fields.buttons)).toEqual([
			{
				type: 'URL',
				text: 'Track order',
				url: 'https://shop.example/track/{{1}}',
				example: 'https://shop.example/track/MSG3453',
			},
		]);
	});

	test('with three quick replies', async () => {
		const result = await run({
			buttons: { button: ['Yes', 'No', 'Later'].map((text) => ({ type: 'QUICK_REPLY', text })) },
		});
		expect(result.error).toBeUndefined();
		expect(JSON.parse(templateRequests(ctx.sandbox)[0].fields.buttons)).toEqual([
			{ type: 'QUICK_REPLY', text: 'Yes' },
			{ type: 'QUICK_REPLY', text: 'No' },
			{ type: 'QUICK_REPLY', text: 'Later' },
		]);
	});

	test('without variables, footer or buttons only the required fields are sent', async () => {
		const result = await run({ body: 'Thanks for your order.', bodyExamples: {}, footer: '' });
		expect(result.error).toBeUndefined();
		expect(Object.keys(templateRequests(ctx.sandbox)[0].fields).sort()).toEqual(
			['body', 'category', 'header', 'headerFormat', 'language', 'name', 'phoneNumber'].sort(),
		);
	});

	test('the output carries the normalised name; the node Sender ID serves when the credential has none', async () => {
		ctx.credentialsHelper.set(CREDENTIAL_ID, sandboxCredentials(ctx.sandbox, { senderId: '' }));
		const result = await run({ name: 'Order Update', senderId: `+${SANDBOX_SENDER_ID}` });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.name).toBe('order_update');
		expect(result.items[0].json.requestedName).toBe('Order Update');
		// Sent as typed: Message Central normalises it.
		expect(templateRequests(ctx.sandbox)[0].fields).toMatchObject({
			name: 'Order Update',
			phoneNumber: SANDBOX_SENDER_ID,
		});
	});

	test('a name Message Central normalises (Spring Sale2) is sent as typed; the saved name comes back', async () => {
		const result = await run({ name: 'Spring Sale2' });
		expect(result.error).toBeUndefined();
		expect(templateRequests(ctx.sandbox)[0].fields.name).toBe('Spring Sale2');
		const id = Object.keys(ctx.sandbox.state.templates)[0];
		expect(ctx.sandbox.state.templates[id].name).toBe('spring_sale_2');
		expect(result.items).toEqual([
			{
				json: {
					name: 'spring_sale_2',
					id,
					status: 'PENDING',
					category: 'UTILITY',
					language: 'en_US',
					requestedName: 'Spring Sale2',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('one template per item, fields evaluated per item', async () => {
		const result = await run(
			{ name: '={{ $json.name }}', language: '={{ $json.lang }}' },
			{
				items: [
					{ json: { name: 'welcome', lang: 'en_US' } },
					{ json: { name: 'welcome', lang: 'hi' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.name, i.json.language, i.pairedItem])).toEqual([
			['welcome', 'en_US', { item: 0 }],
			['welcome', 'hi', { item: 1 }],
		]);
	});
});

describe('template → create: media headers from binary data', () => {
	test.each([
		['IMAGE', 'image/png', 'banner.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
		['VIDEO', 'video/mp4', 'clip.mp4', Buffer.from('000000186674797069736f6d', 'hex')],
		['DOCUMENT', 'application/pdf', 'invoice.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n')],
	])(
		'%s: the sandbox receives the bytes, file name and MIME type',
		async (headerFormat, mimeType, fileName, content) => {
			const result = await run(
				{ headerFormat },
				{ items: [binaryItem(content, mimeType, fileName)] },
			);
			expect(result.error).toBeUndefined();
			const [request] = templateRequests(ctx.sandbox);
			expect(request.fields.headerFormat).toBe(headerFormat);
			expect(request.fields.header).toBeUndefined();
			expect(request.files).toEqual([
				expect.objectContaining({
					field: 'file',
					filename: fileName,
					mimeType,
					size: content.length,
					sha256: sha256(content),
				}),
			]);
			expect(Buffer.from(request.files[0].base64, 'base64').equals(content)).toBe(true);
			expect(result.items[0].json).toMatchObject({ name: 'order_update', status: 'PENDING' });
			const stored = Object.values(ctx.sandbox.state.templates)[0];
			expect(stored.components[0]).toMatchObject({ type: 'HEADER', format: headerFormat });
		},
	);

	test('the file comes from the binary property named in Input Binary Field', async () => {
		const content = Buffer.from('89504e47', 'hex');
		const result = await run(
			{ headerFormat: 'IMAGE', binaryPropertyName: 'banner' },
			{ items: [binaryItem(content, 'image/jpeg', 'photo.jpg', 'banner')] },
		);
		expect(result.error).toBeUndefined();
		expect(templateRequests(ctx.sandbox)[0].files[0]).toMatchObject({
			filename: 'photo.jpg',
			mimeType: 'image/jpeg',
		});
	});
});

describe('template → create: answers from Message Central', () => {
	test('a duplicate name and language is explained (409)', async () => {
		await run({});
		const result = await run({});
		expect(result.error?.message).toBe(
			'A template named "order_update" already exists in this language (409 DUPLICATE_RESOURCE)',
		);
	});

	test('under continueOnFail a refused item becomes an error item and the others go through', async () => {
		const result = await run(
			{ name: '={{ $json.name }}' },
			{
				continueOnFail: true,
				items: [
					{ json: { name: 'first' } },
					{ json: { name: '...' } },
					{ json: { name: 'first' } },
				],
			},
		);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toMatchObject({ name: 'first', status: 'PENDING' });
		expect(result.items[1].json).toMatchObject({
			error: expect.stringMatching(/^Name: "\.\.\." has no letters or digits/),
			code: null,
		});
		expect(result.items[2].json).toMatchObject({ error: expect.stringMatching(/409/), code: 409 });
	});

	test('a language Meta does not offer is explained (800)', async () => {
		const result = await run({ language: 'xx' });
		expect(result.error?.message).toBe(
			'The language "xx" is not available for message templates (800)',
		);
	});
});
