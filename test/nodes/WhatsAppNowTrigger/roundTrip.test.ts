import { runActionNode } from '../../harness/runWorkflow';
import { useSandbox } from '../../harness/sandboxFixture';
import { TriggerServer } from '../../harness/webhookHarness';

const ctx = useSandbox();
const SECRET = 'round-trip-secret';
let trigger: TriggerServer;

beforeEach(async () => {
	trigger = await TriggerServer.start({
		parameters: { authentication: 'signature' },
		credentials: { webhookSecret: SECRET },
	});
});

afterEach(async () => {
	// Pending callbacks of this test must not reach the next test's trigger.
	ctx.sandbox.reset();
	await trigger.close();
});

/** Until the sandbox has posted `count` callbacks and each has its answer. */
async function callbacksAnswered(count: number) {
	await ctx.sandbox.waitFor(
		(s) =>
			s.callbacks.length >= count &&
			s.callbacks.every((c) => c.status !== null || c.error !== null),
	);
	return ctx.sandbox.state.callbacks;
}

async function sendChat() {
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
	const messageId = result.items[0].json.messageId;
	expect(String(messageId)).toMatch(/^wamid\./);
	return messageId;
}

test('a chat sent through the sandbox comes back as sent, delivered and read status items, signature checked', async () => {
	ctx.sandbox.configure({
		callbackUrl: trigger.webhookUrl,
		statusDelayMs: 20,
		callbackSecret: SECRET,
	});
	const messageId = await sendChat();

	const callbacks = await callbacksAnswered(3);
	expect(callbacks.map((c) => [c.signed, c.status])).toEqual([
		[true, 200],
		[true, 200],
		[true, 200],
	]);
	expect(trigger.executions).toHaveLength(3);
	const items = trigger.executions.flat().map((item) => item.json);
	expect(items.map((item) => item.status)).toEqual(['sent', 'delivered', 'read']);
	for (const item of items) {
		expect(item).toMatchObject({
			event: 'status',
			messageId,
			recipientId: '919876543210',
			errors: [],
		});
		expect(item.timestamp).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
	}
	expect(items[0].conversation).toMatchObject({
		originType: expect.any(String),
		expirationTimestamp: expect.any(String),
	});
});

test('callbacks signed with another secret are refused with 401 and start nothing', async () => {
	ctx.sandbox.configure({
		callbackUrl: trigger.webhookUrl,
		statusDelayMs: 20,
		callbackSecret: 'not-the-trigger-secret',
	});
	await sendChat();
	const callbacks = await callbacksAnswered(3);
	expect(callbacks.map((c) => c.status)).toEqual([401, 401, 401]);
	expect(trigger.executions).toEqual([]);
});

test('an inbound message from the sandbox becomes a message item', async () => {
	ctx.sandbox.configure({ callbackUrl: trigger.webhookUrl, callbackSecret: SECRET });
	const result = await ctx.sandbox.inbound({
		type: 'text',
		text: 'Hi from the customer',
		name: 'Asha',
	});
	expect(result.callbackStatus).toBe(200);
	const [[item]] = trigger.executions;
	expect(item.json).toMatchObject({
		event: 'message',
		type: 'text',
		text: 'Hi from the customer',
		name: 'Asha',
		from: '919876543210',
	});
});
