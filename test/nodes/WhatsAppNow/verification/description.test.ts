import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { WhatsAppNow } from '../../../../nodes/WhatsAppNow/WhatsAppNow.node';

const node = new WhatsAppNow().description;
const forOperation = (operation: string) =>
	node.properties.filter((p) => {
		const show = p.displayOptions?.show;
		return show?.resource?.includes('verification') && show.operation?.includes(operation);
	});
const field = (operation: string, name: string) =>
	forOperation(operation).find((p) => p.name === name)!;

describe('verification resource description', () => {
	test('the resource is offered as "Verification (OTP)"', () => {
		const resource = node.properties.find((p) => p.name === 'resource')!;
		expect(resource.options).toContainEqual({ name: 'Verification (OTP)', value: 'verification' });
	});

	test('operations an AI agent can choose by, alphabetical by name', () => {
		const selector = node.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('verification'),
		)!;
		const options = selector.options as INodePropertyOptions[];
		expect(options.map((o) => o.value)).toEqual(['checkCode', 'sendCode']);
		expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort());
		for (const option of options) {
			expect(option.action).toBeTruthy();
			expect((option.description ?? '').length).toBeGreaterThan(60);
		}
	});

	test.each(['sendCode', 'checkCode'])('%s: every field is described', (operation) => {
		for (const property of forOperation(operation).filter(
			(p) => p.type !== 'collection',
		) as INodeProperties[]) {
			expect({ name: property.name, described: Boolean(property.description) }).toEqual({
				name: property.name,
				described: true,
			});
		}
	});

	test("the contract's parameter names and values", () => {
		const names = (operation: string) => forOperation(operation).map((p) => p.name);
		expect(names('sendCode')).toEqual(
			expect.arrayContaining(['phoneNumber', 'defaultCountryCode', 'channel', 'codeLength']),
		);
		expect(names('checkCode')).toEqual(
			expect.arrayContaining(['verificationId', 'code', 'phoneNumber', 'options']),
		);
		const channels = (field('sendCode', 'channel').options as INodePropertyOptions[]).map(
			(o) => o.value,
		);
		expect(channels).toEqual(['WHATSAPP', 'SMS']);
		expect(field('sendCode', 'channel').default).toBe('WHATSAPP');
		expect(field('sendCode', 'codeLength')).toMatchObject({
			default: 4,
			typeOptions: { minValue: 4, maxValue: 8 },
		});
		const options = field('checkCode', 'options').options as INodeProperties[];
		expect(options.find((o) => o.name === 'failWhenNotVerified')).toMatchObject({
			type: 'boolean',
			default: false,
		});
		expect(field('checkCode', 'phoneNumber').required).toBe(false);
	});

	test('Sender ID is hidden: codes come from Message Central, not the business number', () => {
		const senderId = node.properties.find((p) => p.name === 'senderId')!;
		expect(senderId.displayOptions).toEqual({ hide: { resource: ['verification'] } });
	});
});
