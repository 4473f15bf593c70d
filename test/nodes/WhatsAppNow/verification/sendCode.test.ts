import { useSandbox } from '../../../harness/sandboxFixture';
import { codeSends, runner } from './fixtures';

const ctx = useSandbox();
const sendCode = runner(ctx, 'sendCode');

describe('verification → sendCode', () => {
	test('sends the documented OTP call and outputs what Check Code needs', async () => {
		const before = Date.now();
		const result = await sendCode({ phoneNumber: '+91 98765-43210' });
		expect(result.error).toBeUndefined();
		const [request] = codeSends(ctx.sandbox);
		expect(request.method).toBe('POST');
		// No `type` and no senderId: Verify Now sends from Message Central's own sender.
		expect(request.query).toEqual({
			flowType: 'WHATSAPP',
			countryCode: '91',
			mobileNumber: '9876543210',
			otpLength: '4',
		});
		const [verification] = ctx.sandbox.state.verifications;
		expect(verification.code).toMatch(/^\d{4}$/);
		const json = result.items[0].json;
		expect(json).toEqual({
			verificationId: verification.verificationId,
			to: '919876543210',
			countryCode: '91',
			mobileNumber: '9876543210',
			channel: 'WHATSAPP',
			expiresInSeconds: 60,
			expiresAt: expect.any(String),
		});
		expect(typeof json.verificationId).toBe('string');
		const expiresAt = Date.parse(String(json.expiresAt));
		expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
		expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('SMS, a 6-digit code and the console validity', async () => {
		ctx.sandbox.configure({ otpTimeoutSeconds: 120 });
		const result = await sendCode({
			phoneNumber: '98765 43210',
			defaultCountryCode: '91',
			channel: 'SMS',
			codeLength: 6,
		});
		expect(result.error).toBeUndefined();
		expect(codeSends(ctx.sandbox)[0].query).toMatchObject({ flowType: 'SMS', otpLength: '6' });
		expect(ctx.sandbox.state.verifications[0].code).toMatch(/^\d{6}$/);
		expect(result.items[0].json).toMatchObject({ channel: 'SMS', expiresInSeconds: 120 });
	});

	test('one code per item, each paired with its item', async () => {
		const result = await sendCode(
			{ phoneNumber: '={{ $json.phone }}' },
			{ items: [{ json: { phone: '+919876543210' } }, { json: { phone: '+919876543211' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.to, i.pairedItem])).toEqual([
			['919876543210', { item: 0 }],
			['919876543211', { item: 1 }],
		]);
		expect(codeSends(ctx.sandbox)).toHaveLength(2);
	});

	describe('bad input is refused before any request', () => {
		test.each([
			['an invalid number', { phoneNumber: '12345' }, /^Phone Number \(item 0\)/],
			[
				'a code length of 3',
				{ phoneNumber: '+919876543210', codeLength: 3 },
				/^Code Length: must be a whole number from 4 to 8, not "3"/,
			],
			[
				'a code length of 9',
				{ phoneNumber: '+919876543210', codeLength: 9 },
				/^Code Length: .* not "9"/,
			],
			[
				'a fractional code length',
				{ phoneNumber: '+919876543210', codeLength: '={{ 4.5 }}' },
				/^Code Length: .* not "4.5"/,
			],
			[
				'an unknown channel',
				{ phoneNumber: '+919876543210', channel: '={{ "EMAIL" }}' },
				/^Channel: must be WHATSAPP or SMS, not "EMAIL"/,
			],
		])('%s', async (_label, parameters, message) => {
			const result = await sendCode(parameters);
			expect(result.error?.message).toMatch(message);
			expect(ctx.sandbox.state.requests).toHaveLength(0);
		});

		test('under continueOnFail the bad item is an error item and the others go on', async () => {
			const result = await sendCode(
				{ phoneNumber: '={{ $json.phone }}' },
				{
					continueOnFail: true,
					items: [{ json: { phone: 'not a number' } }, { json: { phone: '+919876543210' } }],
				},
			);
			expect(result.items[0]).toMatchObject({
				json: { error: expect.stringMatching(/^Phone Number \(item 0\)/), code: null },
				pairedItem: { item: 0 },
			});
			expect(result.items[1]).toMatchObject({
				json: { to: '919876543210' },
				pairedItem: { item: 1 },
			});
			expect(codeSends(ctx.sandbox)).toHaveLength(1);
		});
	});

	describe("Message Central's refusals, in plain words", () => {
		test('506: a code is still valid for the number', async () => {
			await sendCode({ phoneNumber: '+919876543210' });
			const result = await sendCode({ phoneNumber: '+919876543210' });
			expect(result.error?.message).toBe(
				'A code sent to 919876543210 is still valid (506 REQUEST_ALREADY_EXISTS)',
			);
			expect(result.error?.description).toMatch(/Check Code .* or wait until it expires/);
			expect(ctx.sandbox.state.verifications).toHaveLength(1);
		});

		test('506 under continueOnFail carries its code', async () => {
			await sendCode({ phoneNumber: '+919876543210' });
			const result = await sendCode({ phoneNumber: '+919876543210' }, { continueOnFail: true });
			expect(result.items[0].json).toMatchObject({
				code: 506,
				error: expect.stringMatching(/506/),
			});
		});

		test('508: the balance is too low', async () => {
			ctx.sandbox.configure({ credits: 0 });
			const result = await sendCode({ phoneNumber: '+919876543210' });
			expect(result.error?.message).toBe('The Message Central account balance is too low (508)');
		});

		test('800 MAXIMUM_LIMIT_REACHED: a limit was hit, not a login problem', async () => {
			ctx.sandbox.configure({ otpDailyLimit: 1 });
			await sendCode({ phoneNumber: '+919876543210' });
			ctx.sandbox.expireOtp('919876543210');
			const tokensBefore = ctx.sandbox.state.tokenRequests;
			const result = await sendCode({ phoneNumber: '+919876543210' });
			expect(result.error?.message).toBe(
				"Message Central's limit on verification codes was reached (800 MAXIMUM_LIMIT_REACHED)",
			);
			expect(ctx.sandbox.state.tokenRequests).toBe(tokensBefore);
		});
	});

	test('429 and 503 are retried; the code is sent exactly once', async () => {
		ctx.sandbox.addFault({ status: 429, count: 1, retryAfter: 0, path: '/verification/v3/send' });
		ctx.sandbox.addFault({ status: 503, count: 1, retryAfter: 0, path: '/verification/v3/send' });
		const result = await sendCode({ phoneNumber: '+919876543210' });
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.verifications).toHaveLength(1);
	});

	test('a 500 is not retried: a repeat could send a second code', async () => {
		ctx.sandbox.addFault({ status: 500, count: 1, html: true, path: '/verification/v3/send' });
		const result = await sendCode({ phoneNumber: '+919876543210' });
		expect(result.error).toBeDefined();
		expect(codeSends(ctx.sandbox)).toHaveLength(1);
	});
});
