import ExcelJS from 'exceljs';

import { SANDBOX_SENDER_ID } from '../../../../sandbox';
import { useSandbox } from '../../../harness/sandboxFixture';
import { XLSX_MIME_TYPE as XLSX_MIME } from '../../../../nodes/WhatsAppNow/helpers/xlsx/xlsxWriter';
import {
	binaryItem,
	list,
	phone,
	recipients,
	runner,
	seedOrderTemplate,
	sendRequests,
	sha256,
} from './fixtures';

const ctx = useSandbox();
const sendBulk = runner(ctx, 'sendTemplateBulk');

const base = { templateName: 'order_update', language: 'en_US' };
const fromItems = {
	...base,
	source: 'items',
	phoneNumber: '={{ $json.phone }}',
	variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
};

describe('message → sendTemplateBulk from items', () => {
	test("the rows become one XLSX upload with the document's header; one output item per recipient", async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const items = [
			{ json: { phone: '+91 98765-43210', name: 'Kunal', order: 'MSG3453' } },
			{ json: { phone: '0044 7911 123456', name: 'Smith, John', order: '1,000' } },
			{ json: { phone: '+225 07 07 12 34 56', name: 'Awa', order: '007' } },
		];
		const result = await sendBulk(fromItems, { items });
		expect(result.error).toBeUndefined();

		const requests = sendRequests(ctx.sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({
			flowType: 'WHATSAPP',
			type: 'BROADCAST',
			templateName: 'order_update',
			senderId: SANDBOX_SENDER_ID,
			langId: 'en_US',
		});
		expect(requests[0].files).toEqual([
			expect.objectContaining({
				field: 'file',
				filename: 'order_update_batch_1_of_1.xlsx',
				mimeType: XLSX_MIME,
			}),
		]);
		expect(requests[0].xlsx).toEqual({
			header: ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'],
			rows: [
				['91', '9876543210', '', '', 'Kunal', 'MSG3453'],
				['44', '7911123456', '', '', 'Smith, John', '1,000'],
				['225', '0707123456', '', '', 'Awa', '007'],
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
					...base,
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					success: true,
					to: '447911123456',
					countryCode: '44',
					mobileNumber: '7911123456',
					batch: 0,
					row: 2,
					...base,
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					success: true,
					to: '2250707123456',
					countryCode: '225',
					mobileNumber: '0707123456',
					batch: 0,
					row: 3,
					...base,
				},
				pairedItem: { item: 2 },
			},
		]);
		expect(ctx.sandbox.state.messages.map((m) => [m.to, m.variables, m.bulkRow])).toEqual([
			['919876543210', ['Kunal', 'MSG3453'], 1],
			['447911123456', ['Smith, John', '1,000'], 2],
			['2250707123456', ['Awa', '007'], 3],
		]);
	});

	test('CTA variables fill ctaVar1 and ctaVar2; a template without variables has only the fixed columns', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 0, dynamicUrls: 2 });
		const result = await sendBulk(
			{
				...base,
				phoneNumber: '={{ $json.phone }}',
				ctaVariables: { variable: [{ value: '={{ $json.a }}' }, { value: 'fixed' }] },
			},
			{ items: [{ json: { phone: phone(1), a: 'v1' } }, { json: { phone: phone(2), a: 'v2' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].xlsx).toEqual({
			header: ['Country', 'Mobile', 'ctaVar1', 'ctaVar2'],
			rows: [
				['91', '9800000001', 'v1', 'fixed'],
				['91', '9800000002', 'v2', 'fixed'],
			],
		});
	});

	test('Batch Size splits the list into several uploads; batch and row say where each recipient went', async () => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendBulk(
			{ ...fromItems, options: { batchSize: 2 } },
			{ items: recipients(5) },
		);
		expect(result.error).toBeUndefined();
		const requests = sendRequests(ctx.sandbox);
		expect(requests.map((r) => r.xlsx!.rows.map((row) => row[1]))).toEqual([
			['9800000000', '9800000001'],
			['9800000002', '9800000003'],
			['9800000004'],
		]);
		expect(requests.map((r) => r.files[0].filename)).toEqual([
			'order_update_batch_1_of_3.xlsx',
			'order_update_batch_2_of_3.xlsx',
			'order_update_batch_3_of_3.xlsx',
		]);
		expect(result.items.map((i) => [i.json.batch, i.json.row])).toEqual([
			[0, 1],
			[0, 2],
			[1, 1],
			[1, 2],
			[2, 1],
		]);
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
	});

	test('12,000 items go in 3 batches; the one that fails fails only its own rows', async () => {
		seedOrderTemplate(ctx.sandbox);
		// Enough credits for batches 1 and 3 (5000 + 2000), not for batch 2 (5000 more): it gets 805.
		ctx.sandbox.configure({ credits: 7000 });
		const started = Date.now();
		const result = await sendBulk(fromItems, { items: recipients(12_000), continueOnFail: true });
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();

		const requests = sendRequests(ctx.sandbox);
		expect(requests.map((r) => [r.xlsx!.rows.length, r.responseCode])).toEqual([
			[5000, 200],
			[5000, 805],
			[2000, 200],
		]);
		expect(requests[2].xlsx!.rows[1999]).toEqual([
			'91',
			'9800011999',
			'',
			'',
			'Name 11999',
			'MSG11999',
		]);
		expect(result.items).toHaveLength(12_000);
		expect(result.items.every((item, i) => (item.pairedItem as { item: number }).item === i)).toBe(
			true,
		);
		const failed = result.items.filter((i) => i.json.error);
		expect(failed).toHaveLength(5000);
		expect(failed[0].json).toMatchObject({
			error: 'The Message Central account has insufficient credits (805)',
			code: 805,
			to: '919800005000',
			batch: 1,
			row: 1,
		});
		expect((failed[4999].pairedItem as { item: number }).item).toBe(9999);
		expect(result.items[10_000].json).toMatchObject({
			success: true,
			batch: 2,
			row: 1,
			to: '919800010000',
		});
		expect(ctx.sandbox.state.messages).toHaveLength(7000);
		expect(ctx.sandbox.state.tokenRequests).toBe(1);
		expect(elapsed).toBeLessThan(20_000);
	}, 60_000);

	test('without continueOnFail the other batches still go, and the error says which did and did not', async () => {
		seedOrderTemplate(ctx.sandbox);
		ctx.sandbox.configure({ credits: 3 });
		const result = await sendBulk(
			{ ...fromItems, options: { batchSize: 2 } },
			{ items: recipients(5) },
		);
		expect(sendRequests(ctx.sandbox).map((r) => r.responseCode)).toEqual([200, 805, 200]);
		expect(ctx.sandbox.state.messages).toHaveLength(3);
		expect(result.error?.message).toBe(
			'Batch 2 of 3 (items 2–3) was not sent: The Message Central account has insufficient credits (805)',
		);
		expect(result.error?.description).toContain(
			'2 of 3 batch(es) were accepted (3 recipients): do not run the whole list again.',
		);
	});

	describe('bad rows', () => {
		const items = [
			{ json: { phone: phone(0), name: 'A', order: '1' } },
			{ json: { phone: '+91 11 2345 6789', name: 'B', order: '2' } },
			{ json: { phone: phone(2), name: 'C', order: '3', extra: true } },
			{ json: { phone: phone(3), name: 'D', order: '4' } },
		];
		const params = {
			...fromItems,
			variables: {
				variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }],
			},
		};

		test('stop the node before anything is uploaded', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(params, { items });
			expect(result.error?.message).toBe(
				'Phone Number (item 1): "+91 11 2345 6789" is a fixed line number, which cannot receive WhatsApp messages. Use a mobile number.',
			);
			expect(result.error?.description).toContain(
				'1 of 4 item(s) are invalid (items 1). Nothing was uploaded.',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('with continueOnFail they are error items and the valid rows are uploaded', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(params, { items, continueOnFail: true });
			expect(result.items.map((i) => (i.json.success ? 'ok' : 'error'))).toEqual([
				'ok',
				'error',
				'ok',
				'ok',
			]);
			expect(result.items[1]).toEqual({
				json: expect.objectContaining({
					error: expect.stringContaining('Phone Number (item 1)'),
					code: null,
				}),
				pairedItem: { item: 1 },
			});
			expect(sendRequests(ctx.sandbox)[0].xlsx!.rows.map((r) => r[1])).toEqual([
				'9800000000',
				'9800000002',
				'9800000003',
			]);
			expect(result.items.map((i) => i.json.row)).toEqual([1, undefined, 2, 3]);
		});

		test('an expression that yields nothing is an empty variable, refused before any upload', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(
				{
					...fromItems,
					variables: {
						variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.missing }}' }],
					},
				},
				{ items: recipients(3) },
			);
			expect(result.error?.message).toBe('Variables (item 0): value 2 is empty');
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});

		test('different counts: the most common wins, the others are reported (off: nothing sent; on: error items)', async () => {
			seedOrderTemplate(ctx.sandbox, { variables: 2 });
			const counts = [2, 2, 3, 2, 1];
			const countItems = counts.map((n, i) => ({
				json: { phone: phone(i), values: Array.from({ length: n }, (_, k) => `v${k}`) },
			}));
			// One entry whose expression returns an array: as many values as the item has.
			const byCount = {
				...base,
				phoneNumber: '={{ $json.phone }}',
				variables: list('={{ $json.values }}'),
			};
			const stopped = await sendBulk(byCount, { items: countItems });
			expect(stopped.error?.message).toBe(
				'Item 2 has 3 variables and 0 CTA variables, but 3 other rows (first: item 0) have 2 and 0. Every row of a bulk file needs one value per template placeholder.',
			);
			expect(stopped.error?.description).toContain(
				'2 of 5 item(s) are invalid (items 2, 4). Nothing was uploaded.',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);

			const continued = await sendBulk(byCount, { items: countItems, continueOnFail: true });
			expect(continued.items.map((i) => (i.json.success ? 'ok' : 'error'))).toEqual([
				'ok',
				'ok',
				'error',
				'ok',
				'error',
			]);
			expect(sendRequests(ctx.sandbox)[0].xlsx).toEqual({
				header: ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'],
				rows: [0, 1, 3].map((i) => ['91', phone(i).slice(3), '', '', 'v0', 'v1']),
			});
		});

		test('a value with a line break, a tab or 5 spaces is a bad row like the others (Meta would refuse it with 132018)', async () => {
			seedOrderTemplate(ctx.sandbox);
			const rows = [
				{ json: { phone: phone(0), name: 'A', order: '1' } },
				{ json: { phone: phone(1), name: 'B\nsecond line', order: '2' } },
				{ json: { phone: phone(2), name: 'C', order: '3\t4' } },
				{ json: { phone: phone(3), name: 'D     E', order: '5' } },
				{ json: { phone: phone(4), name: 'F', order: '6' } },
			];
			const stopped = await sendBulk(params, { items: rows });
			expect(stopped.error?.message).toBe('Variables (item 1): value 1 contains a line break');
			expect(stopped.error?.description).toContain(
				'3 of 5 item(s) are invalid (items 1, 2, 3). Nothing was uploaded.',
			);
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);

			const continued = await sendBulk(params, { items: rows, continueOnFail: true });
			expect(continued.items.map((i) => i.json.error ?? 'ok')).toEqual([
				'ok',
				'Variables (item 1): value 1 contains a line break',
				'Variables (item 2): value 2 contains a tab',
				'Variables (item 3): value 1 contains 5 consecutive spaces (at most 4 are allowed)',
				'ok',
			]);
			expect(sendRequests(ctx.sandbox)[0].xlsx!.rows.map((r) => r[4])).toEqual(['A', 'F']);
		});

		test('the template name may be typed as at creation: "Order Update" is sent as order_update', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(
				{ ...params, templateName: '={{ $json.template }}' },
				{
					items: [
						{ json: { phone: phone(0), name: 'a', order: '1', template: 'Order Update' } },
						{ json: { phone: phone(1), name: 'b', order: '2', template: 'order_update' } },
					],
				},
			);
			expect(result.error).toBeUndefined();
			expect(sendRequests(ctx.sandbox)[0].query.templateName).toBe('order_update');
			expect(ctx.sandbox.state.messages).toHaveLength(2);
		});

		test('every item must name the same template', async () => {
			seedOrderTemplate(ctx.sandbox);
			const result = await sendBulk(
				{ ...params, templateName: '={{ $json.template }}' },
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
			expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		});
	});
});

