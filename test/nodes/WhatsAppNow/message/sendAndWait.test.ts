import { useSandbox } from '../../../harness/sandboxFixture';
import { phone, runner, seedOrderTemplate, sendRequests } from './fixtures';

const ctx = useSandbox();
const sendAndWait = runner(ctx, 'sendAndWait');

const chat = {
	sendAs: 'chat',
	phoneNumber: '={{ $json.phone }}',
	message: 'May we refund order 1001?',
};

describe('message → sendAndWait', () => {
	test('chat approval: Approve and Decline links appended, signed per item; the execution waits', async () => {
		const result = await sendAndWait(chat, {
			items: [{ json: { phone: phone(1) } }, { json: { phone: phone(2) } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.run.waitTill).toBeInstanceOf(Date);
		const texts = sendRequests(ctx.sandbox).map((r) => String(r.query.message));
		expect(texts).toHaveLength(2);
		texts.forEach((text, i) => {
			const [question, links] = text.split('\n\n');
			expect(question).toBe('May we refund order 1001?');
			expect(links).toMatch(
				new RegExp(
					`^Approve: http://127\\.0\\.0\\.1:5678/webhook-waiting/[^/]+/wa\\?item=${i}&choice=approve&signature=[0-9a-f]{64}\\nDecline: .*item=${i}&choice=decline&signature=[0-9a-f]{64}$`,
				),
			);
		});
		expect(
			result.items.map((item) => [item.json.to, item.json.waitingForResponse, item.pairedItem]),
		).toEqual([
			['919800000001', true, { item: 0 }],
			['919800000002', true, { item: 1 }],
		]);
		// What was asked, without the links: the response page shows it.
		expect(result.items.map((item) => item.json.question)).toEqual([
			'May we refund order 1001?',
			'May we refund order 1001?',
		]);
	});

	test('template: the link after webhook-waiting/ goes in the one CTA variable, with the body variables', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 1, dynamicUrls: 1 });
		const result = await sendAndWait(
			{
				sendAs: 'template',
				phoneNumber: phone(1),
				templateName: 'order_update',
				variables: { variable: [{ value: 'Asha' }] },
			},
			{},
		);
		expect(result.error).toBeUndefined();
		const [request] = sendRequests(ctx.sandbox);
		expect(request.query.variables).toBe('Asha');
		expect(request.query.ctaVariables).toMatch(/^[^/]+\/wa\?item=0&signature=[0-9a-f]{64}$/);
	});

	test("a template without a dynamic URL button: Message Central's 804 becomes the recipe", async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 1, dynamicUrls: 0 });
		const result = await sendAndWait(
			{
				sendAs: 'template',
				phoneNumber: phone(1),
				templateName: 'order_update',
				variables: { variable: [{ value: 'Asha' }] },
			},
			{},
		);
		expect(result.error?.message).toBe(
			'Template "order_update" does not take the response link (804): it needs exactly one dynamic URL button',
		);
		expect(result.error?.description).toContain('webhook-waiting/{{1}}');
		expect(result.run.waitTill).toBeUndefined();
	});

	test.each([
		['an empty message', { message: '  ' }, 'Message (item 0) is empty'],
		['a bad phone number', { phoneNumber: '12' }, 'Phone Number (item 0)'],
		[
			'a message too long with its links',
			{ message: 'x'.repeat(4000) },
			/^Message \(item 0\) is \d+ characters long with the \d+ characters of the response links/,
		],
		[
			'two form fields with one label',
			{ responseType: 'customForm', formFields: { field: [{ label: 'A' }, { label: 'A' }] } },
			'Form Fields: two fields are labelled "A"; labels name the output keys',
		],
		[
			'a dropdown without choices',
			{
				responseType: 'customForm',
				formFields: { field: [{ label: 'Size', fieldType: 'dropdown' }] },
			},
			'Form Fields: dropdown "Size" has no choices; list them separated by commas',
		],
		[
			'a wait limit in the past',
			{
				options: {
					limitWaitTime: {
						values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' },
					},
				},
			},
			'Limit Wait Time: Max Date and Time 2020-01-01T00:00:00.000Z has already passed',
		],
	])('%s is refused before any request', async (_, parameters, message) => {
		const result = await sendAndWait({ ...chat, phoneNumber: phone(1), ...parameters }, {});
		expect(result.error?.message).toMatch(message);
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('under continueOnFail a bad item becomes an error item; the others are sent and wait', async () => {
		const result = await sendAndWait(chat, {
			continueOnFail: true,
			items: [{ json: { phone: '12' } }, { json: { phone: phone(2) } }],
		});
		expect(sendRequests(ctx.sandbox)).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/^Phone Number \(item 0\)/);
		expect(result.items[1].json).toMatchObject({ to: '919800000002', waitingForResponse: true });
		expect(result.run.waitTill).toBeInstanceOf(Date);
	});
});

describe("n8n's approval tool: the manager reads the proposed parameters", () => {
	// n8n 2.41's default message of whatsAppNowHitlTool (n8n's hitl-tools.js).
	const HITL_DEFAULT =
		'=The agent wants to run this tool: {{ $tool.name }}\n\nInput:\n{{ $tool.parameters }}';
	// The tool call as n8n hands it to the node: its name and parameters on the item.
	const toolCall = {
		tool: 'Reply_on_WhatsApp',
		toolParameters: { message: 'Thanks for writing, your order ships today', urgent: false },
	};

	test('the default text shows the tool and one line per parameter, never [object Object]', async () => {
		const result = await sendAndWait(
			{ sendAs: 'chat', phoneNumber: phone(1), message: HITL_DEFAULT },
			{ items: [{ json: toolCall }] },
		);
		expect(result.error).toBeUndefined();
		const [text] = sendRequests(ctx.sandbox).map((r) => String(r.query.message));
		expect(text.split('\n\n').slice(0, 2)).toEqual([
			'The agent wants to run this tool: Reply_on_WhatsApp',
			'Input:\nmessage: Thanks for writing, your order ships today\nurgent: false',
		]);
		expect(text).not.toContain('[object Object]');
		expect(result.items[0].json.question).toContain(
			'message: Thanks for writing, your order ships today',
		);
	});

	test('a message naming one parameter is left as written', async () => {
		const result = await sendAndWait(
			{ sendAs: 'chat', phoneNumber: phone(1), message: '=Send: {{ $tool.parameters.message }}' },
			{ items: [{ json: toolCall }] },
		);
		expect(result.error).toBeUndefined();
		expect(String(sendRequests(ctx.sandbox)[0].query.message).split('\n\n')[0]).toBe(
			'Send: Thanks for writing, your order ships today',
		);
	});
});
