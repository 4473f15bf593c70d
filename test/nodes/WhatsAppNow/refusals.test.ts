// What an expression can hand a field (an object, a list, invisible text, an
// empty file, a name that keeps nothing, a wait without end) is refused before
// any request, naming the field and the item; valid Unicode still goes out.
// Node settings refused under On Error → Continue give every item its error.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TOKEN_PATH } from '../../../sandbox';
import { operationRunner } from '../../harness/runWorkflow';
import { useSandbox } from '../../harness/sandboxFixture';
import {
	binaryItem,
	bulkByFields,
	phone,
	recipients,
	seedOrderTemplate,
	sendRequests,
} from './message/fixtures';
import { createParameters, templateRequests } from './template/fixtures';

const ctx = useSandbox();
const run = (resource: string, operation: string) => operationRunner(ctx, resource, operation);
const sendChat = run('message', 'sendChat');
const sendAndWait = run('message', 'sendAndWait');
const sendTemplate = run('message', 'sendTemplate');
const sendBulk = run('message', 'sendTemplateBulk');
const getStatus = run('template', 'getStatus');
const checkCode = run('verification', 'checkCode');

/** Calls to Message Central other than the login. */
const apiCalls = () => ctx.sandbox.state.requests.filter((r) => r.path !== TOKEN_PATH);
const withJson = (json: IDataObject): INodeExecutionData[] => [{ json }];

