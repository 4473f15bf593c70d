// A connection that fails after the request left may have been carried out:
// the item says so, says what to check, and the request is never repeated.
// Only a failure before sending is called "could not be reached".
import { SEND_PATH, TEMPLATE_PATH, TOKEN_PATH, VALIDATE_PATH } from '../../../../sandbox';
import { CREDENTIAL_ID, operationRunner } from '../../../harness/runWorkflow';
import { sandboxCredentials, useSandbox } from '../../../harness/sandboxFixture';
import {
	bulkByFields,
	phone,
	recipients,
	seedOrderTemplate,
	sendRequests,
} from '../message/fixtures';

const ctx = useSandbox();
const run = (resource: string, operation: string) => operationRunner(ctx, resource, operation);

/** The next call on `path` is carried out, then its connection is cut before the answer. */
const cutAfterProcessing = (path: string) =>
	ctx.sandbox.addFault({ status: 502, drop: true, processed: true, path });

describe('a connection cut after Message Central carried the request out', () => {
	test('Send Chat: the message was delivered; the item says it may or may not have been sent', async () => {
		cutAfterProcessing(SEND_PATH);
		const result = await run('message', 'sendChat')({ phoneNumber: phone(1), message: 'Hello' });
		expect(ctx.sandbox.state.messages.map((m) => m.message)).toEqual(['Hello']);
		expect(result.error?.message).toMatch(
			/^The connection to Message Central at http:\/\/127\.0\.0\.1:\d+ failed after the request was sent \(connection reset\): it may or may not have been carried out$/,
		);
		expect(result.error?.description).toMatch(
			/^a message to 919800000001 may already have been sent\. Before sending again, check/,
		);
		expect(result.error?.message).not.toMatch(/could not be reached/);
		expect(sendRequests(ctx.sandbox)).toHaveLength(1);
	});

	test('Send Code: a code was issued; the item says not to send another at once', async () => {
		cutAfterProcessing(SEND_PATH);
		const result = await run('verification', 'sendCode')(
			{ phoneNumber: phone(2) },
			{ continueOnFail: true },
		);
		expect(ctx.sandbox.state.verifications).toHaveLength(1);
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({
					error: expect.stringMatching(/may or may not have been carried out/),
					description: expect.stringMatching(
						/^a code to 919800000002 may already have been sent\. Do not send another at once/,
					),
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(sendRequests(ctx.sandbox)).toHaveLength(1);
	});

	test('Send Template in Bulk: the recipients got the template; the file is not uploaded again', async () => {
		seedOrderTemplate(ctx.sandbox);
		cutAfterProcessing(SEND_PATH);
		const result = await run('message', 'sendTemplateBulk')(bulkByFields, {
			items: recipients(3),
			continueOnFail: true,
		});
		expect(ctx.sandbox.state.messages).toHaveLength(3);
		expect(sendRequests(ctx.sandbox)).toHaveLength(1);
		expect(result.items).toHaveLength(3);
		for (const item of result.items) {
			expect(String(item.json.error)).toMatch(/may or may not have been carried out/);
			expect(String(item.json.error)).not.toMatch(/could not be reached/);
		}
	});

	test('Check Code (a GET that consumes the code): may or may not have been checked', async () => {
		await run('verification', 'sendCode')({ phoneNumber: phone(3) });
		const [sent] = ctx.sandbox.state.verifications;
		cutAfterProcessing(VALIDATE_PATH);
		const result = await run(
			'verification',
			'checkCode',
		)({
			verificationId: sent.verificationId,
			code: sent.code,
		});
		expect(result.error?.message).toMatch(/may or may not have been carried out/);
		expect(result.error?.description).toMatch(/^the code may already have been checked/);
	});

	test('Get Status (a read): the answer was lost, nothing was changed', async () => {
		const template = seedOrderTemplate(ctx.sandbox);
		cutAfterProcessing(TEMPLATE_PATH);
		const result = await run(
			'template',
			'getStatus',
		)({
			templateName: 'order_update',
			templateId: String(template.id),
			language: 'en_US',
		});
		expect(result.error?.message).toMatch(/failed before its answer arrived \(connection reset\)$/);
		expect(result.error?.description).toMatch(/changed nothing; run it again/);
	});
});

describe('failures before sending', () => {
	test('a refused connection: could not be reached, nothing was sent', async () => {
		ctx.credentialsHelper.set(
			CREDENTIAL_ID,
			sandboxCredentials(ctx.sandbox, { baseUrl: 'http://127.0.0.1:9', authToken: 'stored' }),
		);
		const result = await run('message', 'sendChat')({ phoneNumber: phone(1), message: 'Hello' });
		expect(result.error?.message).toBe(
			'Message Central could not be reached at http://127.0.0.1:9 (connection refused)',
		);
		expect(result.error?.description).toMatch(/^Nothing was sent\./);
	});
});

describe('the login answered by a proxy', () => {
	test('an HTML page with HTTP 200 is a proxy or gateway, not a wrong password', async () => {
		ctx.sandbox.addFault({ status: 200, html: true, path: TOKEN_PATH });
		const result = await run('message', 'sendChat')({ phoneNumber: phone(1), message: 'Hello' });
		expect(result.error?.message).toMatch(
			/could not be reached at .*: a proxy or gateway on the way answered the login request instead of Message Central \(HTTP 200: "200 OK"\)/,
		);
		expect(result.error?.message).not.toMatch(/rejected the Customer ID/);
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
	});
});
