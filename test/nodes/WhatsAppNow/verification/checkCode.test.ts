import { useSandbox } from '../../../harness/sandboxFixture';
import { codeChecks, runner } from './fixtures';

const ctx = useSandbox();
const sendCode = runner(ctx, 'sendCode');
const checkCode = runner(ctx, 'checkCode');

/** Sends a code through the node and reads it back from the sandbox, as a person's phone would. */
async function codeFor(phoneNumber = '+919876543210') {
	const sent = await sendCode({ phoneNumber });
	expect(sent.error).toBeUndefined();
	const verificationId = String(sent.items[0].json.verificationId);
	const otp = ctx.sandbox.lastOtp(String(sent.items[0].json.to));
	return { verificationId, code: otp!.code };
}

const wrong = (code: string) => (code === '0000' ? '1111' : '0000');

describe('verification → checkCode', () => {
	test('the right code: verified, with the documented GET', async () => {
		const { verificationId, code } = await codeFor();
		const result = await checkCode({ verificationId, code });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: { verified: true, status: 'VERIFICATION_COMPLETED', verificationId },
				pairedItem: { item: 0 },
			},
		]);
		const [request] = codeChecks(ctx.sandbox);
		expect(request.method).toBe('GET');
		expect(request.query).toEqual({ verificationId, code });
	});

	test('the phone number, when given, travels with the check', async () => {
		const { verificationId, code } = await codeFor();
		const result = await checkCode({ verificationId, code, phoneNumber: '+91 98765 43210' });
		expect(result.items[0].json.verified).toBe(true);
		expect(codeChecks(ctx.sandbox)[0].query).toEqual({
			verificationId,
			code,
			countryCode: '91',
			mobileNumber: '9876543210',
		});
	});

	describe('a code that does not verify is an answer, not an error', () => {
		test('WRONG_CODE (702)', async () => {
			const { verificationId, code } = await codeFor();
			const result = await checkCode({ verificationId, code: wrong(code) });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				verified: false,
				status: 'WRONG_CODE',
				verificationId,
			});
		});

		test('EXPIRED (705)', async () => {
			const { verificationId, code } = await codeFor();
			ctx.sandbox.expireOtp(verificationId);
			const result = await checkCode({ verificationId, code });
			expect(result.items[0].json).toEqual({ verified: false, status: 'EXPIRED', verificationId });
		});

		test('ALREADY_VERIFIED (703)', async () => {
			const { verificationId, code } = await codeFor();
			await checkCode({ verificationId, code });
			const result = await checkCode({ verificationId, code });
			expect(result.items[0].json).toEqual({
				verified: false,
				status: 'ALREADY_VERIFIED',
				verificationId,
			});
		});

		test('FAILED (700) after too many wrong codes, even with the right one', async () => {
			ctx.sandbox.configure({ otpMaxAttempts: 2 });
			const { verificationId, code } = await codeFor();
			await checkCode({ verificationId, code: wrong(code) });
			await checkCode({ verificationId, code: wrong(code) });
			const result = await checkCode({ verificationId, code });
			expect(result.items[0].json).toEqual({ verified: false, status: 'FAILED', verificationId });
		});

		test('FAILED (700) when the code belongs to another number', async () => {
			const { verificationId, code } = await codeFor();
			const result = await checkCode({ verificationId, code, phoneNumber: '+919876543211' });
			expect(result.items[0].json).toMatchObject({ verified: false, status: 'FAILED' });
		});

		test('the same when Message Central carries its codes in HTTP 200 bodies', async () => {
			ctx.sandbox.configure({ errorStyle: 'http200' });
			const { verificationId, code } = await codeFor();
			const result = await checkCode({ verificationId, code: wrong(code) });
			expect(result.items[0].json).toMatchObject({ verified: false, status: 'WRONG_CODE' });
		});

		test('one item per input item: an If node can branch on each', async () => {
			const { verificationId, code } = await codeFor();
			const result = await checkCode(
				{ verificationId, code: '={{ $json.typed }}' },
				{ items: [{ json: { typed: wrong(code) } }, { json: { typed: code } }] },
			);
			expect(result.items.map((i) => [i.json.status, i.pairedItem])).toEqual([
				['WRONG_CODE', { item: 0 }],
				['VERIFICATION_COMPLETED', { item: 1 }],
			]);
		});
	});

	describe('Fail When Not Verified', () => {
		test('turns a wrong code into a node error that says why', async () => {
			const { verificationId, code } = await codeFor();
			const result = await checkCode({
				verificationId,
				code: wrong(code),
				options: { failWhenNotVerified: true },
			});
			expect(result.error?.message).toBe(
				'The code was not verified (item 0): the code is wrong (WRONG_CODE)',
			);
		});

		test('under continueOnFail: an error item, and the next item is checked', async () => {
			const { verificationId, code } = await codeFor();
			const result = await checkCode(
				{ verificationId, code: '={{ $json.typed }}', options: { failWhenNotVerified: true } },
				{
					continueOnFail: true,
					items: [{ json: { typed: wrong(code) } }, { json: { typed: code } }],
				},
			);
			expect(result.items[0]).toMatchObject({
				json: { error: expect.stringMatching(/not verified/) },
				pairedItem: { item: 0 },
			});
			expect(result.items[1].json).toMatchObject({ verified: true });
		});

		test('a verified code passes', async () => {
			const { verificationId, code } = await codeFor();
			const result = await checkCode({
				verificationId,
				code,
				options: { failWhenNotVerified: true },
			});
			expect(result.items[0].json.verified).toBe(true);
		});
	});

	test('an unknown verification ID is an error (505), not "not verified"', async () => {
		const result = await checkCode({ verificationId: '999999', code: '1234' });
		expect(result.error?.message).toBe(
			'Message Central does not know the verification ID "999999" (505 INVALID_VERIFICATION_ID)',
		);
	});

	describe('bad input is refused before any request', () => {
		test.each([
			['letters', 'abcd', /^Code: "abcd" is not a code: codes are 4 to 8 digits/],
			['too short', '123', /^Code: "123" is not a code/],
			['too long', '123456789', /^Code: "123456789" is not a code/],
			// An expression that yields nothing: n8n itself refuses a literal empty required field.
			['nothing', '={{ "" }}', /^Code: is empty/],
			['spaces inside', '12 34', /^Code: "12 34" is not a code/],
		])('a code with %s', async (_label, code, message) => {
			const result = await checkCode({ verificationId: '3100001', code });
			expect(result.error?.message).toMatch(message);
			expect(ctx.sandbox.state.requests).toHaveLength(0);
		});

		test('an empty verification ID', async () => {
			const result = await checkCode({ verificationId: '={{ "" }}', code: '1234' });
			expect(result.error?.message).toMatch(/^Verification ID: is empty/);
			expect(ctx.sandbox.state.requests).toHaveLength(0);
		});

		test('an invalid optional phone number', async () => {
			const result = await checkCode({
				verificationId: '3100001',
				code: '1234',
				phoneNumber: '12',
			});
			expect(result.error?.message).toMatch(/^Phone Number \(item 0\)/);
			expect(ctx.sandbox.state.requests).toHaveLength(0);
		});
	});

	test('a code typed with spaces around it is trimmed', async () => {
		const { verificationId, code } = await codeFor();
		const result = await checkCode({ verificationId, code: ` ${code} ` });
		expect(result.items[0].json.verified).toBe(true);
	});
});
