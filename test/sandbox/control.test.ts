import axios from 'axios';
import { SANDBOX_SENDER_ID, type Sandbox, startSandbox } from '../../sandbox';
import {
	type Harness,
	SEND_PATH,
	TEMPLATE_PATH,
	TOKEN_PATH,
	client,
	fetchToken,
	startHarness,
} from './helpers';

const chat = {
	flowType: 'WHATSAPP',
	type: 'CHAT',
	senderId: SANDBOX_SENDER_ID,
	countryCode: '91',
	mobileNumber: '7715836906',
	message: 'hi',
};

describe('sandbox: faults, latency, concurrency and control endpoints', () => {
	let h: Harness;
	const ctl = (path: string, body?: unknown) =>
		axios.post(`${h.sb.url}/__sandbox${path}`, body ?? {}, { validateStatus: () => true });

	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(() => h.sb.close());
	beforeEach(() => h.sb.reset());

	describe('faults', () => {
		it.each([429, 503])(
			'the next N calls answer %i with Retry-After and are not processed',
			async (status) => {
				const set = await ctl('/faults', { status, count: 2, retryAfter: 3, path: SEND_PATH });
				expect(set.data).toEqual([{ status, count: 2, retryAfter: 3, path: SEND_PATH }]);
				// A call on another path is not affected.
				expect(
					(await h.api.get(TEMPLATE_PATH, { params: { phoneNumber: SANDBOX_SENDER_ID } })).data
						.responseCode,
				).toBe(817);
				for (let i = 0; i < 2; i++) {
					const res = await h.api.post(SEND_PATH, null, { params: chat });
					expect(res.status).toBe(status);
					expect(res.headers['retry-after']).toBe('3');
					expect(res.data.responseCode).toBe(status);
				}
				expect(h.sb.state.messages).toHaveLength(0);
				const ok = await h.api.post(SEND_PATH, null, { params: chat });
				expect(ok.data.responseCode).toBe(200);
				expect(h.sb.state.messages).toHaveLength(1);
				const sends = h.sb.state.requests.filter((r) => r.path === SEND_PATH);
				expect(sends.map((r) => [r.status, r.fault])).toEqual([
					[status, status],
					[status, status],
					[200, undefined],
				]);
				expect(sends[0].query.message).toBe('hi'); // faulted calls are still recorded
				expect(h.sb.state.faults).toEqual([]);
			},
		);

		it('without path a fault hits any API call (the token call too); no Retry-After unless given', async () => {
			h.sb.addFault({ status: 503, count: 1 });
			const res = await client(h.sb).get(TOKEN_PATH, { params: { customerId: 'x' } });
			expect(res.status).toBe(503);
			expect(res.headers['retry-after']).toBeUndefined();
			expect(h.sb.state.tokensIssued).toBe(0);
			expect(h.sb.state.tokenRequests).toBe(1); // counted on arrival, fault or not
		});

		it('a fault beats auth: it is answered before the call is looked at', async () => {
			h.sb.addFault({ status: 429, count: 1 });
			const res = await client(h.sb).post(SEND_PATH);
			expect(res.status).toBe(429);
		});

		it('rejects bad fault bodies; DELETE clears', async () => {
			expect((await ctl('/faults', { status: 500, count: 1 })).status).toBe(400);
			expect((await ctl('/faults', { status: 429, count: 0 })).status).toBe(400);
			await ctl('/faults', { status: 429, count: 5 });
			const cleared = await axios.delete(`${h.sb.url}/__sandbox/faults`);
			expect(cleared.data).toEqual([]);
		});
	});

	describe('latency and in-flight counting', () => {
		it('delays API answers, not control answers', async () => {
			h.sb.configure({ latencyMs: 150 });
			let t = Date.now();
			await h.api.post(SEND_PATH, null, { params: chat });
			expect(Date.now() - t).toBeGreaterThanOrEqual(140);
			t = Date.now();
			await axios.get(`${h.sb.url}/__sandbox/state`);
			expect(Date.now() - t).toBeLessThan(100);
		});

		it('counts concurrent calls including the latency wait', async () => {
			h.sb.configure({ latencyMs: 100 });
			await Promise.all(
				Array.from({ length: 5 }, () => h.api.post(SEND_PATH, null, { params: chat })),
			);
			expect(h.sb.state.maxInFlight).toBe(5);
			expect(h.sb.state.inFlight).toBe(0);
			h.sb.reset();
			for (let i = 0; i < 3; i++) await h.api.post(SEND_PATH, null, { params: chat });
			expect(h.sb.state.maxInFlight).toBe(1);
		});

		it('inFlight is visible while a call waits', async () => {
			h.sb.configure({ latencyMs: 200 });
			const pending = h.api.post(SEND_PATH, null, { params: chat });
			await h.sb.waitFor((s) => s.inFlight === 1, 1000);
			const state = await axios.get(`${h.sb.url}/__sandbox/state`);
			expect(state.data.inFlight).toBe(1);
			await pending;
			expect(h.sb.state.inFlight).toBe(0);
		});

		it('close() does not wait for calls held in a latency wait', async () => {
			const sb: Sandbox = await startSandbox({ latencyMs: 10_000 });
			const token = await (async () => {
				sb.configure({ latencyMs: 0 });
				const t = await fetchToken(sb);
				sb.configure({ latencyMs: 10_000 });
				return t;
			})();
			const pending = client(sb, token)
				.post(SEND_PATH)
				.catch((e: Error) => e);
			await sb.waitFor((s) => s.inFlight === 1, 1000);
			const t = Date.now();
			await sb.close();
			expect(Date.now() - t).toBeLessThan(1000);
			expect(await pending).toBeInstanceOf(Error);
		});
	});

	describe('control endpoints', () => {
		it('GET /state shows counters, config, templates, messages and callbacks', async () => {
			await h.api.post(SEND_PATH, null, { params: chat });
			const res = await axios.get(`${h.sb.url}/__sandbox/state`);
			expect(res.data).toMatchObject({
				config: { errorStyle: 'http400', credits: 999_999 },
				tokenRequests: 0,
				inFlight: 0,
				maxInFlight: 1,
				requestCount: 1,
				templates: {},
				messages: [expect.objectContaining({ type: 'CHAT' })],
				callbacks: [],
			});
		});

		it('GET /requests lists recorded API calls, filtered by path', async () => {
			await h.api.post(SEND_PATH, null, { params: chat });
			await h.api.get(TEMPLATE_PATH);
			await axios.get(`${h.sb.url}/__sandbox/state`); // control calls are not recorded
			const all = await axios.get(`${h.sb.url}/__sandbox/requests`);
			expect(all.data.map((r: { path: string }) => r.path)).toEqual([SEND_PATH, TEMPLATE_PATH]);
			const sends = await axios.get(`${h.sb.url}/__sandbox/requests`, {
				params: { path: SEND_PATH },
			});
			expect(sends.data).toHaveLength(1);
			expect(sends.data[0]).toMatchObject({
				method: 'POST',
				status: 200,
				responseCode: 200,
				query: chat,
				headers: { authtoken: 'present' },
			});
		});

		it('POST /config changes the running config; bad keys or values → 400', async () => {
			const res = await ctl('/config', {
				errorStyle: 'http200',
				latencyMs: 0,
				autoApproveSeconds: null,
			});
			expect(res.data.errorStyle).toBe('http200');
			expect((await h.api.post(SEND_PATH, null, { params: { flowType: 'SMS' } })).status).toBe(200);
			expect((await ctl('/config', { nope: 1 })).status).toBe(400);
			expect((await ctl('/config', { latencyMs: -1 })).status).toBe(400);
			expect((await ctl('/config', { errorStyle: 'http500' })).status).toBe(400);
			expect((await ctl('/config', { callbackUrl: 'not a url' })).status).toBe(400);
			expect(() => h.sb.configure({ credits: Number.NaN })).toThrow();
		});

		it('POST /reset forgets everything and restores the start-up config', async () => {
			const sb = await startSandbox({ errorStyle: 'http200', credits: 10 });
			try {
				const api = client(sb, await fetchToken(sb));
				await api.post(SEND_PATH, null, { params: chat });
				sb.seedTemplate({ name: 't' });
				sb.configure({ errorStyle: 'http400', latencyMs: 5 });
				sb.addFault({ status: 429, count: 3 });
				const stateRef = sb.state;
				const res = await axios.post(`${sb.url}/__sandbox/reset`);
				expect(res.data).toEqual({ ok: true });
				expect(sb.state).toBe(stateRef);
				expect(sb.state).toMatchObject({
					requests: [],
					messages: [],
					templates: {},
					faults: [],
					callbacks: [],
					tokenRequests: 0,
					tokensIssued: 0,
					maxInFlight: 0,
					config: { errorStyle: 'http200', credits: 10, latencyMs: 0 },
				});
			} finally {
				await sb.close();
			}
		});

		it('unknown control paths → 404, bad JSON → 400', async () => {
			expect((await ctl('/nothing')).status).toBe(404);
			const bad = await axios.post(`${h.sb.url}/__sandbox/config`, '{nope', {
				headers: { 'content-type': 'application/json' },
				validateStatus: () => true,
				transformRequest: [(d: unknown) => d],
			});
			expect(bad.status).toBe(400);
		});
	});

	it('startSandbox rejects unknown options and a taken port', async () => {
		await expect(startSandbox({ errorStyle: 'x' as never })).rejects.toThrow();
		await expect(startSandbox({ port: h.sb.port })).rejects.toThrow();
	});
});
