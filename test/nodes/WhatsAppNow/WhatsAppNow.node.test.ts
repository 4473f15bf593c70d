import { runActionNode } from '../../harness/runWorkflow';
import { useSandbox } from '../../harness/sandboxFixture';

const ctx = useSandbox();

test('a chat goes through the real engine to the sandbox', async () => {
	const result = await runActionNode({
		credentialsHelper: ctx.credentialsHelper,
		parameters: {
			resource: 'message',
			operation: 'sendChat',
			phoneNumber: '+91 98765-43210',
			message: 'Hello',
		},
	});
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({
		success: true,
		to: '919876543210',
		countryCode: '91',
		mobileNumber: '9876543210',
	});
	expect(String(result.items[0].json.messageId)).toMatch(/^wamid\./);
	const sent = ctx.sandbox.state.requests.filter((r) => r.path === '/verification/v3/send');
	expect(sent).toHaveLength(1);
	expect(sent[0].query).toMatchObject({
		flowType: 'WHATSAPP',
		type: 'CHAT',
		message: 'Hello',
		countryCode: '91',
		mobileNumber: '9876543210',
	});
	expect(ctx.sandbox.state.tokenRequests).toBe(1);
});
