import axios from 'axios';
import { SANDBOX_SENDER_ID, normaliseTemplateName } from '../../sandbox';
import { type Harness, PNG, TEMPLATE_PATH, createTemplate, startHarness } from './helpers';

const UNKNOWN_ID_MESSAGE =
	"Unsupported get request. Object with ID '1021907252855200' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api";

describe('sandbox: templates', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(() => h.sb.close());
	beforeEach(() => h.sb.reset());

	describe('name normalisation', () => {
		it.each([
			['Abhishek786', 'abhishek_786'],
			['tes_template_01', 'tes_template_01'],
			['Order Update', 'order_update'],
			['order-update-v2', 'order_update_v_2'],
			['Promo 50% OFF!', 'promo_50_off'],
			['2for1 Deal', '2_for_1_deal'],
		])('%s → %s', (input, expected) => {
			expect(normaliseTemplateName(input)).toBe(expected);
		});

		it('the create answer carries the normalised name', async () => {
			const res = await createTemplate(h.api, { name: 'Abhishek786' });
			expect(res.data.data.data.name).toBe('abhishek_786');
			expect(Object.values(h.sb.state.templates)[0].requestedName).toBe('Abhishek786');
		});
	});

	it('a created template never takes the ID a seeded one holds', async () => {
		const seeded = h.sb.seedTemplate({ id: '790937216444001', name: 'seeded_first' });
		const res = await createTemplate(h.api, { name: 'created_next' });
		expect(res.data.data.data.id).not.toBe(seeded.id);
		expect(h.sb.state.templates[seeded.id].name).toBe('seeded_first');
	});

	it('creates a text template: PENDING, components stored Meta-style', async () => {
		const buttons = JSON.stringify([
			{ type: 'PHONE_NUMBER', text: 'Call Us', value: '918750844671' },
			{ type: 'URL', text: 'Visit Us', value: 'https://www.example.com/my_url' },
			{
				type: 'URL',
				text: 'Track',
				url: 'https://www.example.com/{{1}}',
				example: 'https://www.example.com/test',
			},
		]);
		const res = await createTemplate(h.api, { buttons });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			responseCode: 200,
			message: 'SUCCESS',
			data: {
				data: {
					name: 'order_update',
					id: expect.stringMatching(/^\d{15}$/),
					status: 'PENDING',
					category: 'UTILITY',
				},
			},
		});
		const t = h.sb.state.templates[res.data.data.data.id];
		expect(t.components).toEqual([
			{ type: 'HEADER', format: 'TEXT', text: 'Order update' },
			{
				type: 'BODY',
				text: 'Hello {{1}}, your order {{2}} has shipped.',
				example: { body_text: [['Kunal', 'MSG3453']] },
			},
			{ type: 'FOOTER', text: 'Type STOP to unsubscribe' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'PHONE_NUMBER', text: 'Call Us', phone_number: '918750844671' },
					{ type: 'URL', text: 'Visit Us', url: 'https://www.example.com/my_url' },
					{
						type: 'URL',
						text: 'Track',
						url: 'https://www.example.com/{{1}}',
						example: ['https://www.example.com/test'],
					},
				],
			},
		]);
		const recorded = h.sb.state.requests.at(-1)!;
		expect(recorded.fields.name).toBe('order_update');
		expect(recorded.responseCode).toBe(200);
	});

	it('creates a media template with a header handle and records the upload', async () => {
		const res = await createTemplate(h.api, { headerFormat: 'IMAGE', header: undefined }, PNG);
		expect(res.data.responseCode).toBe(200);
		const t = h.sb.state.templates[res.data.data.data.id];
		expect(t.components[0]).toEqual({
			type: 'HEADER',
			format: 'IMAGE',
			example: { header_handle: [expect.stringMatching(/^4::/)] },
		});
		const file = h.sb.state.requests.at(-1)!.files[0];
		expect(file).toMatchObject({
			field: 'file',
			filename: 'banner.png',
			mimeType: 'image/png',
			size: 16,
		});
		expect(Buffer.from(file.base64, 'base64')).toEqual(PNG.content);
		expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
	});

	describe.each([
		['http400', 400],
		['http200', 200],
	] as const)('create errors (%s)', (style, http) => {
		beforeEach(() => h.sb.configure({ errorStyle: style }));
		// Objects, not tuples: a short tuple row would make jest pass `done` as the missing argument.
		const cases: Array<{
			label: string;
			code: number;
			overrides: Record<string, string | undefined>;
			message: string | RegExp;
			file?: boolean;
		}> = [
			{
				label: 'phoneNumber missing',
				code: 801,
				overrides: { phoneNumber: undefined },
				message: 'Invalid sender',
			},
			{
				label: 'phoneNumber not the sender',
				code: 801,
				overrides: { phoneNumber: '919999000002' },
				message: 'Invalid sender',
			},
			{
				label: 'name missing',
				code: 810,
				overrides: { name: undefined },
				message:
					'Required Parameter is missing. Template name, type, category and language are required',
			},
			{
				label: 'category missing',
				code: 810,
				overrides: { category: undefined },
				message: /^Required Parameter/,
			},
			{
				label: 'language missing',
				code: 810,
				overrides: { language: undefined },
				message: /^Required Parameter/,
			},
			{
				label: 'headerFormat missing',
				code: 810,
				overrides: { headerFormat: undefined },
				message: /^Required Parameter/,
			},
			{
				label: 'body missing',
				code: 810,
				overrides: { body: undefined },
				message: /^Required Parameter/,
			},
			{
				label: 'name with no usable character',
				code: 810,
				overrides: { name: '!!!' },
				message: /^Required Parameter/,
			},
			{
				label: 'bad category',
				code: 800,
				overrides: { category: 'PROMO' },
				message:
					'(#100) Param category must be one of {UTILITY, MARKETING, AUTHENTICATION} - got "PROMO".',
			},
			{
				label: 'bad language',
				code: 800,
				overrides: { language: 'xx_YY' },
				message:
					"Content can't be added for this language because it is not available for message templates. Please try again with a different language.",
			},
			{
				label: 'bad header_format',
				code: 811,
				overrides: { headerFormat: 'GIF' },
				message: 'Invalid header_format',
			},
			{
				label: 'file with TEXT',
				code: 812,
				overrides: {},
				message: 'File is not allowed in header_format TEXT',
				file: true,
			},
			{
				label: 'header missing with TEXT',
				code: 813,
				overrides: { header: undefined },
				message: 'Header is mandatory if header_format is TEXT',
			},
			{
				label: 'file missing with media',
				code: 814,
				overrides: { headerFormat: 'VIDEO', header: undefined },
				message: 'File is mandatory if header_format is media type',
			},
			{
				label: 'header with media',
				code: 815,
				overrides: { headerFormat: 'DOCUMENT' },
				message: 'Header is not allowed if header_format is file type',
				file: true,
			},
			{
				label: 'variables without bodyValue',
				code: 826,
				overrides: { bodyValue: undefined },
				message: 'Variable template but missing bodyValues field',
			},
			{
				label: 'bodyValue count mismatch',
				code: 827,
				overrides: { bodyValue: 'Kunal' },
				message: 'bodyValue does not match with number of placeholders/variables used in body',
			},
			{
				label: 'bodyValue without variables',
				code: 827,
				overrides: { body: 'No variables here.', bodyValue: 'Kunal' },
				message: /^bodyValue does not match/,
			},
			{
				label: 'variable at the end',
				code: 800,
				overrides: { body: 'Hello {{1}}', bodyValue: 'Kunal' },
				message: /^\(#100\) Invalid parameter: variables can't be at the start or end/,
			},
			{
				label: 'variables out of order',
				code: 800,
				overrides: { body: 'Hi {{2}} and {{1}} ok', bodyValue: 'a b' },
				message: /increasing order/,
			},
			{
				label: 'adjacent variables',
				code: 800,
				overrides: { body: 'Hi {{1}} {{2}} ok', bodyValue: 'a b' },
				message: /next to each other/,
			},
			{
				label: 'body over 1024',
				code: 800,
				overrides: { body: 'x'.repeat(1025), bodyValue: undefined },
				message: /1024/,
			},
			{
				label: 'header over 60',
				code: 800,
				overrides: { header: 'h'.repeat(61) },
				message: /header is longer/,
			},
			{
				label: 'footer with a variable',
				code: 800,
				overrides: { footer: 'Bye {{1}} now' },
				message: /footer cannot hold variables/,
			},
			{
				label: 'buttons not JSON',
				code: 800,
				overrides: { buttons: '[{type:' },
				message: /buttons is not valid JSON/,
			},
			{
				label: 'button text over 25',
				code: 800,
				overrides: { buttons: JSON.stringify([{ type: 'QUICK_REPLY', text: 'q'.repeat(26) }]) },
				message: /button text/,
			},
			{
				label: 'unknown button type',
				code: 800,
				overrides: { buttons: JSON.stringify([{ type: 'OTP', text: 'Copy' }]) },
				message: /button type/,
			},
			{
				label: 'two phone buttons',
				code: 800,
				overrides: {
					buttons: JSON.stringify([
						{ type: 'PHONE_NUMBER', text: 'A', value: '918750844671' },
						{ type: 'PHONE_NUMBER', text: 'B', value: '918750844672' },
					]),
				},
				message: /phone number button/,
			},
			{
				label: 'dynamic URL without example',
				code: 800,
				overrides: {
					buttons: JSON.stringify([{ type: 'URL', text: 'Go', url: 'https://x.io/{{1}}' }]),
				},
				message: /needs an example/,
			},
		];
		it.each(cases)('$label → $code', async ({ code, overrides, message, file }) => {
			const res = await createTemplate(h.api, overrides, ...(file ? [PNG] : []));
			expect(res.status).toBe(http);
			expect(res.data).toEqual({ responseCode: code, message: expect.anything(), data: null });
			if (typeof message === 'string') expect(res.data.message).toBe(message);
			else expect(res.data.message).toMatch(message);
			expect(Object.keys(h.sb.state.templates)).toHaveLength(0);
		});

		it('duplicate name + language → 409 DUPLICATE_RESOURCE (after normalisation)', async () => {
			expect((await createTemplate(h.api, { name: 'Promo 1' })).data.responseCode).toBe(200);
			const dup = await createTemplate(h.api, { name: 'promo_1' });
			expect(dup.status).toBe(http);
			expect(dup.data).toEqual({ responseCode: 409, message: 'DUPLICATE_RESOURCE', data: null });
			expect(
				(await createTemplate(h.api, { name: 'promo_1', language: 'hi' })).data.responseCode,
			).toBe(200);
		});
	});

	describe('status (GET)', () => {
		let id: string;
		beforeEach(async () => {
			id = (await createTemplate(h.api)).data.data.data.id;
		});

		it('answers the bare template object by id + name (query parameters)', async () => {
			const res = await h.api.get(TEMPLATE_PATH, {
				params: {
					phoneNumber: SANDBOX_SENDER_ID,
					templateId: id,
					templateName: 'order_update',
					templateLang: 'en_US',
				},
			});
			expect(res.status).toBe(200);
			expect(res.data).toEqual({
				name: 'order_update',
				components: expect.any(Array),
				language: 'en_US',
				status: 'PENDING',
				category: 'UTILITY',
				id,
			});
		});

		it('accepts form fields on GET like the document cURL', async () => {
			const fd = new FormData();
			fd.append('phoneNumber', SANDBOX_SENDER_ID);
			fd.append('templateId', id);
			const res = await h.api.request({ method: 'GET', url: TEMPLATE_PATH, data: fd });
			expect(res.status).toBe(200);
			expect(res.data.id).toBe(id);
		});

		it('finds by name alone', async () => {
			const res = await h.api.get(TEMPLATE_PATH, {
				params: { phoneNumber: SANDBOX_SENDER_ID, templateName: 'order_update' },
			});
			expect(res.data.id).toBe(id);
		});

		it.each([
			['http400', 400],
			['http200', 200],
		] as const)('errors (%s)', async (style, http) => {
			h.sb.configure({ errorStyle: style });
			const get = (params: Record<string, string>) => h.api.get(TEMPLATE_PATH, { params });
			const expectError = async (params: Record<string, string>, code: number, message: string) => {
				const res = await get(params);
				expect(res.status).toBe(http);
				expect(res.data).toEqual({ responseCode: code, message, data: null });
			};
			await expectError({ templateId: id }, 801, 'Invalid sender');
			await expectError({ phoneNumber: '910000000000', templateId: id }, 801, 'Invalid sender');
			await expectError(
				{ phoneNumber: SANDBOX_SENDER_ID },
				817,
				'Required parameter is missing. Template id and Template name are required',
			);
			await expectError(
				{ phoneNumber: SANDBOX_SENDER_ID, templateName: 'nope' },
				816,
				'Provide a correct template name',
			);
			await expectError(
				{ phoneNumber: SANDBOX_SENDER_ID, templateId: id, templateName: 'Order_Update' },
				816,
				'Provide a correct template name',
			);
			await expectError(
				{ phoneNumber: SANDBOX_SENDER_ID, templateId: '1021907252855200' },
				800,
				UNKNOWN_ID_MESSAGE,
			);
		});
	});

	describe('review', () => {
		it('approve / reject through the control endpoints; REJECTED carries rejected_reason', async () => {
			const id = (await createTemplate(h.api)).data.data.data.id as string;
			const status = async () =>
				(
					await h.api.get(TEMPLATE_PATH, {
						params: { phoneNumber: SANDBOX_SENDER_ID, templateId: id },
					})
				).data;
			const rej = await axios.post(`${h.sb.url}/__sandbox/templates/${id}/reject`, {
				reason: 'PROMOTIONAL',
			});
			expect(rej.data.status).toBe('REJECTED');
			expect(await status()).toMatchObject({ status: 'REJECTED', rejected_reason: 'PROMOTIONAL' });
			await axios.post(`${h.sb.url}/__sandbox/templates/${id}/approve`);
			const approved = await status();
			expect(approved.status).toBe('APPROVED');
			expect(approved).not.toHaveProperty('rejected_reason');
			const missing = await axios.post(
				`${h.sb.url}/__sandbox/templates/42/approve`,
				{},
				{ validateStatus: () => true },
			);
			expect(missing.status).toBe(400);
		});

		it('auto-approves after autoApproveSeconds', async () => {
			h.sb.configure({ autoApproveSeconds: 0.05 });
			const id = (await createTemplate(h.api)).data.data.data.id as string;
			expect(h.sb.state.templates[id].status).toBe('PENDING');
			await h.sb.waitFor((s) => s.templates[id].status === 'APPROVED', 2000);
		});

		it('switching auto-approve on later approves templates already pending', async () => {
			const id = (await createTemplate(h.api)).data.data.data.id as string;
			h.sb.configure({ autoApproveSeconds: 0 });
			await h.sb.waitFor((s) => s.templates[id].status === 'APPROVED', 2000);
		});

		it('seeds templates directly (default APPROVED)', async () => {
			const res = await axios.post(`${h.sb.url}/__sandbox/templates`, {
				name: 'seeded',
				language: 'en',
				category: 'UTILITY',
				components: [{ type: 'BODY', text: 'Hi {{1}}, bye.' }],
			});
			expect(res.data).toMatchObject({
				name: 'seeded',
				status: 'APPROVED',
				id: expect.any(String),
			});
			const got = await h.api.get(TEMPLATE_PATH, {
				params: { phoneNumber: SANDBOX_SENDER_ID, templateName: 'seeded' },
			});
			expect(got.data.status).toBe('APPROVED');
			const bad = await axios.post(
				`${h.sb.url}/__sandbox/templates`,
				{},
				{ validateStatus: () => true },
			);
			expect(bad.status).toBe(400);
		});
	});

	it('a reset forgets templates and restarts ids', async () => {
		const first = (await createTemplate(h.api)).data.data.data.id;
		h.sb.reset();
		expect(h.sb.state.templates).toEqual({});
		expect((await createTemplate(h.api)).data.data.data.id).toBe(first);
	});
});
