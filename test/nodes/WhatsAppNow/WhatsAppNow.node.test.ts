import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { WhatsAppNow } from '../../../nodes/WhatsAppNow/WhatsAppNow.node';
import { ACTION_NODE_TYPE, TestNodeTypes } from '../../harness/nodeTypes';
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

describe('the node description', () => {
	const description = new WhatsAppNow().description;
	const operationOptions = description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => p.options as INodePropertyOptions[]);

	/** The subtitle as n8n's editor resolves it for a node on the canvas. */
	const subtitleOf = (parameters: INodeParameters) => {
		const node: INode = {
			id: 'wa',
			name: 'WhatsApp Now',
			type: ACTION_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: new TestNodeTypes(),
		});
		return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
	};

	test.each(operationOptions.map((o) => [o.value, o.name]))(
		'the canvas subtitle of %s is its display name, %s',
		(operation, name) => {
			expect(subtitleOf({ operation })).toBe(name);
		},
	);

	test('the subtitle knows every operation, by its display name', () => {
		expect(subtitleOf({ resource: 'message', operation: 'sendTemplateBulk' })).toBe(
			'Send Template in Bulk',
		);
		expect(subtitleOf({ operation: 'sendCode' })).toBe('Send Code');
		expect(subtitleOf({ operation: 'checkCode' })).toBe('Check Code');
		expect(subtitleOf({ operation: 'sendAndWait' })).toBe('Send and Wait for Response');
		expect(subtitleOf({ operation: 'somethingNew' })).toBe('somethingNew');
	});

	test('the description mentions one-time passwords', () => {
		expect(description.description).toMatch(/one-time passwords \(OTP\)/);
	});

	test('number fields that only take whole numbers show no decimals', () => {
		const numbers = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [
				...(p.type === 'number' ? [p] : []),
				...(p.type === 'collection' ? numbers((p.options ?? []) as INodeProperties[]) : []),
			]);
		const fractions = numbers(description.properties)
			.filter((p) => p.typeOptions?.numberPrecision !== 0)
			.map((p) => p.name);
		// Max Requests per Second may be below 1 (0.5 = one request every 2 seconds).
		expect([...new Set(fractions)]).toEqual(['maxPerSecond']);
	});
});