async function contactList(header: unknown[], rows: unknown[][]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Contacts');
	sheet.addRow(header);
	rows.forEach((row) => sheet.addRow(row));
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('message → sendTemplateBulk from an XLSX file', () => {
	const fromBinary = { ...base, source: 'binary', binaryPropertyName: 'data' };

	test('a good file is uploaded byte for byte; one output item per file', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const file = await contactList(
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1', 'var2'],
			[
				[91, 7890987652, null, null, 'Kunal', 'MSG3453'],
				[91, 7890987653, null, null, 'Asha', 'MSG3454'],
			],
		);
		const result = await sendBulk(fromBinary, {
			items: [binaryItem(file, XLSX_MIME, 'contacts.xlsx')],
		});
		expect(result.error).toBeUndefined();
		const [request] = sendRequests(ctx.sandbox);
		expect(request.query).toEqual({
			flowType: 'WHATSAPP',
			type: 'BROADCAST',
			templateName: 'order_update',
			senderId: SANDBOX_SENDER_ID,
			langId: 'en_US',
		});
		expect(request.files[0]).toMatchObject({
			field: 'file',
			filename: 'contacts.xlsx',
			mimeType: XLSX_MIME,
			size: file.length,
			sha256: sha256(file),
		});
		expect(result.items).toEqual([
			{
				json: {
					success: true,
					rows: 2,
					fileName: 'contacts.xlsx',
					...base,
					response: { responseCode: 200, message: 'SUCCESS', data: null },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(ctx.sandbox.state.messages.map((m) => m.to)).toEqual(['917890987652', '917890987653']);
	});

	test('a wrong header is refused, listing what was expected and what was found; nothing is sent', async () => {
		seedOrderTemplate(ctx.sandbox);
		const file = await contactList(
			['Country', 'Mobile', 'var1', 'var2'],
			[[91, 7890987652, 'Kunal', 'MSG3453']],
		);
		const result = await sendBulk(fromBinary, {
			items: [binaryItem(file, 'application/octet-stream', 'list.xlsx')],
		});
		expect(result.error?.message).toBe(
			'Input Binary Field "data" (item 0): "list.xlsx" has a wrong header row. Expected: Country, Mobile, ctaVar1, ctaVar2, var1, var2. Found: Country, Mobile, var1, var2.',
		);
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
	});

	test.each([
		[
			'a header without recipients',
			async () => contactList(['Country', 'Mobile', 'ctaVar1', 'ctaVar2'], []),
			'has no recipient rows below the header',
		],
		[
			'a CSV file',
			async () => Buffer.from('Country,Mobile,ctaVar1,ctaVar2\n91,7890987652,,\n'),
			'cannot be uploaded: it is not an XLSX workbook',
		],
	])('%s is refused', async (_label, make, message) => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendBulk(fromBinary, {
			items: [binaryItem(await make(), XLSX_MIME, 'x.xlsx')],
		});
		expect(result.error?.message).toContain(message);
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('a value WhatsApp would refuse (a line break) is refused before the upload, naming row and column', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 1 });
		const file = await contactList(
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'],
			[
				[91, 7890987652, null, null, 'Kunal'],
				[91, 7890987653, null, null, 'Asha\nSharma'],
				[91, 7890987654, null, null, 'tab\there'],
			],
		);
		const result = await sendBulk(fromBinary, {
			items: [binaryItem(file, XLSX_MIME, 'list.xlsx')],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(
			'Input Binary Field "data" (item 0): "list.xlsx" row 3 (and 1 more row), column var1: the value has a line break',
		);
		expect(String(result.items[0].json.description)).toMatch(/Nothing was uploaded/);
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('a missing binary property names the field', async () => {
		const result = await sendBulk(fromBinary, { items: [{ json: {} }] });
		expect(result.error?.message).toBe('Input Binary Field: item 0 has no binary property "data"');
	});

	test('with continueOnFail a bad file is an error item and the good one is sent', async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 1 });
		const good = await contactList(
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'],
			[[91, 7890987652, null, null, 'Kunal']],
		);
		const bad = await contactList(
			['Mobile', 'Country', 'ctaVar1', 'ctaVar2', 'var1'],
			[[7890987652, 91, null, null, 'Kunal']],
		);
		const result = await sendBulk(fromBinary, {
			items: [binaryItem(bad, XLSX_MIME, 'bad.xlsx'), binaryItem(good, XLSX_MIME, 'good.xlsx')],
			continueOnFail: true,
		});
		expect(result.items[0]).toEqual({
			json: expect.objectContaining({
				error:
					'Input Binary Field "data" (item 0): "bad.xlsx" has a wrong header row. Expected: Country, Mobile, ctaVar1, ctaVar2, var1. Found: Mobile, Country, ctaVar1, ctaVar2, var1.',
				code: null,
			}),
			pairedItem: { item: 0 },
		});
		expect(result.items[1].json).toMatchObject({ success: true, rows: 1, fileName: 'good.xlsx' });
		expect(sendRequests(ctx.sandbox)).toHaveLength(1);
	});

	test("a header that fits the rule but not the template is the server's 804, explained", async () => {
		seedOrderTemplate(ctx.sandbox, { variables: 2 });
		const file = await contactList(
			['Country', 'Mobile', 'ctaVar1', 'ctaVar2', 'var1'],
			[[91, 7890987652, null, null, 'Kunal']],
		);
		const result = await sendBulk(fromBinary, {
			items: [binaryItem(file, XLSX_MIME, 'one.xlsx')],
			continueOnFail: true,
		});
		expect(result.items[0].json).toMatchObject({
			code: 804,
			error: expect.stringContaining('1 body variable(s)'),
		});
	});
});
