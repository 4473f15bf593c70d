// A login token that Message Central no longer accepts, stored in the credential
// from an earlier run: every operation renews it once for the whole run, at any
// number of requests in flight, and repeats only requests certainly refused.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	SEND_PATH,
	TEMPLATE_PATH,
	TOKEN_PATH,
	VALIDATE_PATH,
	type RecordedRequest,
} from '../../../../sandbox';
import { CREDENTIAL_ID, runActionNode } from '../../../harness/runWorkflow';
import { sandboxCredentials, useSandbox } from '../../../harness/sandboxFixture';
import { phone, seedOrderTemplate } from '../message/fixtures';
import { createParameters } from '../template/fixtures';

const ctx = useSandbox();

interface OperationCase {
	resource: string;
	operation: string;
	/** Whether the operation reads Requests in Flight (the others send one request at a time). */
	inFlight: boolean;
	/** The operation's own calls among the sandbox's recorded requests. */
	calls: (r: RecordedRequest) => boolean;
	/** How many of them each run must have had accepted. */
	accepted: (items: number) => number;
	parameters: IDataObject;
	/** Seeds what the operation needs and returns the input items. */
	setup: (items: number) => Promise<INodeExecutionData[]> | INodeExecutionData[];
}

const numbered = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ json: { i, phone: phone(i) } }));
const isWhatsAppSend = (r: RecordedRequest) => r.path === SEND_PATH && Boolean(r.query.type);
const isCodeSend = (r: RecordedRequest) => r.path === SEND_PATH && !r.query.type;
const isTemplateCall = (method: string) => (r: RecordedRequest) =>
	r.path === TEMPLATE_PATH && r.method === method;

/** Verification IDs sent beforehand with a working token, for Check Code. */
async function sentCodes(n: number): Promise<INodeExecutionData[]> {
	const sent = await runActionNode({
		credentialsHelper: ctx.credentialsHelper,
		parameters: {
			resource: 'verification',
			operation: 'sendCode',
			phoneNumber: '={{ $json.phone }}',
		},
		items: numbered(n),
	});
	expect(sent.items.map((i) => typeof i.json.verificationId)).toEqual(Array(n).fill('string'));
	return ctx.sandbox.state.verifications.map((v) => ({
		json: { verificationId: v.verificationId, code: v.code },
	}));
}

const cases: OperationCase[] = [
	{
		resource: 'message',
		operation: 'sendTemplate',
		inFlight: true,
		calls: isWhatsAppSend,
		accepted: (n) => n,
		parameters: {
			templateName: 'order_update',
			language: 'en_US',
			phoneNumber: '={{ $json.phone }}',
		},
		setup: (n) => {
			seedOrderTemplate(ctx.sandbox, { variables: 0 });
			return numbered(n);
		},
	},
	{
		resource: 'message',
		operation: 'sendChat',
		inFlight: true,
		calls: isWhatsAppSend,
		accepted: (n) => n,
		parameters: { phoneNumber: '={{ $json.phone }}', message: 'Hi' },
		setup: numbered,
	},
	{
		resource: 'message',
		operation: 'sendAndWait',
		inFlight: false,
		calls: isWhatsAppSend,
		accepted: (n) => n,
		parameters: { sendAs: 'chat', phoneNumber: '={{ $json.phone }}', message: 'Refund?' },
		setup: numbered,
	},
	{
		resource: 'message',
		operation: 'sendTemplateBulk',
		inFlight: false,
		calls: isWhatsAppSend,
		accepted: () => 1,
		parameters: {
			templateName: 'order_update',
			language: 'en_US',
			source: 'items',
			phoneNumber: '={{ $json.phone }}',
		},
		setup: (n) => {
			seedOrderTemplate(ctx.sandbox, { variables: 0 });
			return numbered(n);
		},
	},
	{
		resource: 'verification',
		operation: 'sendCode',
		inFlight: true,
		calls: isCodeSend,
		accepted: (n) => n,
		parameters: { phoneNumber: '={{ $json.phone }}' },
		setup: numbered,
	},
	{
		resource: 'verification',
		operation: 'checkCode',
		inFlight: true,
		calls: (r) => r.path === VALIDATE_PATH,
		accepted: (n) => n,
		parameters: { verificationId: '={{ $json.verificationId }}', code: '={{ $json.code }}' },
		setup: sentCodes,
	},
	{
		resource: 'template',
		operation: 'create',
		inFlight: true,
		calls: isTemplateCall('POST'),
		accepted: (n) => n,
		parameters: { ...createParameters(), name: '={{ "order_update_" + $json.i }}' },
		setup: numbered,
	},
	{
		resource: 'template',
		operation: 'getStatus',
		inFlight: true,
		calls: isTemplateCall('GET'),
		accepted: (n) => n,
		parameters: {
			templateName: '={{ $json.name }}',
			templateId: '={{ $json.id }}',
			language: 'en_US',
		},
		setup: (n) =>
			Array.from({ length: n }, (_, i) => {
				const t = ctx.sandbox.seedTemplate({ name: `promo_${i}` });
				return { json: { name: t.name, id: t.id } };
			}),
	},
	{
		resource: 'template',
		operation: 'waitForApproval',
		inFlight: true,
		calls: isTemplateCall('GET'),
		accepted: (n) => n,
		parameters: {
			templateName: '={{ $json.name }}',
			templateId: '={{ $json.id }}',
			language: 'en_US',
			pollIntervalSeconds: 5,
			timeoutMinutes: 1,
		},
		setup: (n) =>
			Array.from({ length: n }, (_, i) => {
				const t = ctx.sandbox.seedTemplate({ name: `welcome_${i}`, status: 'APPROVED' });
				return { json: { name: t.name, id: t.id } };
			}),
	},
];