describe('a value that is not text is refused, saying what came in', () => {
	const payload = { text: 'Your order shipped', from: 'crm' };

	test('Send Chat: an object as Message', async () => {
		const result = await sendChat(
			{ phoneNumber: phone(1), message: '={{ $json.payload }}' },
			{ items: withJson({ payload }) },
		);
		expect(result.error?.message).toBe(
			'Message (item 0) is an object with fields text, from, not text: pick one, e.g. {{ $json.text }}',
		);
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send Chat: a list as Message', async () => {
		const result = await sendChat(
			{ phoneNumber: phone(1), message: '={{ $json.lines }}' },
			{ items: withJson({ lines: ['a', 'b'] }) },
		);
		expect(result.error?.message).toMatch(/^Message \(item 0\) is a list of 2 values, not text/);
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send Chat: numbers and booleans go out as their text', async () => {
		const result = await sendChat(
			{ phoneNumber: '={{ $json.phone }}', message: '={{ $json.value }}' },
			{
				items: [
					{ json: { phone: phone(1), value: 10045 } },
					{ json: { phone: phone(2), value: true } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.messages.map((m) => m.message)).toEqual(['10045', 'true']);
	});

	test('Send and Wait: an object is shown as one readable line per field', async () => {
		const result = await sendAndWait(
			{ sendAs: 'chat', phoneNumber: phone(1), message: '={{ $json.payload }}' },
			{
				items: withJson({ payload: { message: 'Refund order 1001?', amount: 25, tags: ['vip'] } }),
			},
		);
		expect(result.error).toBeUndefined();
		const [text] = sendRequests(ctx.sandbox).map((r) => String(r.query.message));
		expect(text.split('\n\n')[0]).toBe('message: Refund order 1001?\namount: 25\ntags: ["vip"]');
		expect(text).not.toContain('[object Object]');
		expect(result.items[0].json.question).toBe(
			'message: Refund order 1001?\namount: 25\ntags: ["vip"]',
		);
		expect(result.run.waitTill).toBeInstanceOf(Date);
	});

	test('Template → Create: an object as Name', async () => {
		const result = await run('template', 'create')(
			{ ...createParameters(), name: '={{ $json.payload }}' },
			{ items: withJson({ payload }) },
		);
		expect(result.error?.message).toMatch(/^Name \(item 0\) is an object with fields text, from/);
		expect(templateRequests(ctx.sandbox)).toHaveLength(0);
	});

	test('Template → Get Status: an object as Template Name', async () => {
		const result = await getStatus(
			{ templateName: '={{ $json.payload }}', templateId: '1', language: 'en_US' },
			{ items: withJson({ payload }) },
		);
		expect(result.error?.message).toMatch(/^Template Name \(item 0\) is an object/);
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send Template: an object as Template Name', async () => {
		seedOrderTemplate(ctx.sandbox);
		const result = await sendTemplate(
			{ phoneNumber: phone(1), templateName: '={{ $json.payload }}', language: 'en_US' },
			{ items: withJson({ payload }) },
		);
		expect(result.error?.message).toMatch(/^Template Name \(item 0\) is an object/);
		expect(apiCalls()).toHaveLength(0);
	});

	test('Check Code: an object as Code', async () => {
		const result = await checkCode(
			{ verificationId: '123', code: '={{ $json.payload }}' },
			{ items: withJson({ payload: { code: '1234' } }) },
		);
		expect(result.error?.message).toBe(
			'Code (item 0) is an object with field code, not text: pick one, e.g. {{ $json.code }}',
		);
		expect(apiCalls()).toHaveLength(0);
	});
});

describe('text that shows nothing counts as empty', () => {
	test.each([
		['zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF'],
		['a NUL', '\u0000'],
		['control characters and spaces', ' \u0007\u001F '],
	])('Send Chat: %s', async (_label, message) => {
		const result = await sendChat(
			{ phoneNumber: phone(1), message: '={{ $json.text }}' },
			{ items: withJson({ text: message }) },
		);
		expect(result.error?.message).toBe('Message (item 0) is empty (only invisible characters)');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send and Wait: zero-width characters', async () => {
		const result = await sendAndWait(
			{ sendAs: 'chat', phoneNumber: phone(1), message: '={{ $json.text }}' },
			{ items: withJson({ text: '\u200B \u2060' }) },
		);
		expect(result.error?.message).toBe('Message (item 0) is empty (only invisible characters)');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send Template in Bulk (Mapping Fields): a value of only a NUL names the item and field', async () => {
		seedOrderTemplate(ctx.sandbox);
		const items = recipients(3);
		items[1].json.order = '\u0000';
		const result = await sendBulk(bulkByFields, { items });
		expect(result.error?.message).toMatch(
			/\(item 1\).*"order" is empty \(only invisible characters\)/,
		);
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send Template in Bulk (Expressions): a zero-width value is refused', async () => {
		seedOrderTemplate(ctx.sandbox);
		const items = recipients(2);
		items[0].json.name = '\u200B';
		const result = await sendBulk(
			{
				templateName: 'order_update',
				language: 'en_US',
				source: 'items',
				mapping: 'expressions',
				phoneNumber: '={{ $json.phone }}',
				variables: { variable: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
			},
			{ items },
		);
		expect(result.error?.message).toBe('Variables (item 0): value 1 is empty');
		expect(apiCalls()).toHaveLength(0);
	});

	test('Send Template in Bulk: control characters inside visible text are removed, as documented', async () => {
		seedOrderTemplate(ctx.sandbox);
		const items = recipients(1);
		items[0].json.name = 'As\u0001ha';
		const result = await sendBulk(bulkByFields, { items });
		expect(result.error).toBeUndefined();
		expect(sendRequests(ctx.sandbox)[0].xlsx?.rows[0].slice(4)).toEqual(['Asha', 'MSG0']);
	});

	test.each([
		['Arabic', 'مرحبا، طلبك في الطريق'],
		['emoji only', '🎉🎉'],
		['a word joined by a zero-width joiner', 'a\u200Db'],
	])('valid text still goes out: %s', async (_label, message) => {
		const result = await sendChat({ phoneNumber: phone(1), message });
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.state.messages.map((m) => m.message)).toEqual([message]);
	});
});

describe('template names that keep no letter or digit', () => {
	test.each(['- -', 'مرحبا بك', '__'])(
		'"%s" is refused by Create, Send Template and Get Status',
		async (name) => {
			seedOrderTemplate(ctx.sandbox);
			const created = await run('template', 'create')(createParameters({ name }));
			expect(created.error?.message).toMatch(
				/^Name: ".*" has no letters or digits that Message Central keeps/,
			);
			const sent = await sendTemplate({
				phoneNumber: phone(1),
				templateName: name,
				language: 'en_US',
			});
			expect(sent.error?.message).toMatch(
				/^Template Name \(item 0\): ".*" has no letters or digits/,
			);
			const looked = await getStatus({ templateName: name, templateId: '1', language: 'en_US' });
			expect(looked.error?.message).toMatch(/^Template Name: ".*" has no letters or digits/);
			expect(apiCalls()).toHaveLength(0);
		},
	);
});

describe('empty files', () => {
	test('Send Chat refuses a 0-byte attachment', async () => {
		const result = await sendChat(
			{ phoneNumber: phone(1), message: 'Invoice', attachMedia: true, binaryPropertyName: 'data' },
			{ items: [binaryItem(Buffer.alloc(0), 'application/pdf', 'invoice.pdf')] },
		);
		expect(result.error?.message).toMatch(
			/^Input Binary Field "data": The file is empty \(0 bytes\)/,
		);
		expect(apiCalls()).toHaveLength(0);
	});

	test('Template → Create refuses a 0-byte header image', async () => {
		const result = await run('template', 'create')(
			createParameters({ headerFormat: 'IMAGE', header: '', binaryPropertyName: 'data' }),
			{ items: [binaryItem(Buffer.alloc(0), 'image/png', 'logo.png')] },
		);
		expect(result.error?.message).toMatch(
			/Input Binary Field: "logo\.png" does not fit Header Format IMAGE: The file is empty/,
		);
		expect(templateRequests(ctx.sandbox)).toHaveLength(0);
	});
});

describe('Limit Wait Time must end on a date n8n can hold', () => {
	test.each([
		['10^12 days', { limitType: 'afterTimeInterval', resumeAmount: 1e12, resumeUnit: 'days' }],
		['a date after 3000', { limitType: 'atSpecifiedTime', maxDateAndTime: '3001-01-01T00:00:00Z' }],
	])('%s is refused before sending', async (_label, values) => {
		const result = await sendAndWait({
			sendAs: 'chat',
			phoneNumber: phone(1),
			message: 'Approve?',
			options: { limitWaitTime: { values } },
		});
		expect(result.error?.message).toMatch(
			/^Limit Wait Time: .* ends after 3000-01-01, later than n8n can wait/,
		);
		expect(apiCalls()).toHaveLength(0);
		expect(result.run.waitTill).toBeUndefined();
	});
});

describe('node settings refused under On Error → Continue: every item gets the error', () => {
	const bulk = bulkByFields;
	const byFields = bulkByFields;
	const chatWait = { sendAs: 'chat', phoneNumber: '={{ $json.phone }}', message: 'Approve?' };
	const form = (field: IDataObject[]) => ({
		...chatWait,
		responseType: 'customForm',
		formFields: { field },
	});
	const limit = (values: IDataObject) => ({ ...chatWait, options: { limitWaitTime: { values } } });
	const cases: Array<[string, ReturnType<typeof run>, IDataObject, IDataObject[], RegExp]> = [
		[
			'Mapping Automatically without a phone field',
			sendBulk,
			{ ...bulk, mapping: 'auto' },
			[{ name: 'x' }],
			/^Mapping Automatically/,
		],
		[
			'Mapping Automatically with a gap in var1..varN',
			sendBulk,
			{ ...bulk, mapping: 'auto' },
			[{ phone: phone(1), var1: 'a', var3: 'c' }],
			/^Mapping Automatically/,
		],
		[
			'an empty Phone Field',
			sendBulk,
			{ ...byFields, phoneField: '={{ "" }}' },
			[{ phone: phone(1) }],
			/Phone Field/,
		],
		[
			'three CTA Variable Fields',
			sendBulk,
			{ ...byFields, ctaVariableFields: { field: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
			[{ phone: phone(1) }],
			/CTA Variable Fields/,
		],
		['Form Fields with no field', sendAndWait, form([]), [{ phone: phone(1) }], /^Form Fields/],
		[
			'Form Fields with a missing label',
			sendAndWait,
			form([{ label: '={{ "" }}', fieldType: 'text' }]),
			[{ phone: phone(1) }],
			/^Form Fields/,
		],
		[
			'a dropdown without choices',
			sendAndWait,
			form([{ label: 'Size', fieldType: 'dropdown' }]),
			[{ phone: phone(1) }],
			/^Form Fields/,
		],
		[
			'duplicate labels',
			sendAndWait,
			form([{ label: 'A' }, { label: 'A' }]),
			[{ phone: phone(1) }],
			/^Form Fields/,
		],
		[
			'a negative Limit Wait Time',
			sendAndWait,
			limit({ limitType: 'afterTimeInterval', resumeAmount: -1, resumeUnit: 'hours' }),
			[{ phone: phone(1) }],
			/^Limit Wait Time/,
		],
		[
			'a past Limit Wait Time',
			sendAndWait,
			limit({ limitType: 'atSpecifiedTime', maxDateAndTime: '2001-01-01T00:00:00Z' }),
			[{ phone: phone(1) }],
			/^Limit Wait Time/,
		],
		[
			'an unknown unit',
			sendAndWait,
			limit({ limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'weeks' }),
			[{ phone: phone(1) }],
			/^Limit Wait Time/,
		],
	];

	test.each(cases)('%s', async (_label, runner, parameters, jsons, message) => {
		seedOrderTemplate(ctx.sandbox);
		const items = [...jsons, ...jsons].map((json) => ({ json }));
		const refused = await runner(parameters, { items });
		expect(refused.error?.message).toMatch(message);

		const result = await runner(parameters, { items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual(
			items.map((_item, i) => ({
				json: expect.objectContaining({ error: expect.stringMatching(message), code: null }),
				pairedItem: { item: i },
			})),
		);
		expect(apiCalls()).toHaveLength(0);
	});
});

describe('language codes: a suggestion that suggests', () => {
	test.each([
		[
			'english',
			/"english" is a language name, not a WhatsApp language code; use "en" or "en_US" or "en_GB"/,
		],
		['English (US)', /use "en" or "en_US" or "en_GB"/],
		['en-us', /write it like "en_US"/],
		['EN', /write it like "en"/],
		['x1!', /a lower-case language code, optionally "_" and an upper-case region, e.g. en, en_US/],
	])('Send Template and Create: %s', async (language, message) => {
		seedOrderTemplate(ctx.sandbox);
		const sent = await sendTemplate({
			phoneNumber: phone(1),
			templateName: 'order_update',
			language,
		});
		expect(sent.error?.message).toMatch(message);
		const created = await run('template', 'create')(createParameters({ language }));
		expect(created.error?.message).toMatch(message);
		expect(apiCalls()).toHaveLength(0);
	});
});
