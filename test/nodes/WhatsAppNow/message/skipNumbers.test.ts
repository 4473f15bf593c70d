// Skip Numbers: recipients on the list (opt-outs) get no message and no
// request; they come out as skipped, not as errors.
import { TOKEN_PATH } from '../../../../sandbox';
import { useSandbox } from '../../../harness/sandboxFixture';
import {
	bulkByFields as bulk,
	phone,
	recipients,
	runner,
	seedOrderTemplate,
	sendRequests,
} from './fixtures';

const ctx = useSandbox();
const sendTemplate = runner(ctx, 'sendTemplate');
const sendBulk = runner(ctx, 'sendTemplateBulk');

const single = {
	phoneNumber: '={{ $json.phone }}',
	templateName: 'order_update',
	language: 'en_US',
	variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
};

beforeEach(() => seedOrderTemplate(ctx.sandbox));

describe('Send Template: Skip Numbers', () => {
	test('numbers in any format, separated by commas or line breaks: those recipients get nothing', async () => {
		const result = await sendTemplate(
			{ ...single, skipNumbers: '+91 98000-00001\n919800000003' },
			{ items: recipients(4) },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox).map((r) => r.query.mobileNumber)).toEqual([
			'9800000000',
			'9800000002',
		]);
		expect(result.items.map((i) => [i.json.skipped ?? i.json.success, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			['on the skip list', { item: 1 }],
			[true, { item: 2 }],
			['on the skip list', { item: 3 }],
		]);
		expect(result.items[1].json).toEqual({
			success: false,
			skipped: 'on the skip list',
			to: '919800000001',
			countryCode: '91',
			mobileNumber: '9800000001',
		});
	});

	test('a list from an expression (numbers, 00 prefix, national numbers with Default Country Code)', async () => {
		const result = await sendTemplate(
			{
				...single,
				defaultCountryCode: '91',
				skipNumbers: '={{ ["0091 98000 00000", 9800000001, null, ""] }}',
			},
			{ items: recipients(3) },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox).map((r) => r.query.mobileNumber)).toEqual(['9800000002']);
	});

	test('an entry that is no number refuses the run, naming the field; under Continue every item says so', async () => {
		const parameters = { ...single, skipNumbers: '={{ [{ phone: "+919800000001" }] }}' };
		const refused = await sendTemplate(parameters, { items: recipients(2) });
		expect(refused.error?.message).toBe(
			"Skip Numbers: entry 1 is an object, not a phone number: map the list to the phone field, e.g. {{ $('Opt-outs').all().map(item => item.json.phone) }}",
		);
		const text = await sendTemplate(
			{ ...single, skipNumbers: '919800000001, unsubscribe' },
			{ items: recipients(2), continueOnFail: true },
		);
		expect(text.items.map((i) => i.json.error)).toEqual([
			'Skip Numbers: entry 2 "unsubscribe" is not a phone number; list numbers only (e.g. +919876543210)',
			'Skip Numbers: entry 2 "unsubscribe" is not a phone number; list numbers only (e.g. +919876543210)',
		]);
		expect(ctx.sandbox.state.requests.filter((r) => r.path !== TOKEN_PATH)).toHaveLength(0);
	});
});

describe('Send Template in Bulk: Skip Numbers', () => {
	test('One Item per Recipient: skipped recipients are in no row of the file and come out skipped', async () => {
		const result = await sendBulk(
			{ ...bulk, skipNumbers: `${phone(0)}, ${phone(2)}` },
			{ items: recipients(4) },
		);
		expect(result.error).toBeUndefined();
		const [upload] = sendRequests(ctx.sandbox);
		expect(upload.xlsx?.rows.map((row) => row[1])).toEqual(['9800000001', '9800000003']);
		expect(result.items.map((i) => [i.json.skipped ?? i.json.row, i.pairedItem])).toEqual([
			['on the skip list', { item: 0 }],
			[1, { item: 1 }],
			['on the skip list', { item: 2 }],
			[2, { item: 3 }],
		]);
	});

	test('One Item per File: each file counts the skipped recipients of its stretch', async () => {
		const result = await sendBulk(
			{
				...bulk,
				skipNumbers: `${phone(1)}\n${phone(4)}`,
				options: { output: 'files', batchSize: 2 },
			},
			{ items: recipients(5) },
		);
		expect(result.error).toBeUndefined();
		expect(
			result.items.map((i) => [i.json.rows, i.json.sent, i.json.skipped, i.pairedItem]),
		).toEqual([
			[2, 2, 1, [{ item: 0 }, { item: 2 }, { item: 1 }]],
			[1, 1, 1, [{ item: 3 }, { item: 4 }]],
		]);
	});

	test('every recipient skipped: nothing is uploaded', async () => {
		const result = await sendBulk(
			{ ...bulk, skipNumbers: `${phone(0)},${phone(1)}`, options: { output: 'files' } },
			{ items: recipients(2) },
		);
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)).toHaveLength(0);
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({ batch: null, sent: 0, refused: 0, skipped: 2 }),
				pairedItem: [{ item: 0 }, { item: 1 }],
			},
		]);
	});
});
