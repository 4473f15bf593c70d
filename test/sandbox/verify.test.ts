// Verify Now (OTP) in the sandbox, over real HTTP
// (docs/message-central-api.md#verify-now-otp-endpoints).
import axios from 'axios';
import { type OtpView, VALIDATE_PATH, VERIFY_LIMIT_MESSAGE, startSandbox } from '../../sandbox';
import { type Harness, SEND_PATH, client, form, startHarness } from './helpers';

type Params = Record<string, string | number | undefined>;

const NUMBER = { countryCode: '91', mobileNumber: '9876543210' };
const TO = '919876543210';

describe('sandbox: Verify Now (OTP)', () => {
	let h: Harness;
	const sendCode = (params: Params = {}) =>
		h.api.post(SEND_PATH, null, { params: { flowType: 'WHATSAPP', ...NUMBER, ...params } });
	const check = (verificationId: string | number, code: string, extra: Params = {}) =>
		h.api.get(VALIDATE_PATH, { params: { verificationId, code, ...extra } });
	const ctl = axios.create({ validateStatus: () => true });
	const controlUrl = (path: string) => `${h.sb.url}/__sandbox${path}`;
	/** Sends a code and answers its id and the code itself (read from the control endpoint). */
	const sendAndRead = async (params: Params = {}) => {
		const res = await sendCode(params);
		expect(res.data.responseCode).toBe(200);
		const id = res.data.data.verificationId as string;
		const otp = h.sb.state.verifications.find((v) => v.verificationId === id);
		return { id, code: otp?.code ?? '' };
	};
	/** Any code of the right length that is not the right one. */
	const wrong = (code: string) => code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(() => h.sb.close());
	beforeEach(() => h.sb.reset());

	describe('send', () => {
		it.each(['WHATSAPP', 'SMS'])(
			'flowType %s without type: success shape, 4 digits, 1 credit, stored',
			async (flowType) => {
				const credits = h.sb.state.config.credits;
				const res = await sendCode({ flowType });
				expect(res.status).toBe(200);
				expect(res.data).toEqual({
					responseCode: 200,
					message: 'SUCCESS',
					data: {
						verificationId: expect.stringMatching(/^\d+$/),
						mobileNumber: NUMBER.mobileNumber,
						responseCode: '200',
						errorMessage: null,
						timeout: '60',
						smsCLI: null,
						transactionId: null,
					},
				});
				expect(h.sb.state.config.credits).toBe(credits - 1);
				expect(h.sb.state.messages).toHaveLength(0); // not a WhatsApp Now message
				const [v] = h.sb.state.verifications;
				expect(v).toMatchObject({
					verificationId: res.data.data.verificationId,
					code: expect.stringMatching(/^\d{4}$/),
					to: TO,
					...NUMBER,
					channel: flowType,
					status: 'PENDING',
					wrongAttempts: 0,
				});
				expect(v.expiresAt - v.createdAt).toBe(60_000);
			},
		);

		it.each([4, 5, 6, 7, 8])('otpLength %i gives a code of that many digits', async (n) => {
			await sendCode({ otpLength: n });
			expect(h.sb.state.verifications[0].code).toMatch(new RegExp(`^\\d{${n}}$`));
		});

		it('type=OTP is an OTP send too; multipart form fields are read like query ones', async () => {
			expect((await sendCode({ type: 'OTP' })).data.responseCode).toBe(200);
			const fields = { flowType: 'SMS', countryCode: '44', mobileNumber: '7700900123' };
			const res = await h.api.post(SEND_PATH, form({ ...fields, otpLength: '6' }));
			expect(res.data.responseCode).toBe(200);
			expect(h.sb.state.verifications[1]).toMatchObject({ to: '447700900123', channel: 'SMS' });
			expect(h.sb.state.verifications[1].code).toHaveLength(6);
		});

		it('ids are distinct digit strings; optional customerId, email and langId are accepted', async () => {
			const a = await sendCode({ customerId: 'C-X', email: 'a@b.c', langId: 'en' });
			const b = await sendCode({ mobileNumber: '9876543211' });
			expect(a.data.data.verificationId).not.toBe(b.data.data.verificationId);
		});

		it('the timeout follows otpTimeoutSeconds', async () => {
			h.sb.configure({ otpTimeoutSeconds: 120 });
			expect((await sendCode()).data.data.timeout).toBe('120');
		});

		it.each([
			{ label: 'flowType RCS', params: { flowType: 'RCS' }, code: 400, message: 'BAD_REQUEST' },
			{ label: 'flowType missing', params: { flowType: undefined }, code: 400 },
			{ label: 'countryCode with +', params: { countryCode: '+91' }, code: 511 },
			{ label: 'countryCode missing', params: { countryCode: undefined }, code: 511 },
			{ label: 'mobileNumber letters', params: { mobileNumber: '98765abc' }, code: 400 },
			{ label: 'mobileNumber missing', params: { mobileNumber: undefined }, code: 400 },
			{ label: 'otpLength 3', params: { otpLength: 3 }, code: 400 },
			{ label: 'otpLength 9', params: { otpLength: 9 }, code: 400 },
			{ label: 'otpLength 4.5', params: { otpLength: '4.5' }, code: 400 },
		])('$label → $code, nothing sent or charged', async ({ params, code, message }) => {
			const credits = h.sb.state.config.credits;
			const res = await sendCode(params);
			expect(res.status).toBe(400);
			expect(res.data).toMatchObject({ responseCode: code, data: null });
			if (message) expect(res.data.message).toBe(message);
			if (code === 511) expect(res.data.message).toBe('INVALID_COUNTRY_CODE');
			expect(h.sb.state.verifications).toHaveLength(0);
			expect(h.sb.state.config.credits).toBe(credits);
		});

		it('checks in order: flowType, countryCode, mobileNumber, otpLength', async () => {
			const bad = { countryCode: 'x', mobileNumber: 'y', otpLength: 3 };
			expect((await sendCode({ ...bad, flowType: 'RCS' })).data.responseCode).toBe(400);
			expect((await sendCode(bad)).data.responseCode).toBe(511);
		});

		it('508 when credits are 0', async () => {
			h.sb.configure({ credits: 0 });
			const res = await sendCode();
			expect(res.status).toBe(400);
			expect(res.data).toEqual({ responseCode: 508, message: 'INSUFFICIENT_BALANCE', data: null });
			expect(h.sb.state.verifications).toHaveLength(0);
		});

		it('800 MAXIMUM_LIMIT_REACHED once the daily limit per number is used (not a 401)', async () => {
			h.sb.configure({ otpDailyLimit: 2 });
			for (let i = 0; i < 2; i++) {
				await sendAndRead();
				h.sb.expireOtp(TO);
			}
			const res = await sendCode();
			expect(res.status).toBe(400);
			expect(res.data).toEqual({ responseCode: 800, message: VERIFY_LIMIT_MESSAGE, data: null });
			expect(VERIFY_LIMIT_MESSAGE).toBe('MAXIMUM_LIMIT_REACHED');
			// Another number has its own count.
			expect((await sendCode({ mobileNumber: '9876543211' })).data.responseCode).toBe(200);
		});

		it('506 while a code is pending; a new one is allowed after expiry or verification', async () => {
			const first = await sendAndRead();
			const again = await sendCode({ flowType: 'SMS' });
			expect(again.status).toBe(400);
			expect(again.data).toEqual({
				responseCode: 506,
				message: 'REQUEST_ALREADY_EXISTS',
				data: null,
			});
			expect(h.sb.state.verifications).toHaveLength(1);

			const expired = await ctl.post(controlUrl('/otp/expire'), { verificationId: first.id });
			expect(expired.data).toMatchObject({ verificationId: first.id, status: 'EXPIRED' });
			const second = await sendAndRead();
			expect(second.id).not.toBe(first.id);

			expect((await check(second.id, second.code)).data.responseCode).toBe(200);
			expect((await sendCode()).data.responseCode).toBe(200);
		});

		it('a failed verification does not block a new code', async () => {
			h.sb.configure({ otpMaxAttempts: 1 });
			const { id, code } = await sendAndRead();
			await check(id, wrong(code));
			expect((await sendCode()).data.responseCode).toBe(200);
		});
	});

	describe('validateOtp', () => {
		it('right code → 200 with a numeric verificationId; a second check → 703', async () => {
			const { id, code } = await sendAndRead();
			const res = await check(id, code);
			expect(res.status).toBe(200);
			expect(res.data).toEqual({
				responseCode: 200,
				message: 'SUCCESS',
				data: {
					verificationId: Number(id),
					mobileNumber: NUMBER.mobileNumber,
					verificationStatus: 'VERIFICATION_COMPLETED',
					responseCode: '200',
					errorMessage: null,
					transactionId: null,
					authToken: null,
				},
			});
			expect(h.sb.state.verifications[0].status).toBe('VERIFIED');
			const again = await check(id, code);
			expect(again.status).toBe(400);
			expect(again.data).toEqual({ responseCode: 703, message: 'ALREADY_VERIFIED', data: null });
		});

		it('the matching number and extra parameters are accepted', async () => {
			const { id, code } = await sendAndRead({ flowType: 'SMS' });
			const res = await check(id, code, { ...NUMBER, flowType: 'SMS', langId: 'en' });
			expect(res.data.data.verificationStatus).toBe('VERIFICATION_COMPLETED');
		});

		it('wrong code → 702; after otpMaxAttempts wrong codes the verification is failed (700)', async () => {
			h.sb.configure({ otpMaxAttempts: 3 });
			const { id, code } = await sendAndRead();
			for (let i = 1; i <= 3; i++) {
				const res = await check(id, wrong(code));
				expect(res.data).toEqual({ responseCode: 702, message: 'WRONG_OTP_PROVIDED', data: null });
				expect(h.sb.state.verifications[0].wrongAttempts).toBe(i);
			}
			expect(h.sb.state.verifications[0].status).toBe('FAILED');
			const right = await check(id, code);
			expect(right.status).toBe(400);
			expect(right.data).toEqual({ responseCode: 700, message: 'VERIFICATION_FAILED', data: null });
		});

		it('the default otpMaxAttempts is 5', async () => {
			const { id, code } = await sendAndRead();
			for (let i = 0; i < 4; i++) await check(id, wrong(code));
			expect(h.sb.state.verifications[0].status).toBe('PENDING');
			expect((await check(id, wrong(code))).data.responseCode).toBe(702);
			expect((await check(id, code)).data.responseCode).toBe(700);
		});

		it('705 after POST /__sandbox/otp/expire', async () => {
			const { id, code } = await sendAndRead();
			await ctl.post(controlUrl('/otp/expire'), { verificationId: Number(id) });
			const res = await check(id, code);
			expect(res.data).toEqual({ responseCode: 705, message: 'VERIFICATION_EXPIRED', data: null });
		});

		it('705 once otpTimeoutSeconds has passed (state follows on its own)', async () => {
			h.sb.configure({ otpTimeoutSeconds: 0.1 });
			const { id, code } = await sendAndRead();
			expect(h.sb.state.verifications[0].status).toBe('PENDING');
			await h.sb.waitFor((s) => s.verifications[0].status === 'EXPIRED', 2000);
			expect((await check(id, code)).data.responseCode).toBe(705);
		});

		it('505 for an unknown verificationId; 400 when verificationId or code is missing', async () => {
			const res = await check('999', '1234');
			expect(res.data).toEqual({
				responseCode: 505,
				message: 'INVALID_VERIFICATION_ID',
				data: null,
			});
			const { id } = await sendAndRead();
			expect((await h.api.get(VALIDATE_PATH, { params: { code: '1234' } })).data.responseCode).toBe(
				400,
			);
			expect(
				(await h.api.get(VALIDATE_PATH, { params: { verificationId: id } })).data.responseCode,
			).toBe(400);
			expect(h.sb.state.verifications[0].wrongAttempts).toBe(0);
		});

		it('700 when the number given differs from the verification’s; nothing changes', async () => {
			const { id, code } = await sendAndRead();
			const res = await check(id, code, { countryCode: '91', mobileNumber: '9000000000' });
			expect(res.data).toEqual({ responseCode: 700, message: 'VERIFICATION_FAILED', data: null });
			expect(h.sb.state.verifications[0]).toMatchObject({ status: 'PENDING', wrongAttempts: 0 });
			// Only one half of the number given: not compared.
			expect((await check(id, code, { countryCode: '44' })).data.responseCode).toBe(200);
		});

		it('POST → 405 with Allow: GET (before auth)', async () => {
			const { id, code } = await sendAndRead();
			const res = await h.api.post(VALIDATE_PATH, null, { params: { verificationId: id, code } });
			expect(res.status).toBe(405);
			expect(res.headers.allow).toBe('GET');
			expect(res.data).toEqual({ responseCode: 405, message: 'METHOD_NOT_ALLOWED', data: null });
			expect((await client(h.sb).post(VALIDATE_PATH)).status).toBe(405);
			expect(h.sb.state.verifications[0].status).toBe('PENDING');
		});

		it('errorStyle http200 carries the error envelope with HTTP 200', async () => {
			h.sb.configure({ errorStyle: 'http200' });
			const { id, code } = await sendAndRead();
			const res = await check(id, wrong(code));
			expect(res.status).toBe(200);
			expect(res.data).toEqual({ responseCode: 702, message: 'WRONG_OTP_PROVIDED', data: null });
			expect((await sendCode()).status).toBe(200); // 506, also HTTP 200
		});
	});

	it('both endpoints require the authToken (800 Invalid Auth, HTTP 401)', async () => {
		const anonymous = client(h.sb);
		const send = await anonymous.post(SEND_PATH, null, { params: { flowType: 'SMS', ...NUMBER } });
		const validate = await anonymous.get(VALIDATE_PATH, {
			params: { verificationId: '1', code: '1' },
		});
		for (const res of [send, validate]) {
			expect(res.status).toBe(401);
			expect(res.data).toEqual({ responseCode: 800, message: 'Invalid Auth', data: null });
		}
		expect(h.sb.state.verifications).toHaveLength(0);
	});

	describe('control endpoints and handle', () => {
		it('GET /__sandbox/otp answers the last code sent to a number', async () => {
			const first = await sendAndRead();
			h.sb.expireOtp(first.id);
			const last = await sendAndRead({ otpLength: 6, flowType: 'SMS' });
			const v = h.sb.state.verifications[1];
			const expected: OtpView = {
				verificationId: last.id,
				code: last.code,
				to: TO,
				...NUMBER,
				channel: 'SMS',
				status: 'PENDING',
				expiresAt: new Date(v.expiresAt).toISOString(),
			};
			const byTo = await ctl.get(controlUrl('/otp'), { params: { to: TO } });
			expect(byTo.status).toBe(200);
			expect(byTo.data).toEqual(expected);
			const byParts = await ctl.get(controlUrl('/otp'), { params: NUMBER });
			expect(byParts.data).toEqual(expected);
			const formatted = await ctl.get(controlUrl('/otp'), { params: { to: '+91 98765-43210' } });
			expect(formatted.data).toEqual(expected);
			expect(h.sb.lastOtp(TO)).toEqual(expected);
			// Not recorded as API calls.
			expect(h.sb.state.requests.filter((r) => r.path.startsWith('/__sandbox'))).toEqual([]);
		});

		it('404 {error} when no code was sent; 400 without a number', async () => {
			const none = await ctl.get(controlUrl('/otp'), { params: { to: TO } });
			expect(none.status).toBe(404);
			expect(none.data).toEqual({ error: expect.any(String) });
			expect(h.sb.lastOtp(TO)).toBeNull();
			expect((await ctl.get(controlUrl('/otp'))).status).toBe(400);
			expect((await ctl.post(controlUrl('/otp/expire'), { verificationId: '1' })).status).toBe(404);
			expect((await ctl.post(controlUrl('/otp/expire'), {})).status).toBe(400);
			expect(() => h.sb.expireOtp('1')).toThrow('no verification 1');
		});

		it('POST /__sandbox/otp/expire also takes { to }; expireOtp(to) on the handle', async () => {
			await sendAndRead();
			const res = await ctl.post(controlUrl('/otp/expire'), { to: TO });
			expect(res.status).toBe(200);
			expect(res.data.status).toBe('EXPIRED');
			await sendAndRead();
			expect(h.sb.expireOtp(TO).status).toBe('EXPIRED');
			expect(h.sb.state.verifications.map((v) => v.status)).toEqual(['EXPIRED', 'EXPIRED']);
		});

		it('GET /__sandbox/state lists verifications; POST /__sandbox/reset clears them', async () => {
			await sendAndRead();
			const state = await ctl.get(controlUrl('/state'));
			expect(state.data.verifications).toHaveLength(1);
			expect((await ctl.post(controlUrl('/reset'))).status).toBe(200);
			expect(h.sb.state.verifications).toEqual([]);
			expect((await ctl.get(controlUrl('/otp'), { params: { to: TO } })).status).toBe(404);
			expect((await sendCode()).data.responseCode).toBe(200); // no 506 left behind
		});

		it('OTP settings go through config validation (start options, configure, POST /config)', async () => {
			expect(h.sb.state.config).toMatchObject({
				otpTimeoutSeconds: 60,
				otpDailyLimit: 10,
				otpMaxAttempts: 5,
			});
			const res = await ctl.post(controlUrl('/config'), {
				otpTimeoutSeconds: 30,
				otpDailyLimit: 3,
				otpMaxAttempts: 2,
			});
			expect(res.data).toMatchObject({
				otpTimeoutSeconds: 30,
				otpDailyLimit: 3,
				otpMaxAttempts: 2,
			});
			expect((await sendCode()).data.data.timeout).toBe('30');
			for (const bad of [
				{ otpTimeoutSeconds: 0 },
				{ otpTimeoutSeconds: -1 },
				{ otpDailyLimit: 1.5 },
				{ otpDailyLimit: -1 },
				{ otpMaxAttempts: 0 },
				{ otpMaxAttempts: '5' },
			]) {
				expect((await ctl.post(controlUrl('/config'), bad)).status).toBe(400);
				expect(() => h.sb.configure(bad as never)).toThrow();
			}
		});

		it('start options set them too', async () => {
			const sb = await startSandbox({ otpTimeoutSeconds: 20, otpDailyLimit: 1, otpMaxAttempts: 9 });
			try {
				expect(sb.state.config).toMatchObject({
					otpTimeoutSeconds: 20,
					otpDailyLimit: 1,
					otpMaxAttempts: 9,
				});
				await expect(startSandbox({ otpMaxAttempts: 0 })).rejects.toThrow('otpMaxAttempts');
			} finally {
				await sb.close();
			}
		});
	});
});
