import { SANDBOX_SENDER_ID } from '../../../../sandbox';
import { ORDER_UPDATE_TEMPLATE } from '../../../fixtures/orderUpdateTemplate';
import { runActionNode } from '../../../harness/runWorkflow';
import { useSandbox } from '../../../harness/sandboxFixture';
import { list, runner, seedOrderTemplate, sendRequests } from './fixtures';

const ctx = useSandbox();
const sendTemplate = runner(ctx, 'sendTemplate');

const base = { templateName: 'order_update', language: 'en_US' };

describe('message → sendTemplate', () => {
	test('one broadcast: the query the document shows, the output the contract fixes', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2, dynamicUrls: 2 });
		const result = await sendTemplate({
			...base,
			phoneNumber: '+91 98765-43210',
			variables: list('Kunal', 'MSG3545'),
			ctaVariables: list('234', 'ver453'),
		});
		expect(result.error).toBeUndefined();
		const [request] = sendRequests(ctx.sandbox);
		expect(request.method).toBe('POST');
		expect(request.query).toEqual({
			flowType: 'WHATSAPP',
			type: 'BROADCAST',
			templateName: 'order_update',
			senderId: SANDBOX_SENDER_ID,
			countryCode: '91',
			mobileNumber: '9876543210',
			langId: 'en_US',
			variables: 'Kunal, MSG3545',
			ctaVariables: '234, ver453',
		});
		expect(request.files).toEqual([]);
		expect(request.headers.authtoken).toBe('present');
		expect(result.items).toHaveLength(1);
		expect(result.items[0]).toEqual({
			json: {
				success: true,
				to: '919876543210',
				countryCode: '91',
				mobileNumber: '9876543210',
				messageId: null,
				response: { responseCode: 200, message: 'SUCCESS', data: null },
				sentAs: 'query',
			},
			pairedItem: { item: 0 },
		});
		expect(ctx.sandbox.state.messages).toMatchObject([
			{
				type: 'BROADCAST',
				to: '919876543210',
				variables: ['Kunal', 'MSG3545'],
				ctaVariables: ['234', 'ver453'],
				viaFile: false,
			},
		]);
	});

	test('a template without variables sends no variables parameters; Sender ID on the node wins', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 0 });
		ctx.credentialsHelper.store.get('cred-1')!.senderId = '910000000000';
		const result = await sendTemplate({
			...base,
			phoneNumber: '9876543210',
			defaultCountryCode: '91',
			senderId: `+${SANDBOX_SENDER_ID}`,
		});
		expect(result.error).toBeUndefined();
		const [request] = sendRequests(ctx.sandbox);
		expect(request.query.senderId).toBe(SANDBOX_SENDER_ID);
		expect(request.query).not.toHaveProperty('variables');
		expect(request.query).not.toHaveProperty('ctaVariables');
	});

	test('per-item values come from expressions', async () => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendTemplate(
			{
				...base,
				phoneNumber: '={{ $json.phone }}',
				variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
			},
			{
				items: [
					{ json: { phone: '+919876543210', name: 'Asha', order: 101 } },
					{ json: { phone: '+447911123456', name: 'Ben', order: 102 } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.messages.map((m) => [m.to, m.variables])).toEqual([
			['919876543210', ['Asha', '101']],
			['447911123456', ['Ben', '102']],
		]);
	});

	test('a value whose expression returns an array fills one placeholder per element', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 3 });
		const result = await sendTemplate(
			{ ...base, phoneNumber: '+919876543210', variables: list('={{ $json.values }}', 'last') },
			{ items: [{ json: { values: ['Asha', 7] } }] },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].query.variables).toBe('Asha, 7, last');
	});

	test('a template created as "Spring Sale2" is sent by that name: the saved spring_sale_2 travels', async () => {
		const created = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: {
				resource: 'template',
				operation: 'create',
				...ORDER_UPDATE_TEMPLATE,
				name: 'Spring Sale2',
				bodyExamples: { variable: ORDER_UPDATE_TEMPLATE.bodyExamples.map((value) => ({ value })) },
			},
		});
		const { id, name } = created.items[0].json as { id: string; name: string };
		expect(name).toBe('spring_sale_2');
		ctx.sandbox.approveTemplate(id);

		const result = await sendTemplate({
			templateName: 'Spring Sale2',
			language: 'en_US',
			phoneNumber: '+919876543210',
			variables: list('Kunal', 'MSG3545'),
		});
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].query.templateName).toBe('spring_sale_2');
		expect(ctx.sandbox.state.messages).toMatchObject([
			{ type: 'BROADCAST', templateName: 'spring_sale_2', variables: ['Kunal', 'MSG3545'] },
		]);
	});

	describe('a value with a comma travels as a one-row bulk file', () => {
		test('same template, same values, arriving intact; sentAs says "file"', async () => {
			seedOrderTemplate(ctx.sandbox, { variables: 2, dynamicUrls: 1 });
			const result = await sendTemplate(
				{
					...base,
					phoneNumber: '={{ $json.phone }}',
					variables: { variable: [{ value: '={{ $json.name }}' }, { value: 'MSG1' }] },
					ctaVariables: list('ver453'),
				},
				{
					items: [
						{ json: { phone: '+919876543210', name: 'Smith, John' } },
						{ json: { phone: '+919876543211', name: 'Asha' } },
					],
				},
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.sentAs)).toEqual(['file', 'query']);
			expect(result.items[0].json).toMatchObject({
				success: true,
				to: '919876543210',
				countryCode: '91',
				mobileNumber: '9876543210',
				messageId: null,
			});

			const [fileRequest, queryRequest] = sendRequests(ctx.sandbox).sort((a, b) =>
				a.files.length ? -1 : b.files.length ? 1 : 0,
			);
			expect(fileRequest.query).toEqual({
				flowType: 'WHATSAPP',
				type: 'BROADCAST',
				templateName: 'order_update',
				senderId: SANDBOX_SENDER_ID,
				langId: 'en_US',
			});
			expect(fileRequest.files).toHaveLength(1);
			expect(fileRequest.files[0]).toMatchObject({
				field: 'file',
				filename: 'order_update_919876543210.xlsx',
				mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			});
			expect(fileRequest.xlsx).toEqual({
				header: ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'],
				rows: [['91', '9876543210', 'ver453', '', 'Smith, John', 'MSG1']],
			});
			expect(queryRequest.query.variables).toBe('Asha, MSG1');

			const viaFile = ctx.sandbox.state.messages.find((m) => m.viaFile)!;
			expect(viaFile).toMatchObject({
				to: '919876543210',
				variables: ['Smith, John', 'MSG1'],
				ctaVariables: ['ver453'],
			});
		});

		test('a comma in a CTA variable goes the same way', async () => {
			seedOrderTemplate(ctx.sandbox, { variables: 1, dynamicUrls: 1 });
			const result = await sendTemplate({
				...base,
				phoneNumber: '+919876543210',
				variables: list('x'),
				ctaVariables: list('a,b'),
			});
			expect(result.items[0].json.sentAs).toBe('file');
			expect(sendRequests(ctx.sandbox)[0].xlsx!.rows).toEqual([
				['91', '9876543210', 'a,b', '', 'x'],
			]);
		});
	});

	describe('throughput', () => {
		test('Requests in Flight is never exceeded, output keeps input order, one token', async () => {
			seedOrderTemplate(ctx.sandbox);
			ctx.sandbox.configure({ latencyMs: 25 });
			const items = Array.from({ length: 40 }, (_, i) => ({
				json: { phone: `+9198765${String(i).padStart(5, '0')}` },
			}));
			const result = await sendTemplate(
				{
					...base,
					phoneNumber: '={{ $json.phone }}',
					variables: list('a', 'b'),
					options: { concurrency: 3 },
				},
				{ items },
			);
			expect(result.error).toBeUndefined();
			expect(ctx.sandbox.state.maxInFlight).toBe(3);
			expect(result.items.map((i) => i.json.to)).toEqual(items.map((i) => i.json.phone.slice(1)));
			expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
			expect(ctx.sandbox.state.tokenRequests).toBe(1);
		});

		test('the default is 5 in flight', async () => {
			seedOrderTemplate(ctx.sandbox);
			ctx.sandbox.configure({ latencyMs: 25 });
			const items = Array.from({ length: 20 }, () => ({ json: {} }));
			await sendTemplate(
				{ ...base, phoneNumber: '+919876543210', variables: list('a', 'b') },
				{ items },
			);
			expect(ctx.sandbox.state.maxInFlight).toBe(5);
		});

		test('Max Requests per Second spaces the starts', async () => {
			seedOrderTemplate(ctx.sandbox);
			const parameters = {
				...base,
				phoneNumber: '+919876543210',
				variables: list('a', 'b'),
				options: { concurrency: 6, maxPerSecond: 20 },
			};
			const items = Array.from({ length: 6 }, () => ({ json: {} }));
			// A first run fetches the token, which would hold back the first request of the measured run.
			await sendTemplate(parameters, { items: items.slice(0, 1) });
			ctx.sandbox.state.requests.length = 0;
			await sendTemplate(parameters, { items });
			expect(ctx.sandbox.state.tokenRequests).toBe(1);
			const arrivals = sendRequests(ctx.sandbox).map((r) => r.at);
			// 6 starts at 20/s: 5 gaps of 50 ms = 250 ms; without the limit they arrive within a few ms. Arrival
			// times jitter on a busy machine, so the bound leaves room while still proving the spacing.
			expect(arrivals[5] - arrivals[0]).toBeGreaterThanOrEqual(150);
		});

		test('200 items share one token', async () => {
			seedOrderTemplate(ctx.sandbox);
			const items = Array.from({ length: 200 }, (_, i) => ({
				json: { phone: `+9198765${String(i).padStart(5, '0')}` },
			}));
			const result = await sendTemplate(
				{
					...base,
					phoneNumber: '={{ $json.phone }}',
					variables: list('a', 'b'),
					options: { concurrency: 20 },
				},
				{ items },
			);
			expect(result.items.filter((i) => i.json.success)).toHaveLength(200);
			expect(ctx.sandbox.state.tokenRequests).toBe(1);
			expect(ctx.sandbox.state.messages).toHaveLength(200);
		});
	});

	describe('bad input', () => {
		const items = [
			{ json: { phone: '+919876543210' } },
			{ json: { phone: '+91 11 2345 6789' } },
			{ json: { phone: '+919876543212' } },
		];

		test('a landline stops the run before anything is sent, naming the value and the item', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendTemplate(
				{ ...base, phoneNumber: '={{ $json.phone }}', variables: list('a', 'b') },
				{ items },
			);
			expect(result.error?.message).toBe(
				'Phone Number (item 1): "+91 11 2345 6789" is a fixed line number, which cannot receive WhatsApp messages. Use a mobile number.',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('with continueOnFail it becomes an error item and the others are sent', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendTemplate(
				{ ...base, phoneNumber: '={{ $json.phone }}', variables: list('a', 'b') },
				{ items, continueOnFail: true },
			);
			expect(result.items.map((i) => i.json.success ?? false)).toEqual([true, false, true]);
			expect(result.items[1]).toEqual({
				json: expect.objectContaining({
					error: expect.stringContaining('Phone Number (item 1)'),
					code: null,
				}),
				pairedItem: { item: 1 },
			});
			expect(ctx.sandbox.state.messages.map((m) => m.to)).toEqual(['919876543210', '919876543212']);
		});

		test.each([
			['an empty variable', { variables: list('a', ' ') }, 'Variables (item 0): value 2 is empty'],
			[
				'three CTA variables',
				{ variables: list('a', 'b'), ctaVariables: list('1', '2', '3') },
				'CTA Variables (item 0): 3 values given, at most 2 are allowed',
			],
			[
				'no template name',
				{ templateName: '={{ " " }}', variables: list('a', 'b') },
				'Template Name (item 0) is empty',
			],
			[
				'a template name with no letters or digits',
				{ templateName: '!!!', variables: list('a', 'b') },
				'Template Name (item 0): "!!!" has no letters or digits that Message Central keeps',
			],
			[
				'a variable with a line break (Meta refuses it later with 132018)',
				{ variables: list('a', 'line one\nline two') },
				'Variables (item 0): value 2 contains a line break',
			],
			[
				'a variable with a tab',
				{ variables: list('a\tb', 'c') },
				'Variables (item 0): value 1 contains a tab',
			],
			[
				'a variable with more than 4 consecutive spaces',
				{ variables: list('a     b', 'c\r\nd') },
				'Variables (item 0): value 1 contains 5 consecutive spaces (at most 4 are allowed) (and value 2)',
			],
			[
				'a CTA variable with a line break',
				{ variables: list('a', 'b'), ctaVariables: list('x\ny') },
				'CTA Variables (item 0): value 1 contains a line break',
			],
			[
				'no language (an expression that yields nothing)',
				{ language: '={{ $json.missing }}', variables: list('a', 'b') },
				'Language (item 0) is empty',
			],
			[
				'an unknown default country code',
				{ phoneNumber: '9876543210', defaultCountryCode: '999', variables: list('a', 'b') },
				'Phone Number (item 0): Default Country Code "999" is not a country calling code',
			],
			[
				'an empty phone number (from an expression)',
				{ phoneNumber: '={{ $json.missing }}', variables: list('a', 'b') },
				'Phone Number (item 0): The phone number is empty',
			],
		])('%s is refused before sending', async (_label, parameters, message) => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendTemplate({ ...base, phoneNumber: '+919876543210', ...parameters });
			expect(result.error?.message).toContain(message);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('four spaces in a row are still allowed', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendTemplate({
				...base,
				phoneNumber: '+919876543210',
				variables: list('a    b', 'c'),
			});
			expect(result.error).toBeUndefined();
			expect(ctx.sandbox.state.messages[0].variables).toEqual(['a    b', 'c']);
		});

		test('with continueOnFail every kind of bad input is an error item in place, and the good items are sent', async () => {
			seedOrderTemplate(ctx.sandbox, { variables: 2, dynamicUrls: 1 });
			const result = await sendTemplate(
				{
					...base,
					phoneNumber: '={{ $json.phone }}',
					variables: list('={{ $json.name }}', 'MSG1'),
					ctaVariables: list('={{ $json.cta }}'),
				},
				{
					continueOnFail: true,
					items: [
						{ json: { phone: '+919876543210', name: 'Asha', cta: 'a1' } },
						{ json: { phone: '+919876543211', name: ' ', cta: 'a2' } },
						{ json: { phone: '+919876543212', name: 'Ben', cta: ['c1', 'c2', 'c3'] } },
						{ json: { phone: '12', name: 'Cy', cta: 'a4' } },
						{ json: { phone: '+919876543214', name: 'Smith, Dee', cta: 'a5' } },
					],
				},
			);
			expect(result.items.map((i) => i.json.error ?? i.json.sentAs)).toEqual([
				'query',
				'Variables (item 1): value 1 is empty',
				'CTA Variables (item 2): 3 values given, at most 2 are allowed',
				expect.stringContaining('Phone Number (item 3): "12" is not a valid phone number'),
				'file',
			]);
			expect(result.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([
				0, 1, 2, 3, 4,
			]);
			expect(ctx.sandbox.state.messages.map((m) => m.to)).toEqual(['919876543210', '919876543214']);
		});

		test('a variable count the template does not take: 804 explained, as an error item with its code', async () => {
			seedOrderTemplate(ctx.sandbox, { variables: 3 });
			const result = await sendTemplate(
				{ ...base, phoneNumber: '+919876543210', variables: list('a', 'b') },
				{ continueOnFail: true },
			);
			expect(result.items[0].json).toMatchObject({
				error:
					'The number of variables does not match the template "order_update": 2 body variable(s) and 0 CTA variable(s) were given (804)',
				code: 804,
			});
		});

		test('an unknown template fails the run with 802 explained', async () => {
			const result = await sendTemplate({
				...base,
				templateName: 'Order Update',
				phoneNumber: '+919876543210',
			});
			// The name is normalised before it is sent, so the error names the saved form.
			expect(result.error?.message).toBe(
				'Message Central does not know an approved template "order_update" in language "en_US" (802 Invalid Template)',
			);
		});

		test('a server error in the file fallback is reported the same way', async () => {
			const result = await sendTemplate(
				{ ...base, phoneNumber: '+919876543210', variables: list('Smith, John') },
				{ continueOnFail: true },
			);
			expect(result.items[0].json).toMatchObject({
				code: 802,
				error: expect.stringContaining('802 Invalid Template'),
			});
			expect(sendRequests(ctx.sandbox)[0].files).toHaveLength(1);
		});
	});
});
