import { useSandbox } from '../../../harness/sandboxFixture';
import { phone, recipients, runner, seedOrderTemplate, sendRequests } from './fixtures';

const ctx = useSandbox();
const sendBulk = runner(ctx, 'sendTemplateBulk');

const base = { templateName: 'order_update', language: 'en_US', source: 'items' };
const byFields = {
	...base,
	mapping: 'fields',
	phoneField: 'phone',
	variableFields: { field: [{ name: 'name' }, { name: 'order' }] },
};
describe('message → sendTemplateBulk, Mapping "Fields"', () => {
	test('plain field names: the same file and output as the expressions', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const items = [
			{ json: { phone: '+91 98765-43210', name: 'Kunal', order: 'MSG3453' } },
			{ json: { phone: 447911123456, name: 'Smith, John', order: 1000 } },
		];
		const result = await sendBulk(byFields, { items });
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].xlsx).toEqual({
			header: ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'],
			rows: [
				['91', '9876543210', '', '', 'Kunal', 'MSG3453'],
				['44', '7911123456', '', '', 'Smith, John', '1000'],
			],
		});
		expect(result.items).toEqual([
			{
				json: {
					success: true,
					to: '919876543210',
					countryCode: '91',
					mobileNumber: '9876543210',
					batch: 0,
					row: 1,
					templateName: 'order_update',
					language: 'en_US',
				},
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({ success: true, to: '447911123456', batch: 0, row: 2 }),
				pairedItem: { item: 1 },
			},
		]);
	});

	test('dot notation reaches nested fields; a key that itself contains a dot is found too', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const result = await sendBulk(
			{
				...byFields,
				phoneField: 'customer.phone',
				variableFields: { field: [{ name: 'customer.name' }, { name: 'orders[0].id' }] },
			},
			{
				items: [
					{ json: { customer: { phone: phone(1), name: 'Nested' }, orders: [{ id: 'A1' }] } },
					{
						json: {
							'customer.phone': phone(2),
							'customer.name': 'Dotted',
							orders: [{ id: 'B2' }],
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].xlsx!.rows).toEqual([
			['91', '9800000001', '', '', 'Nested', 'A1'],
			['91', '9800000002', '', '', 'Dotted', 'B2'],
		]);
	});

	test('Country Code Field completes national numbers; empty, it falls back to Default Country Code', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 0 });
		const result = await sendBulk(
			{
				...base,
				mapping: 'fields',
				phoneField: 'Mobile',
				countryCodeField: 'Country',
				defaultCountryCode: '91',
			},
			{
				items: [
					{ json: { Country: 44, Mobile: '07911 123456' } },
					{ json: { Country: '', Mobile: '9876543210' } },
					{ json: { Mobile: '+2250707123456' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.to)).toEqual([
			'447911123456',
			'919876543210',
			'2250707123456',
		]);
	});

	test('CTA Variable Fields fill ctaVar1 and ctaVar2', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 1, dynamicUrls: 2 });
		const result = await sendBulk(
			{
				...byFields,
				variableFields: { field: [{ name: 'name' }] },
				ctaVariableFields: { field: [{ name: 'track' }, { name: 'code' }] },
			},
			{ items: [{ json: { phone: phone(1), name: 'A', track: 't-1', code: 7 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].xlsx).toEqual({
			header: ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'],
			rows: [['91', '9800000001', 't-1', '7', 'A']],
		});
	});

	describe('refused rows', () => {
		const items = [
			{ json: { phone: phone(0), name: 'A', order: '1' } },
			{ json: { phone: phone(1), name: 'B' } },
			{ json: { name: 'C', order: '3' } },
			{ json: { phone: '+91 11 2345 6789', name: 'D', order: '4' } },
			{ json: { phone: phone(4), name: 'E\nF', order: '5' } },
			{ json: { phone: phone(5), name: 'F', order: '6' } },
		];

		test('a missing field names the field and the item; nothing is uploaded', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(byFields, { items });
			expect(result.error?.message).toBe(
				'Variable Fields (item 1): the item has no field "order" (its fields: phone, name)',
			);
			expect(result.error?.description).toContain(
				'4 of 6 item(s) are invalid (items 1, 2, 3, 4). Nothing was uploaded.',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('with continueOnFail they are error items and the others are uploaded', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(byFields, { items, continueOnFail: true });
			expect(result.items.map((i) => i.json.error ?? 'ok')).toEqual([
				'ok',
				'Variable Fields (item 1): the item has no field "order" (its fields: phone, name)',
				'Phone Field (item 2): the item has no field "phone" (its fields: name, order)',
				'Phone Field "phone" (item 3): "+91 11 2345 6789" is a fixed line number, which cannot receive WhatsApp messages. Use a mobile number.',
				'Variable Fields (item 4): "name" contains a line break',
				'ok',
			]);
			expect(result.items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([
				0, 1, 2, 3, 4, 5,
			]);
			expect(sendRequests(ctx.sandbox)[0].xlsx!.rows.map((r) => r[4])).toEqual(['A', 'F']);
		});

		test('a CTA field holding more values than the two CTA columns is refused, not cut', async () => {
			seedOrderTemplate(ctx.sandbox, { dynamicUrls: 2 });
			const result = await sendBulk(
				{
					...byFields,
					ctaVariableFields: { field: [{ name: 'links' }] },
				},
				{ items: [{ json: { phone: phone(0), name: 'A', order: '1', links: ['a', 'b', 'c'] } }] },
			);
			expect(result.error?.message).toBe(
				'CTA Variable Fields (item 0): 3 values given, at most 2 are allowed (one per URL button whose URL ends in {{1}})',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('an empty Phone Field is refused before anything is read', async () => {
			const result = await sendBulk({ ...byFields, phoneField: ' ' }, { items });
			expect(result.error?.message).toBe('Phone Field: the field name is empty');
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});
	});

	test('the template name is still checked per item when it is an expression', async () => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendBulk(
			{ ...byFields, templateName: '={{ $json.template }}' },
			{
				items: [
					{ json: { phone: phone(0), name: 'a', order: '1', template: 'order_update' } },
					{ json: { phone: phone(1), name: 'b', order: '2', template: 'other' } },
				],
			},
		);
		expect(result.error?.message).toBe(
			'Template Name / Language (item 1): "other" (en_US) differs from item 0\'s "order_update" (en_US)',
		);
	});
});

describe('message → sendTemplateBulk, Output "One Item per File"', () => {
	test('one item per file with its counts, paired with every item it carried', async () => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendBulk(
			{ ...byFields, options: { batchSize: 2, output: 'files' } },
			{ items: recipients(5) },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)).toHaveLength(3);
		expect(result.items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				success: true,
				batch: 0,
				fileName: 'order_update_batch_1_of_3.xlsx',
				rows: 2,
				sent: 2,
				refused: 0,
				firstItem: 0,
				lastItem: 1,
				templateName: 'order_update',
				language: 'en_US',
				refusedRows: [],
			}),
			expect.objectContaining({ batch: 1, rows: 2, sent: 2, refused: 0 }),
			expect.objectContaining({ batch: 2, rows: 1, sent: 1, refused: 0 }),
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([
			[{ item: 0 }, { item: 1 }],
			[{ item: 2 }, { item: 3 }],
			[{ item: 4 }],
		]);
	});

	test('refused rows are listed with their item and reason by the file they sat in; a failed file sends none', async () => {
		seedOrderTemplate(ctx.sandbox);
		ctx.sandbox.configure({ credits: 2 });
		const items = recipients(6);
		delete items[1].json.phone;
		items[4].json.name = '';
		const result = await sendBulk(
			{ ...byFields, options: { batchSize: 2, output: 'files' } },
			{ items, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		// Rows: items 0, 2 | 3, 5. The second file exceeds the credits.
		expect(result.items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				success: true,
				batch: 0,
				rows: 2,
				sent: 2,
				refused: 1,
				refusedRows: [
					{
						item: 1,
						error: 'Phone Field (item 1): the item has no field "phone" (its fields: name, order)',
						code: null,
					},
				],
			}),
			expect.objectContaining({
				success: false,
				batch: 1,
				rows: 2,
				sent: 0,
				refused: 1,
				refusedRows: [{ item: 4, error: 'Variable Fields (item 4): "name" is empty', code: null }],
				error: 'The Message Central account has insufficient credits (805)',
				code: 805,
			}),
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([
			[{ item: 0 }, { item: 2 }, { item: 1 }],
			[{ item: 3 }, { item: 5 }, { item: 4 }],
		]);
		// Every input item is accounted for once.
		const counted = result.items.reduce(
			(sum, i) => sum + (i.json.rows as number) + (i.json.refused as number),
			0,
		);
		expect(counted).toBe(6);
	});

	test('works with Mapping "Expressions" too', async () => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendBulk(
			{
				...base,
				phoneNumber: '=+91{{ $json.mobile }}',
				variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
				options: { output: 'files' },
			},
			{ items: [{ json: { mobile: '9800000001', name: 'A', order: '1' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({ success: true, batch: 0, rows: 1, sent: 1 }),
				pairedItem: [{ item: 0 }],
			},
		]);
	});
});

describe('message → sendTemplateBulk, Mapping "Automatically"', () => {
	test('items that carry the contact-list columns are sent as they are', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const items = [
			{
				json: {
					Country: '91',
					Mobile: 9876543210,
					ctaVar1: '',
					ctaVar2: '',
					var1: 'Kunal',
					var2: 'A1',
				},
			},
			{
				json: {
					Country: 44,
					Mobile: '7911123456',
					ctaVar1: '',
					ctaVar2: '',
					var1: 'John',
					var2: 7,
				},
			},
		];
		const result = await sendBulk({ ...base, mapping: 'auto' }, { items });
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].xlsx!.rows).toEqual([
			['91', '9876543210', '', '', 'Kunal', 'A1'],
			['44', '7911123456', '', '', 'John', '7'],
		]);
		expect(result.items.map((item) => [item.json.to, item.pairedItem])).toEqual([
			['919876543210', { item: 0 }],
			['447911123456', { item: 1 }],
		]);
	});

	test('a phone field with Default Country Code; an item missing a variable is refused, the others go', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const result = await sendBulk(
			{ ...base, mapping: 'auto', defaultCountryCode: '91' },
			{
				continueOnFail: true,
				items: [
					{ json: { phone: '9876543210', var1: 'a', var2: 'b' } },
					{ json: { phone: '9876543211', var1: 'c' } },
				],
			},
		);
		expect(sendRequests(ctx.sandbox)[0].xlsx!.rows).toEqual([
			['91', '9876543210', '', '', 'a', 'b'],
		]);
		expect(result.items[1].json.error).toBe(
			'Variable Fields (item 1): the item has no field "var2" (its fields: phone, var1)',
		);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	test('no phone field in the first item: an error that names the fields looked for, nothing uploaded', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 0 });
		const result = await sendBulk(
			{ ...base, mapping: 'auto' },
			{ items: [{ json: { tel: '1' } }] },
		);
		expect(result.error?.message).toBe(
			'Mapping Automatically: item 0 has none of the fields Mobile, phone, phoneNumber, mobile (its fields: tel)',
		);
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
	});
});
