import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { WhatsAppNow } from '../../../../nodes/WhatsAppNow/WhatsAppNow.node';

const node = new WhatsAppNow().description;
const forOperation = (operation: string) =>
	node.properties.filter((p) => {
		const show = p.displayOptions?.show;
		return show?.resource?.includes('template') && show.operation?.includes(operation);
	});
const field = (operation: string, name: string) =>
	forOperation(operation).find((p) => p.name === name)!;

describe('template resource description', () => {
	test('operations: action and a description an agent can choose by, alphabetical by name', () => {
		const selector = node.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('template'),
		)!;
		const options = selector.options as INodePropertyOptions[];
		expect(options.map((o) => o.value)).toEqual(['create', 'getStatus', 'waitForApproval']);
		expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort());
		for (const option of options) {
			expect(option.action).toBeTruthy();
			expect((option.description ?? '').length).toBeGreaterThan(60);
		}
	});

	test.each(['create', 'getStatus', 'waitForApproval'])(
		'%s: every field is described',
		(operation) => {
			for (const property of forOperation(operation).filter(
				(p) => p.type !== 'collection',
			) as INodeProperties[]) {
				expect({
					name: property.name,
					described: Boolean(property.description || property.hint),
				}).toEqual({
					name: property.name,
					described: true,
				});
			}
		},
	);

	test("the contract's parameter names and values", () => {
		const names = (operation: string) => forOperation(operation).map((p) => p.name);
		expect(names('create')).toEqual(
			expect.arrayContaining([
				'name',
				'language',
				'category',
				'headerFormat',
				'header',
				'binaryPropertyName',
				'body',
				'bodyExamples',
				'footer',
				'buttons',
			]),
		);
		expect(names('getStatus')).toEqual(
			expect.arrayContaining(['templateName', 'templateId', 'language']),
		);
		expect(names('waitForApproval')).toEqual(
			expect.arrayContaining([
				'templateName',
				'templateId',
				'language',
				'timeoutMinutes',
				'pollIntervalSeconds',
			]),
		);
		const values = (name: string) =>
			(field('create', name).options as INodePropertyOptions[]).map((o) => o.value).sort();
		expect(values('category')).toEqual(['AUTHENTICATION', 'MARKETING', 'UTILITY']);
		expect(values('headerFormat')).toEqual(['DOCUMENT', 'IMAGE', 'TEXT', 'VIDEO']);
		expect(field('create', 'binaryPropertyName').default).toBe('data');
		expect(field('create', 'bodyExamples').options?.map((o) => o.name)).toEqual(['variable']);
		const button = field('create', 'buttons').options as INodePropertyCollection[];
		expect(button.map((o) => o.name)).toEqual(['button']);
		expect(button[0].values.map((v) => v.name).sort()).toEqual([
			'phoneNumber',
			'text',
			'type',
			'url',
			'urlExample',
		]);
		expect(field('waitForApproval', 'timeoutMinutes').default).toBe(60);
		expect(field('waitForApproval', 'pollIntervalSeconds')).toMatchObject({
			default: 30,
			typeOptions: { minValue: 5 },
		});
	});

	test('the name field documents the normalisation rule and which name later steps use', () => {
		expect(field('create', 'name').description).toMatch(
			/sent as typed.*Spring Sale2 becomes spring_sale_2.*"requestedName".*use "name" in later steps/,
		);
		expect(field('getStatus', 'templateName').description).toMatch(
			/normalises it.*Spring Sale2 becomes spring_sale_2/,
		);
	});
});
