import { SANDBOX_SENDER_ID, bulkHeader } from '../../sandbox';
import {
	type Harness,
	PNG,
	SEND_PATH,
	form,
	startHarness,
	xlsx,
	xlsxPart,
	XLSX_TYPE,
} from './helpers';

type Params = Record<string, string | undefined>;

const chatParams = (overrides: Params = {}): Params => ({
	flowType: 'WHATSAPP',
	type: 'CHAT',
	senderId: SANDBOX_SENDER_ID,
	countryCode: '91',
	mobileNumber: '7715836906',
	message: 'Welcome to Message Central',
	...overrides,
});

const broadcastParams = (overrides: Params = {}): Params => ({
	flowType: 'WHATSAPP',
	type: 'BROADCAST',
	senderId: SANDBOX_SENDER_ID,
	templateName: 'demo_template',
	langId: 'en_US',
	countryCode: '91',
	mobileNumber: '7715836906',
	variables: 'Kunal, MSG3545',
	ctaVariables: '234',
	...overrides,
});

const defined = (p: Params): Record<string, string> =>
	Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Record<
		string,
		string
	>;

describe('sandbox: /verification/v3/send', () => {
	let h: Harness;
	const send = (params: Params, body?: FormData) =>
		h.api.post(SEND_PATH, body ?? null, { params: defined(params) });

	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(() => h.sb.close());
	beforeEach(() => {
		h.sb.reset();
		// Two body variables and one dynamic URL, like the document's example 2.
		h.sb.seedTemplate({
			name: 'demo_template',
			language: 'en_US',
			category: 'MARKETING',
			components: [
				{ type: 'BODY', text: 'Hello {{1}}, use coupon {{2}} today.' },
				{
					type: 'BUTTONS',
					buttons: [
						{
							type: 'URL',
							text: 'Shop',
							url: 'https://www.messagecentral.com/{{1}}',
							example: ['https://www.messagecentral.com/v1'],
						},
						{ type: 'URL', text: 'Home', url: 'https://www.messagecentral.com' },
					],
				},
			],
		});
	});

	describe('chat', () => {
		it('accepts a chat in the query string and answers the document shape', async () => {
			const res = await send(chatParams());
			expect(res.status).toBe(200);
			expect(res.data).toEqual({
				responseCode: 200,
				message: 'SUCCESS',
				data: {
					verificationId: null,
					mobileNumber: '917715836906',
					responseCode: '200',
					errorMessage: null,
					timeout: null,
					smsCLI: null,
					transactionId: expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/),
				},
			});
			expect(h.sb.state.messages).toEqual([
				expect.objectContaining({
					wamid: res.data.data.transactionId,
					to: '917715836906',
					countryCode: '91',
					mobileNumber: '7715836906',
					type: 'CHAT',
					message: 'Welcome to Message Central',
					viaFile: false,
				}),
			]);
			expect(h.sb.state.config.credits).toBe(999_999);
		});

		it('accepts the parameters as multipart fields, with a file', async () => {
			const res = await h.api.post(
				SEND_PATH,
				form(defined(chatParams({ message: 'See attached' })), PNG),
			);
			expect(res.data.responseCode).toBe(200);
			const msg = h.sb.state.messages[0];
			expect(msg.file).toEqual({
				filename: 'banner.png',
				mimeType: 'image/png',
				size: 16,
				sha256: expect.any(String),
			});
			const rec = h.sb.state.requests.at(-1)!;
			expect(rec.fields.message).toBe('See attached');
			expect(rec.files[0].filename).toBe('banner.png');
			expect(msg.requestId).toBe(rec.id);
		});

		it('every chat gets its own wamid', async () => {
			const a = await send(chatParams());
			const b = await send(chatParams());
			expect(a.data.data.transactionId).not.toBe(b.data.data.transactionId);
		});

		describe.each([
			['http400', 400],
			['http200', 200],
		] as const)('errors (%s)', (style, http) => {
			beforeEach(() => h.sb.configure({ errorStyle: style }));
			it.each([
				{
					label: 'flowType missing',
					params: { flowType: undefined },
					code: 400,
					message: 'BAD_REQUEST',
				},
				{ label: 'flowType SMS', params: { flowType: 'SMS' }, code: 400, message: 'BAD_REQUEST' },
				{ label: 'unknown type', params: { type: 'TEXT' }, code: 400, message: 'BAD_REQUEST' },
				{
					label: 'senderId missing',
					params: { senderId: undefined },
					code: 801,
					message: 'Invalid sender',
				},
				{
					label: 'senderId wrong',
					params: { senderId: '910000000000' },
					code: 801,
					message: 'Invalid sender',
				},
				{
					label: 'mobileNumber missing',
					params: { mobileNumber: undefined },
					code: 829,
					message: 'mobileNumber is required',
				},
				{
					label: 'message missing',
					params: { message: undefined },
					code: 830,
					message: 'message is required',
				},
				{
					label: 'message blank',
					params: { message: '   ' },
					code: 830,
					message: 'message is required',
				},
				{
					label: 'countryCode missing',
					params: { countryCode: undefined },
					code: 511,
					message: 'INVALID_COUNTRY_CODE',
				},
				{
					label: 'countryCode +91',
					params: { countryCode: '+91' },
					code: 511,
					message: 'INVALID_COUNTRY_CODE',
				},
				{
					label: 'mobile with letters',
					params: { mobileNumber: '77158abc06' },
					code: 400,
					message: 'BAD_REQUEST',
				},
				{
					label: 'message over 4096',
					params: { message: 'x'.repeat(4097) },
					code: 400,
					message: 'BAD_REQUEST',
				},
			])('$label → $code', async ({ params, code, message }) => {
				const res = await send(chatParams(params));
				expect(res.status).toBe(http);
				expect(res.data).toEqual({ responseCode: code, message, data: null });
				expect(h.sb.state.messages).toHaveLength(0);
			});

			it('805 when credits run out', async () => {
				h.sb.configure({ credits: 1 });
				expect((await send(chatParams())).data.responseCode).toBe(200);
				const res = await send(chatParams());
				expect(res.status).toBe(http);
				expect(res.data).toEqual({
					responseCode: 805,
					message: 'insufficient credits',
					data: null,
				});
				expect(h.sb.state.messages).toHaveLength(1);
			});
		});
	});

	describe('single broadcast', () => {
		it('accepts and answers data:null; the message records template and values', async () => {
			const res = await send(broadcastParams());
			expect(res.status).toBe(200);
			expect(res.data).toEqual({ responseCode: 200, message: 'SUCCESS', data: null });
			expect(h.sb.state.messages[0]).toMatchObject({
				to: '917715836906',
				type: 'BROADCAST',
				templateName: 'demo_template',
				langId: 'en_US',
				variables: ['Kunal', 'MSG3545'],
				ctaVariables: ['234'],
				viaFile: false,
				wamid: expect.stringMatching(/^wamid\./),
			});
		});

		it('a template without variables takes no variables', async () => {
			h.sb.seedTemplate({ name: 'plain', components: [{ type: 'BODY', text: 'Plain text.' }] });
			const res = await send(
				broadcastParams({ templateName: 'plain', variables: undefined, ctaVariables: undefined }),
			);
			expect(res.data.responseCode).toBe(200);
			expect(h.sb.state.messages[0].variables).toEqual([]);
		});

		describe.each([
			['http400', 400],
			['http200', 200],
		] as const)('errors (%s)', (style, http) => {
			beforeEach(() => h.sb.configure({ errorStyle: style }));
			it.each([
				{ label: 'senderId missing', params: { senderId: undefined }, code: 801 },
				{ label: 'senderId wrong', params: { senderId: '919999000002' }, code: 801 },
				{ label: 'templateName missing', params: { templateName: undefined }, code: 802 },
				{ label: 'templateName unknown', params: { templateName: 'nope' }, code: 802 },
				{
					label: 'templateName not normalised',
					params: { templateName: 'Demo Template' },
					code: 802,
				},
				{ label: 'langId missing', params: { langId: undefined }, code: 802 },
				{ label: 'langId wrong', params: { langId: 'hi' }, code: 802 },
				{ label: 'no recipient and no file', params: { mobileNumber: undefined }, code: 803 },
				{ label: 'countryCode missing', params: { countryCode: undefined }, code: 511 },
				{ label: 'too few variables', params: { variables: 'Kunal' }, code: 804 },
				{ label: 'too many variables', params: { variables: 'Kunal, MSG3545, extra' }, code: 804 },
				{
					label: 'variables joined without space',
					params: { variables: 'Kunal,MSG3545' },
					code: 804,
				},
				{ label: 'no variables', params: { variables: undefined }, code: 804 },
				{ label: 'ctaVariables missing', params: { ctaVariables: undefined }, code: 804 },
				{ label: 'too many ctaVariables', params: { ctaVariables: '234, ver453' }, code: 804 },
			])('$label → $code', async ({ params, code }) => {
				const res = await send(broadcastParams(params));
				expect(res.status).toBe(http);
				expect(res.data.responseCode).toBe(code);
				expect(res.data.data).toBeNull();
				expect(h.sb.state.messages).toHaveLength(0);
			});

			it.each(['PENDING', 'REJECTED'] as const)('802 for a %s template', async (status) => {
				h.sb.seedTemplate({ name: 'not_yet', status, components: [{ type: 'BODY', text: 'Hi.' }] });
				const res = await send(
					broadcastParams({
						templateName: 'not_yet',
						variables: undefined,
						ctaVariables: undefined,
					}),
				);
				expect(res.status).toBe(http);
				expect(res.data).toEqual({ responseCode: 802, message: 'Invalid Template', data: null });
			});

			it('805 with no credits left', async () => {
				h.sb.configure({ credits: 0 });
				const res = await send(broadcastParams());
				expect(res.status).toBe(http);
				expect(res.data).toEqual({
					responseCode: 805,
					message: 'insufficient credits',
					data: null,
				});
			});
		});
	});

	describe('bulk broadcast (XLSX)', () => {
		const bulkParams = broadcastParams({
			mobileNumber: undefined,
			countryCode: undefined,
			variables: undefined,
			ctaVariables: undefined,
		});
		const header = ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'];
		const bulk = async (rows: Array<Array<string | number | null>>, params: Params = bulkParams) =>
			h.api.post(SEND_PATH, form({}, await xlsxPart(rows)), { params: defined(params) });

		it('bulkHeader() is the document rule', () => {
			expect(bulkHeader(2)).toEqual(header);
			expect(bulkHeader(0)).toEqual(['Country', 'Mobile', 'ctaVar1', 'ctaVar2']);
		});

		it('accepts a good file: one message per row, numbers read as plain digits', async () => {
			const res = await bulk([
				header,
				[91, 7890987652, 'v123', null, 'Kunal', 'MSG3453'],
				['91', '7890987653', 'v124', '', 'Asha', 21],
				[],
				[1, 2025550123, 'v9', null, 'Bob', 'X1'],
			]);
			expect(res.status).toBe(200);
			expect(res.data).toEqual({ responseCode: 200, message: 'SUCCESS', data: null });
			const rec = h.sb.state.requests.at(-1)!;
			expect(rec.xlsx).toEqual({
				header,
				rows: [
					['91', '7890987652', 'v123', '', 'Kunal', 'MSG3453'],
					['91', '7890987653', 'v124', '', 'Asha', '21'],
					['1', '2025550123', 'v9', '', 'Bob', 'X1'],
				],
			});
			expect(rec.files[0]).toMatchObject({
				field: 'file',
				filename: 'contacts.xlsx',
				mimeType: XLSX_TYPE,
			});
			expect(
				h.sb.state.messages.map((m) => [m.to, m.variables, m.ctaVariables, m.bulkRow, m.viaFile]),
			).toEqual([
				['917890987652', ['Kunal', 'MSG3453'], ['v123'], 1, true],
				['917890987653', ['Asha', '21'], ['v124'], 2, true],
				['12025550123', ['Bob', 'X1'], ['v9'], 3, true],
			]);
			expect(new Set(h.sb.state.messages.map((m) => m.wamid)).size).toBe(3);
			expect(h.sb.state.config.credits).toBe(1_000_000 - 3);
		});

		it('the parameters may also travel as form fields next to the file', async () => {
			const fd = form(
				defined(bulkParams),
				await xlsxPart([header, [91, 7890987652, 'v1', null, 'A', 'B']]),
			);
			const res = await h.api.post(SEND_PATH, fd);
			expect(res.data.responseCode).toBe(200);
		});

		describe.each([
			['http400', 400],
			['http200', 200],
		] as const)('errors (%s)', (style, http) => {
			beforeEach(() => h.sb.configure({ errorStyle: style }));
			const expectCode = (
				res: { status: number; data: { responseCode: number; data: unknown } },
				code: number,
			) => {
				expect(res.status).toBe(http);
				expect(res.data.responseCode).toBe(code);
				expect(res.data.data).toBeNull();
				expect(h.sb.state.messages).toHaveLength(0);
			};

			it('803 for no rows, an empty sheet, or an unreadable file', async () => {
				expectCode(await bulk([header]), 803);
				expectCode(await bulk([]), 803);
				const junk = form(
					{},
					{ name: 'contacts.xlsx', type: XLSX_TYPE, content: 'not a workbook' },
				);
				const res = await h.api.post(SEND_PATH, junk, { params: defined(bulkParams) });
				expectCode(res, 803);
				expect(h.sb.state.requests.at(-1)!.xlsx).toBeNull();
			});

			it('804 for a header that is not exactly Country, Mobile, ctaVar1, ctaVar2, var1..varN', async () => {
				const row = [91, 7890987652, 'v1', null, 'A', 'B'];
				for (const bad of [
					['Country', 'Mobile', 'var1', 'var2'], // ctaVar columns left out
					['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'], // one variable short
					['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2', 'var3'], // one too many
					['country', 'mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'], // case matters
					['Mobile', 'Country', 'ctaVar1', 'ctaVar2', 'var1', 'var2'], // order matters
				]) {
					expectCode(await bulk([bad, row]), 804);
				}
			});

			it('804 for a row whose values do not fit', async () => {
				expectCode(
					await bulk([
						header,
						[91, 7890987652, 'v1', null, 'A', 'B'],
						[91, 7890987653, 'v1', null, 'A', null],
					]),
					804,
				);
				expectCode(await bulk([header, [91, 7890987652, null, null, 'A', 'B']]), 804); // dynamic URL value missing
				expectCode(await bulk([header, ['+91', 7890987652, 'v1', null, 'A', 'B']]), 804);
				expectCode(await bulk([header, [91, 'phone', 'v1', null, 'A', 'B']]), 804);
			});

			it('803 without a file; 802 for the template first', async () => {
				expectCode(await send(bulkParams), 803);
				expectCode(
					await bulk([header, [91, 7890987652, 'v1', null, 'A', 'B']], {
						...bulkParams,
						templateName: 'nope',
					}),
					802,
				);
				expectCode(
					await bulk([header, [91, 7890987652, 'v1', null, 'A', 'B']], {
						...bulkParams,
						senderId: undefined,
					}),
					801,
				);
			});

			it('805 when credits are fewer than rows', async () => {
				h.sb.configure({ credits: 1 });
				expectCode(
					await bulk([
						header,
						[91, 7890987652, 'v1', null, 'A', 'B'],
						[91, 7890987653, 'v2', null, 'C', 'D'],
					]),
					805,
				);
				expect(h.sb.state.config.credits).toBe(1);
			});
		});

		it('a template without variables or dynamic URLs takes the four fixed columns', async () => {
			h.sb.seedTemplate({ name: 'plain', components: [{ type: 'BODY', text: 'Plain text.' }] });
			const res = await bulk([bulkHeader(0), [91, 7890987652, null, null]], {
				...bulkParams,
				templateName: 'plain',
			});
			expect(res.data.responseCode).toBe(200);
			expect(h.sb.state.messages[0]).toMatchObject({ variables: [], ctaVariables: [] });
		});

		it('reads rich text, formulas and hyperlinks as their text', async () => {
			const buffer = await (async () => {
				const ExcelJS = (await import('exceljs')).default;
				const wb = new ExcelJS.Workbook();
				const ws = wb.addWorksheet('s');
				ws.addRow(header);
				ws.addRow([
					91,
					{ formula: '7890987650+2', result: 7890987652 },
					{ text: 'v1', hyperlink: 'https://x.io' },
					null,
					{ richText: [{ text: 'Ku' }, { text: 'nal' }] },
					'B',
				]);
				return Buffer.from(await wb.xlsx.writeBuffer());
			})();
			const res = await h.api.post(
				SEND_PATH,
				form({}, { name: 'c.xlsx', type: XLSX_TYPE, content: buffer }),
				{ params: defined(bulkParams) },
			);
			expect(res.data.responseCode).toBe(200);
			expect(h.sb.state.requests.at(-1)!.xlsx!.rows[0]).toEqual([
				'91',
				'7890987652',
				'v1',
				'',
				'Kunal',
				'B',
			]);
		});
	});

	it('xlsx() helper builds a readable workbook (sanity)', async () => {
		expect((await xlsx([['a']])).subarray(0, 2).toString()).toBe('PK');
	});

	it('GET on /send answers 405', async () => {
		const res = await h.api.get(SEND_PATH);
		expect(res.status).toBe(405);
	});
});
