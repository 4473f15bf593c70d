import type { INodeExecutionData } from 'n8n-workflow';

import {
	compileReference,
	readPrimitive,
	readReference,
} from '../../../../../nodes/WhatsAppNow/helpers/fields/fieldReference';
import { runActionNode } from '../../../../harness/runWorkflow';
import { useSandbox } from '../../../../harness/sandboxFixture';

describe('compileReference', () => {
	test.each([
		['={{ $json.phone }}', ['phone']],
		['={{$json.customer.phone}}', ['customer', 'phone']],
		['={{ $json["first name"] }}', ['first name']],
		["={{ $json['a'].b }}", ['a', 'b']],
	])('%s reads a field', (expression, path) => {
		expect(compileReference(expression)).toEqual({ kind: 'field', path });
	});
	test.each([
		['=+91{{ $json.mobile }}', ['+91', ['mobile']]],
		['={{ $json.a }}{{ $json.b }}', [['a'], ['b']]],
		[
			'=Dear {{ $json["first name"] }}, {{$json.c.d}}!',
			['Dear ', ['first name'], ', ', ['c', 'd'], '!'],
		],
	])('%s is text around fields', (expression, parts) => {
		expect(compileReference(expression)).toEqual({ kind: 'text', parts });
	});
	test.each([
		'={{ $json.phone.trim() }}',
		'=+{{ $json.phone + 1 }}',
		'=a\\{{ $json.s }}',
		'=a{b}{{ $json.s }}',
		'=plain text only',
		'={{ $("Input").item.json.phone }}',
		'={{ $json.__proto__ }}',
		'={{ $json.constructor }}',
		'={{ $json }}',
		'+919876543210',
		42,
		undefined,
	])('%s is left to n8n', (expression) => {
		expect(compileReference(expression)).toBeUndefined();
	});
});

test('readReference renders text the way n8n does (String of each plain value) and misses on anything else', () => {
	const json = { n: 9876500000, b: false, s: 'a  b', e: '', none: null, o: { a: 1 } };
	const read = (expression: string) => readReference(json, compileReference(expression)!);
	expect(read('=+91{{ $json.n }}')).toBe('+919876500000');
	expect(read('=x{{ $json.b }}y{{ $json.s }}')).toBe('xfalseya  b');
	expect(read('=x{{ $json.e }}')).toBe('x');
	expect(read('={{ $json.n }}')).toBe(9876500000);
	expect(read('=x{{ $json.none }}')).toBeUndefined();
	expect(read('=x{{ $json.o }}')).toBeUndefined();
	expect(read('=x{{ $json.missing }}')).toBeUndefined();
});

test('readPrimitive only answers plain values it owns', () => {
	const json = { a: { b: 'x', n: 7, t: true, list: [1], none: null }, s: '' };
	expect(readPrimitive(json, ['a', 'b'])).toBe('x');
	expect(readPrimitive(json, ['a', 'n'])).toBe(7);
	expect(readPrimitive(json, ['a', 't'])).toBe(true);
	expect(readPrimitive(json, ['s'])).toBe('');
	expect(readPrimitive(json, ['a', 'list'])).toBeUndefined();
	expect(readPrimitive(json, ['a', 'none'])).toBeUndefined();
	expect(readPrimitive(json, ['missing', 'x'])).toBeUndefined();
	expect(readPrimitive(json, ['toString'])).toBeUndefined();
});

describe('per-item fields read directly give what n8n evaluates', () => {
	const ctx = useSandbox();
	const template = () =>
		ctx.sandbox.seedTemplate({
			name: 'order_update',
			language: 'en_US',
			category: 'UTILITY',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} ships today.' }],
		});

	/** Sends the items in bulk with these Phone Number and two variable expressions. */
	const sendBulkTo =
		(items: INodeExecutionData[]) => (phoneNumber: string, first: string, second: string) =>
			runActionNode({
				credentialsHelper: ctx.credentialsHelper,
				items,
				parameters: {
					resource: 'message',
					operation: 'sendTemplateBulk',
					templateName: 'order_update',
					language: 'en_US',
					phoneNumber,
					variables: { variable: [{ value: first }, { value: second }] },
				},
			});

	test('field references, computed expressions and fallbacks land in the same rows', async () => {
		template();
		const items = [
			{ json: { c: { phone: '+919876543210' }, name: 'Asha', order: 1001 } },
			{ json: { c: { phone: '919876543211' }, name: 'Ravi', order: 1002 } },
		];
		const run = sendBulkTo(items);
		await run('={{ $json.c.phone }}', '={{ $json.name }}', '={{ $json["order"] }}');
		await run(
			'={{ $json.c.phone.trim() }}',
			'={{ $json.name + "" }}',
			'={{ String($json.order) }}',
		);
		const uploads = ctx.sandbox.state.requests.filter((r) => r.xlsx);
		expect(uploads).toHaveLength(2);
		expect(uploads[0].xlsx?.rows).toEqual(uploads[1].xlsx?.rows);
		expect(uploads[0].xlsx?.rows[0]).toEqual(['91', '9876543210', '', '', 'Asha', '1001']);
	});

	test('text around field references lands in the same rows as the same text computed by n8n', async () => {
		template();
		const items = [
			{ json: { mobile: 9876543210, name: 'Asha', order: 1001, flag: false } },
			{ json: { mobile: '9876543211', name: 'Ravi  K', order: 'A-7', flag: true } },
		];
		const run = sendBulkTo(items);
		await run(
			'=+91{{ $json.mobile }}',
			'=Dear {{ $json.name }}',
			'={{ $json.order }}-{{ $json.flag }}',
		);
		await run(
			'={{ "+91" + $json.mobile }}',
			'={{ "Dear " + $json.name }}',
			'={{ $json.order + "-" + $json.flag }}',
		);
		const uploads = ctx.sandbox.state.requests.filter((r) => r.xlsx);
		expect(uploads).toHaveLength(2);
		expect(uploads[0].xlsx?.rows).toEqual(uploads[1].xlsx?.rows);
		expect(uploads[0].xlsx?.rows).toEqual([
			['91', '9876543210', '', '', 'Dear Asha', '1001-false'],
			['91', '9876543211', '', '', 'Dear Ravi  K', 'A-7-true'],
		]);
	});

	test('a reference that misses falls back to n8n, which reports it as n8n would', async () => {
		template();
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			items: [{ json: { name: 'Asha' } }],
			continueOnFail: true,
			parameters: {
				resource: 'message',
				operation: 'sendTemplateBulk',
				templateName: 'order_update',
				language: 'en_US',
				phoneNumber: '={{ $json.c.phone }}',
				variables: { variable: [{ value: '={{ $json.name }}' }, { value: 'x' }] },
			},
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBeDefined();
		expect(ctx.sandbox.state.requests.filter((r) => r.xlsx)).toHaveLength(0);
	});
});