/** Stores a token the sandbox issued and then stopped accepting, as after a restart of its side. */
function storeStaleToken() {
	const stale = ctx.sandbox.issueToken();
	ctx.sandbox.expireTokens();
	ctx.credentialsHelper.set(CREDENTIAL_ID, {
		...sandboxCredentials(ctx.sandbox),
		authToken: stale,
	});
	return stale;
}

async function runCase(c: OperationCase, n: number, continueOnFail = false) {
	const items = await c.setup(n);
	const tokenRequestsBefore = ctx.sandbox.state.tokenRequests;
	const callsBefore = ctx.sandbox.state.requests.length;
	const stale = storeStaleToken();
	// A little latency, so that the items' first requests are all in flight together.
	ctx.sandbox.configure({ latencyMs: 20 });
	const result = await runActionNode({
		credentialsHelper: ctx.credentialsHelper,
		parameters: {
			resource: c.resource,
			operation: c.operation,
			...c.parameters,
			...(c.inFlight ? { options: { concurrency: n } } : {}),
		},
		items,
		continueOnFail,
	});
	const calls = ctx.sandbox.state.requests.slice(callsBefore).filter(c.calls);
	return {
		result,
		stale,
		calls,
		tokenRequests: ctx.sandbox.state.tokenRequests - tokenRequestsBefore,
	};
}

describe.each([2, 20])('a stale stored token, %i items', (n) => {
	test.each(cases.map((c) => [`${c.resource} → ${c.operation}`, c] as const))(
		'%s: renewed once, every item succeeds, only refused requests repeated',
		async (_name, c) => {
			const { result, stale, calls, tokenRequests } = await runCase(c, n);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(c.accepted(n) === 1 ? n : c.accepted(n));
			expect(result.items.filter((i) => i.json.error !== undefined)).toEqual([]);
			expect(tokenRequests).toBe(1);
			const refused = calls.filter((r) => r.status === 401);
			const accepted = calls.filter((r) => r.status === 200);
			expect(accepted).toHaveLength(c.accepted(n));
			// Each refusal is Message Central's "Invalid Auth": nothing was carried out.
			expect(refused.every((r) => r.responseCode === 800)).toBe(true);
			// At most one refused attempt per accepted call: the first, with the stale token.
			expect(refused.length).toBeGreaterThanOrEqual(1);
			expect(refused.length).toBeLessThanOrEqual(c.accepted(n));
			// The new token is saved for the next run.
			const saved = ctx.credentialsHelper.store.get(CREDENTIAL_ID)?.authToken;
			expect(saved).toEqual(expect.any(String));
			expect(saved).not.toBe(stale);
		},
	);
});

describe('refusals that arrive after the renewal', () => {
	test('are blamed on the token they carried, not on the new one: still one login', async () => {
		// Starts 10 ms apart, 60 ms of latency and a quick login: refusals of the
		// stale token go on arriving after the first of them has brought a new token.
		const stale = storeStaleToken();
		ctx.sandbox.configure({ latencyMs: 60, tokenLatencyMs: 0 });
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: {
				resource: 'verification',
				operation: 'sendCode',
				phoneNumber: '={{ $json.phone }}',
				options: { concurrency: 20, maxPerSecond: 100 },
			},
			items: numbered(20),
		});
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
		const sends = ctx.sandbox.state.requests.filter(isCodeSend);
		const refused = sends.filter((r) => r.status === 401);
		expect(refused.length).toBeGreaterThanOrEqual(2);
		const firstLogin = ctx.sandbox.state.requests.find((r) => r.path === TOKEN_PATH)!;
		// The case under test: refusals of the stale token answered after the login.
		expect(refused.some((r) => r.answeredAt > firstLogin.answeredAt)).toBe(true);
		expect(sends.filter((r) => r.status === 200)).toHaveLength(20);
		expect(ctx.credentialsHelper.store.get(CREDENTIAL_ID)?.authToken).not.toBe(stale);
	});
});

describe('the one send per item that reached Message Central', () => {
	test.each([2, 20])('Send Code, %i in flight: one code per number, never two', async (n) => {
		const { calls } = await runCase(cases.find((c) => c.operation === 'sendCode')!, n);
		expect(ctx.sandbox.state.verifications).toHaveLength(n);
		const perNumber = new Map<string, number>();
		for (const r of calls.filter((r) => r.status === 200)) {
			const key = String(r.query.mobileNumber);
			perNumber.set(key, (perNumber.get(key) ?? 0) + 1);
		}
		expect([...perNumber.values()]).toEqual(Array(n).fill(1));
	});
});

