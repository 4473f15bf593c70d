import { runActionNode } from '../../../harness/runWorkflow';
import { useSandbox } from '../../../harness/sandboxFixture';

const ctx = useSandbox();

const chat = (overrides: Record<string, unknown> = {}, n = 1) => ({
	credentialsHelper: ctx.credentialsHelper,
	parameters: {
		resource: 'message',
		operation: 'sendChat',
		phoneNumber: '+919876543210',
		message: 'Hi',
		...overrides,
	},
	items: Array.from({ length: n }, () => ({ json: {} })),
});
const sends = () => ctx.sandbox.state.requests.filter((r) => r.path === '/verification/v3/send');

describe.each(['http400', 'http200'] as const)('error envelopes carried by %s', (errorStyle) => {
	beforeEach(() => ctx.sandbox.configure({ errorStyle }));

	test('801 invalid sender becomes a plain-language error with the code kept', async () => {
		const result = await runActionNode({
			...chat({ senderId: '911111111111' }),
			continueOnFail: true,
		});
		expect(sends()[0].status).toBe(errorStyle === 'http400' ? 400 : 200);
		expect(sends()[0].responseCode).toBe(801);
		expect(result.items[0].json).toMatchObject({ code: 801 });
		expect(String(result.items[0].json.error)).toContain(
			'rejected the sender "911111111111" (801 Invalid sender)',
		);
		expect(String(result.items[0].json.description)).toMatch(/WABA/);
	});

	test('805 insufficient credits stops the node without continueOnFail', async () => {
		ctx.sandbox.configure({ credits: 0 });
		const result = await runActionNode(chat());
		expect(result.error?.message).toBe(
			'The Message Central account has insufficient credits (805)',
		);
		expect(result.error?.description).toMatch(/Top up/);
		expect(result.items).toHaveLength(0);
	});
});

describe('throttling', () => {
	test('429 with Retry-After is waited out and the send repeated', async () => {
		ctx.sandbox.addFault({ status: 429, count: 2, retryAfter: 1, path: '/verification/v3/send' });
		const started = Date.now();
		const result = await runActionNode(chat());
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.success).toBe(true);
		expect(sends().map((r) => r.status)).toEqual([429, 429, 200]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(ctx.sandbox.state.messages).toHaveLength(1);
	});

	test('503 without Retry-After backs off and succeeds', async () => {
		ctx.sandbox.addFault({ status: 503, count: 1, path: '/verification/v3/send' });
		const result = await runActionNode(chat());
		expect(result.items[0].json.success).toBe(true);
		expect(sends().map((r) => r.status)).toEqual([503, 200]);
	});

	test('gives up after 5 tries with a clear message', async () => {
		ctx.sandbox.addFault({ status: 429, count: 10, retryAfter: 0, path: '/verification/v3/send' });
		const result = await runActionNode({ ...chat(), continueOnFail: true });
		expect(sends()).toHaveLength(5);
		expect(String(result.items[0].json.error)).toBe(
			'Message Central is rate limiting requests (429) and still was after 5 tries',
		);
		expect(ctx.sandbox.state.messages).toHaveLength(0);
	});

	test('does not wait past the 60 s budget: a Retry-After of 120 s fails at once', async () => {
		ctx.sandbox.addFault({ status: 503, count: 1, retryAfter: 120, path: '/verification/v3/send' });
		const started = Date.now();
		const result = await runActionNode({ ...chat(), continueOnFail: true });
		expect(Date.now() - started).toBeLessThan(5000);
		expect(sends()).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(/unavailable \(503\)/);
	});
});

describe('no retry on other failures', () => {
	test.each([
		['801', { senderId: '911111111111' }],
		['805', {}],
	])('a %s answer is sent exactly once', async (code, overrides) => {
		if (code === '805') ctx.sandbox.configure({ credits: 0 });
		await runActionNode({ ...chat(overrides), continueOnFail: true });
		expect(sends()).toHaveLength(1);
		expect(sends()[0].responseCode).toBe(Number(code));
	});
});

describe("a proxy's HTML error page", () => {
	test('502 page: the status in words and the page title, never the markup; not repeated; how to check before resending', async () => {
		ctx.sandbox.addFault({ status: 502, html: true, path: '/verification/v3/send' });
		const result = await runActionNode(chat());
		expect(sends().map((r) => [r.status, r.fault])).toEqual([[502, 502]]);
		expect(String(sends()[0].response)).toContain('<title>502 Bad Gateway</title>');
		expect(result.error?.message).toBe(
			'Message Central answered with HTTP 502 (Bad Gateway) instead of its usual answer',
		);
		const description = String(result.error?.description);
		expect(description).toContain('may or may not have been carried out');
		expect(description).toContain('to 919876543210 may already have been sent');
		expect(description).toMatch(/Before sending again, check.*status events.*console/);
		expect(JSON.stringify(result.error)).not.toMatch(/<\/?(html|head|body|title|center|hr)\b/i);
		expect(ctx.sandbox.state.messages).toHaveLength(0);
	});

	test('500 page under continueOnFail: an error item with no code, the others go on', async () => {
		ctx.sandbox.addFault({ status: 500, html: true, count: 1, path: '/verification/v3/send' });
		const result = await runActionNode({ ...chat({}, 2), continueOnFail: true });
		expect(result.items.map((i) => i.json.error ?? 'sent')).toEqual([
			'Message Central answered with HTTP 500 (Internal Server Error) instead of its usual answer',
			'sent',
		]);
		expect(result.items[0].json.code).toBeNull();
		expect(JSON.stringify(result.items[0].json)).not.toContain('<');
	});
});

describe('bad input is stopped before any request', () => {
	test('an invalid phone number names the field, the value and the item', async () => {
		const result = await runActionNode(chat({ phoneNumber: '12345' }));
		expect(result.error?.message).toMatch(
			/^Phone Number \(item 0\): "12345" is not a valid phone number/,
		);
		expect(ctx.sandbox.state.requests).toHaveLength(0);
	});

	test('with continueOnFail the bad item becomes an error item and the others are sent', async () => {
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: {
				resource: 'message',
				operation: 'sendChat',
				phoneNumber: '={{ $json.phone }}',
				message: 'Hi',
			},
			items: [
				{ json: { phone: '+919876543210' } },
				{ json: { phone: 'abc' } },
				{ json: { phone: '+919876543211' } },
			],
			continueOnFail: true,
		});
		expect(result.items.map((i) => [i.json.success ?? false, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
			[true, { item: 2 }],
		]);
		expect(result.items[1].json).toMatchObject({ code: null });
		expect(sends()).toHaveLength(2);
	});

	test('an empty sender (node and credential) is rejected before any request', async () => {
		ctx.credentialsHelper.set('cred-1', {
			...ctx.credentialsHelper.store.get('cred-1'),
			senderId: '',
		});
		const result = await runActionNode(chat());
		expect(result.error?.message).toBe('Sender ID is empty');
		expect(ctx.sandbox.state.requests).toHaveLength(0);
	});
});
