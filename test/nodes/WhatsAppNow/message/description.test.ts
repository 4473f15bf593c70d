import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { WhatsAppNow } from '../../../../nodes/WhatsAppNow/WhatsAppNow.node';

const node = new WhatsAppNow().description;
const forOperation = (operation: string) =>
	node.properties.filter((p) => {
		const show = p.displayOptions?.show;
		return show?.resource?.includes('message') && show.operation?.includes(operation);
	});

describe('the node as an AI agent tool', () => {
	test('is usable as a tool', () => {
		expect(node.usableAsTool).toBe(true);
	});

	test('every message operation has an action and a description that tells them apart, alphabetical by name', () => {
		const selector = node.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('message'),
		)!;
		const options = selector.options as INodePropertyOptions[];
		expect(options.map((o) => o.value)).toEqual([
			'sendAndWait',
			'sendChat',
			'sendTemplate',
			'sendTemplateBulk',
		]);
		expect(options.map((o) => o.name)).toEqual(
			[...options.map((o) => o.name)].sort((a, b) =>
				a.localeCompare(b, 'en', { sensitivity: 'base' }),
			),
		);
		for (const option of options) {
			expect(option.action).toBeTruthy();
			expect((option.description ?? '').length).toBeGreaterThan(40);
		}
	});

	test.each(['sendAndWait', 'sendChat', 'sendTemplate', 'sendTemplateBulk'])(
		'%s: every field the agent fills is described',
		(operation) => {
			const fields = forOperation(operation).filter((p) => p.type !== 'collection');
			expect(fields.length).toBeGreaterThan(2);
			for (const field of fields as INodeProperties[]) {
				expect({ name: field.name, described: Boolean(field.description || field.hint) }).toEqual({
					name: field.name,
					described: true,
				});
			}
		},
	);

	test("the contract's parameter names are there", () => {
		const names = (operation: string) => new Set(forOperation(operation).map((p) => p.name));
		expect([...names('sendTemplate')]).toEqual(
			expect.arrayContaining([
				'phoneNumber',
				'defaultCountryCode',
				'templateName',
				'language',
				'variables',
				'ctaVariables',
				'options',
			]),
		);
		expect([...names('sendTemplateBulk')]).toEqual(
			expect.arrayContaining([
				'templateName',
				'language',
				'source',
				'phoneNumber',
				'defaultCountryCode',
				'variables',
				'ctaVariables',
				'binaryPropertyName',
				'options',
			]),
		);
		expect([...names('sendChat')]).toEqual(
			expect.arrayContaining([
				'phoneNumber',
				'defaultCountryCode',
				'message',
				'attachMedia',
				'binaryPropertyName',
			]),
		);
		const language = forOperation('sendTemplate').find((p) => p.name === 'language')!;
		expect(language.default).toBe('en_US');
		const variables = forOperation('sendTemplate').find((p) => p.name === 'variables')!;
		expect(variables.options?.map((o) => o.name)).toEqual(['variable']);
	});
});