describe('a token refused right after a fresh login', () => {
	test.each([1, 20])(
		'%i in flight: one login, one credential error per item, no storm of requests',
		async (n) => {
			// Tokens the sandbox issues with a zero lifetime are dead on arrival.
			ctx.sandbox.configure({ tokenLifetimeSeconds: 0 });
			const { result, calls, tokenRequests } = await runCase(
				cases.find((c) => c.operation === 'sendCode')!,
				n,
				true,
			);
			expect(tokenRequests).toBe(1);
			expect(result.items).toHaveLength(n);
			for (const [i, item] of result.items.entries()) {
				expect(item.json).toMatchObject({ code: 800 });
				expect(String(item.json.error)).toMatch(/rejected the login token even after renewing it/);
				expect(item.pairedItem).toEqual({ item: i });
			}
			// The stale token's first attempts, then the one request that tried the new token.
			expect(calls.filter((r) => r.status === 200)).toHaveLength(0);
			expect(calls.length).toBeLessThanOrEqual(n + 1);
			expect(ctx.sandbox.state.verifications).toHaveLength(0);
		},
	);

	test('without continueOnFail the run stops with the credential error', async () => {
		ctx.sandbox.configure({ tokenLifetimeSeconds: 0 });
		const { result, tokenRequests } = await runCase(
			cases.find((c) => c.operation === 'sendChat')!,
			20,
		);
		expect(result.error?.message).toMatch(/rejected the login token even after renewing it/);
		expect(result.error?.description).toMatch(/Customer ID and password/);
		expect(tokenRequests).toBe(1);
	});
});

describe('a 401 without Message Central\'s "Invalid Auth"', () => {
	test('a send answered with a bare 401 page is not repeated: it may have been carried out', async () => {
		ctx.sandbox.addFault({ status: 401, html: true, count: 1, path: SEND_PATH });
		const { result, calls, tokenRequests } = await runCase(
			cases.find((c) => c.operation === 'sendCode')!,
			1,
			true,
		);
		expect(calls.map((r) => r.status)).toEqual([401]);
		expect(tokenRequests).toBe(0);
		expect(String(result.items[0].json.error)).toMatch(/HTTP 401 \(Unauthorized\)/);
		expect(String(result.items[0].json.description)).toMatch(
			/may or may not have been carried out/,
		);
	});

	test('after a send answered with a bare 401, the next request logs in (the send is not repeated)', async () => {
		// A token that worked before this run, and a gateway that answers two sends with 401 pages.
		ctx.credentialsHelper.set(CREDENTIAL_ID, {
			...sandboxCredentials(ctx.sandbox),
			authToken: ctx.sandbox.issueToken(),
		});
		ctx.sandbox.addFault({ status: 401, html: true, count: 2, path: SEND_PATH });
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: {
				resource: 'verification',
				operation: 'sendCode',
				phoneNumber: '={{ $json.phone }}',
				options: { concurrency: 1 },
			},
			items: numbered(3),
			continueOnFail: true,
		});
		expect(ctx.sandbox.state.requests.filter(isCodeSend).map((r) => r.status)).toEqual([
			401, 401, 200,
		]);
		// Each 401 dropped the token it came with: the second and third sends came after a login.
		expect(ctx.sandbox.state.tokenRequests).toBe(2);
		expect(result.items.map((i) => (i.json.error ? 'error' : 'sent'))).toEqual([
			'error',
			'error',
			'sent',
		]);
	});

	test('a read answered with a bare 401 is repeated after a login', async () => {
		ctx.sandbox.addFault({ status: 401, html: true, count: 1, path: TEMPLATE_PATH });
		// A token that worked before this run: its refusal is worth one login.
		ctx.credentialsHelper.set(CREDENTIAL_ID, {
			...sandboxCredentials(ctx.sandbox),
			authToken: ctx.sandbox.issueToken(),
		});
		const c = cases.find((x) => x.operation === 'getStatus')!;
		const items = await c.setup(1);
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: { resource: c.resource, operation: c.operation, ...c.parameters },
			items,
		});
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.requests.filter(c.calls).map((r) => r.status)).toEqual([401, 200]);
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
	});
});

describe('a network failure', () => {
	test('after a successful login fails only its own item; the others are sent', async () => {
		// No stored token: the first send logs in, then its connection is cut.
		ctx.sandbox.addFault({ status: 502, drop: true, count: 1, path: SEND_PATH });
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: {
				resource: 'verification',
				operation: 'sendCode',
				phoneNumber: '={{ $json.phone }}',
				options: { concurrency: 2 },
			},
			items: numbered(3),
			continueOnFail: true,
		});
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
		expect(result.items.map((i) => (i.json.error ? 'error' : 'sent'))).toEqual([
			'error',
			'sent',
			'sent',
		]);
		// Cut after the request left: it may have been carried out, so it is not called unreachable.
		expect(String(result.items[0].json.error)).toMatch(/may or may not have been carried out/);
		expect(ctx.sandbox.state.verifications).toHaveLength(2);
	});
});
