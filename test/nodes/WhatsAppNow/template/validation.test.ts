/**
 * Every rule template → create checks before any request: the run fails with
 * an error naming the field, and Message Central never hears of it (not even
 * a token request).
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CREDENTIAL_ID, runActionNode } from '../../../harness/runWorkflow';
import { sandboxCredentials, useSandbox } from '../../../harness/sandboxFixture';
import { binaryItem, createParameters } from './fixtures';

const ctx = useSandbox();

const PNG = binaryItem(Buffer.from('89504e470d0a1a0a', 'hex'), 'image/png', 'banner.png');
const EMPTY = '={{ $json.nothing ?? "" }}';
const cta = (type: string, text: string, extra: Record<string, string> = {}) => ({
	type,
	text,
	...extra,
});
const url = (text: string, address = 'https://www.example.com') =>
	cta('URL', text, { url: address });
const phone = (text: string) => cta('PHONE_NUMBER', text, { phoneNumber: '919876543210' });

interface Rule {
	rule: string;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	message: RegExp;
}

const rules: Rule[] = [
	// Required fields (an expression that resolves to nothing: the editor itself refuses a blank required field).
	{
		rule: 'name missing',
		parameters: { name: EMPTY },
		message: /^Name: missing; give the template a name/,
	},
	{ rule: 'language missing', parameters: { language: EMPTY }, message: /^Language: missing/ },
	{
		rule: 'category missing',
		parameters: { category: EMPTY },
		message: /^Category: missing; choose MARKETING, UTILITY or AUTHENTICATION/,
	},
	{
		rule: 'header format missing',
		parameters: { headerFormat: EMPTY },
		message: /^Header Format: missing/,
	},
	{
		rule: 'header missing with TEXT',
		parameters: { header: EMPTY },
		message: /^Header: missing; with Header Format TEXT the header text is required/,
	},
	{ rule: 'body missing', parameters: { body: EMPTY }, message: /^Body: missing/ },
	// Name normalisation: Message Central takes any name it can normalise (Spring Sale2 → spring_sale_2).
	{
		rule: 'name that normalises to nothing',
		parameters: { name: '¡¿!' },
		message: /^Name: "¡¿!" has no letters or digits that Message Central keeps/,
	},
	{
		rule: 'name too long',
		parameters: { name: 'a'.repeat(513) },
		message: /^Name: is 513 characters long once normalised; WhatsApp allows at most 512/,
	},
	// Allowed values.
	{
		rule: 'language not a code',
		parameters: { language: 'en-US' },
		message: /^Language: "en-US" is not a WhatsApp language code; write it like "en_US"/,
	},
	{
		rule: 'category outside the allowed values',
		parameters: { category: '={{ "PROMO" }}' },
		message:
			/^Category: "PROMO" is not a template category; use MARKETING, UTILITY or AUTHENTICATION/,
	},
	{
		rule: 'header format outside the allowed values',
		parameters: { headerFormat: '={{ "GIF" }}' },
		message: /^Header Format: "GIF" is not a header format; use TEXT, IMAGE, VIDEO or DOCUMENT/,
	},
	// Header and file.
	{
		rule: 'header text with a media format',
		parameters: { headerFormat: '={{ "IMAGE" }}', header: 'Big sale' },
		items: [PNG],
		message: /^Header: must be empty with Header Format IMAGE: the image is the header/,
	},
	{
		rule: 'a file with TEXT',
		parameters: { headerFormat: '={{ "TEXT" }}', binaryPropertyName: 'data' },
		items: [PNG],
		message:
			/^Input Binary Field: the item carries a file \("banner\.png"\) in "data" but Header Format is TEXT/,
	},
	{
		rule: 'a media header without binary data',
		parameters: { headerFormat: 'VIDEO' },
		message:
			/^Input Binary Field: the item has no binary property "data"; a VIDEO header needs the video file/,
	},
	{
		rule: 'a media header whose file is elsewhere',
		parameters: { headerFormat: 'IMAGE', binaryPropertyName: 'banner' },
		items: [PNG],
		message:
			/^Input Binary Field: the item has no binary property "banner".*binary properties are: data/,
	},
	{
		rule: 'a MIME type that does not fit the format',
		parameters: { headerFormat: 'VIDEO' },
		items: [PNG],
		message:
			/^Input Binary Field: "banner\.png" does not fit Header Format VIDEO: MIME type "image\/png" cannot be sent here\. Allowed: MP4 or 3GP video/,
	},
	{
		rule: 'a DOCUMENT header that is not a PDF (Meta refuses it only after the request)',
		parameters: { headerFormat: 'DOCUMENT' },
		items: [
			binaryItem(
				Buffer.from('504b0304', 'hex'),
				'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
				'terms.docx',
			),
		],
		message:
			/^Input Binary Field: "terms\.docx" does not fit Header Format DOCUMENT: MIME type ".*wordprocessingml\.document" cannot be sent here\. Allowed: PDF/,
	},
	{
		rule: 'header longer than 60',
		parameters: { header: 'h'.repeat(61) },
		message: /^Header: is 61 characters long; WhatsApp allows at most 60/,
	},
	{
		rule: 'header with a variable',
		parameters: { header: 'Hi {{1}}!' },
		message: /^Header: cannot contain variables/,
	},
	// Body variables and examples.
	{
		rule: 'variables out of order',
		parameters: { body: 'Hello {{2}}, your order {{1}} has shipped.' },
		message: /^Body: variables must be numbered \{\{1\}\}, \{\{2\}\}, … in the order they appear/,
	},
	{
		rule: 'variable at the very start',
		parameters: { body: '{{1}}, your order {{2}} has shipped.' },
		message: /^Body: cannot start with a variable \(\{\{1\}\}\)/,
	},
	{
		rule: 'variable at the very end',
		parameters: { body: 'Hello {{1}}, your order is {{2}}' },
		message: /^Body: cannot end with a variable \(\{\{2\}\}\)/,
	},
	{
		rule: 'variables side by side',
		parameters: { body: 'Hello {{1}} {{2}}, thanks.' },
		message: /^Body: \{\{1\}\} and \{\{2\}\} are side by side/,
	},
	{
		rule: 'malformed variable',
		parameters: {
			body: 'Hello {{name}}, order {{1}} shipped.',
			bodyExamples: { variable: [{ value: 'A1' }] },
		},
		message: /^Body: "\{\{name\}\}" is not a variable/,
	},
	{
		rule: 'fewer examples than variables',
		parameters: { bodyExamples: { variable: [{ value: 'John' }] } },
		message:
			/^Body Examples: 1 example\(s\) given for 2 variable\(s\) in Body; give exactly one example per variable/,
	},
	{
		rule: 'no examples for variables',
		parameters: { bodyExamples: {} },
		message: /^Body Examples: 0 example\(s\) given for 2 variable\(s\)/,
	},
	{
		rule: 'an example containing a space',
		parameters: { bodyExamples: { variable: [{ value: 'John Smith' }, { value: 'MSG3453' }] } },
		message:
			/^Body Examples: example 1 \("John Smith"\) contains a space; Message Central separates examples with spaces/,
	},
	{
		rule: 'body longer than 1024',
		parameters: { body: `Hi ${'b'.repeat(1022)}`, bodyExamples: {} },
		message: /^Body: is 1025 characters long; WhatsApp allows at most 1024/,
	},
	{
		rule: 'footer longer than 60',
		parameters: { footer: 'f'.repeat(61) },
		message: /^Footer: is 61 characters long; WhatsApp allows at most 60/,
	},
	// Buttons.
	{
		rule: 'more than 3 quick replies',
		parameters: { buttons: { button: ['A', 'B', 'C', 'D'].map((t) => cta('QUICK_REPLY', t)) } },
		message: /^Buttons: 4 quick replies given; a template can have at most 3/,
	},
	{
		rule: 'more than 2 call-to-action buttons',
		parameters: {
			buttons: { button: [url('Site'), phone('Call'), url('Shop', 'https://shop.example')] },
		},
		message: /^Buttons: 3 call-to-action buttons given; a template can have at most 2/,
	},
	{
		rule: 'two URL buttons',
		parameters: { buttons: { button: [url('Site'), url('Shop', 'https://shop.example')] } },
		message:
			/^Buttons: two URL buttons given; a template can have one URL button and one phone number button at most/,
	},
	{
		rule: 'two phone number buttons',
		parameters: { buttons: { button: [phone('Call'), phone('Call again')] } },
		message: /^Buttons: two phone number buttons given/,
	},
	{
		rule: 'quick replies mixed with call-to-action buttons',
		parameters: { buttons: { button: [cta('QUICK_REPLY', 'Yes'), url('Site')] } },
		message: /^Buttons: quick replies cannot be mixed with URL or phone number buttons/,
	},
	{
		rule: 'dynamic URL without an example',
		parameters: { buttons: { button: [url('Track', 'https://shop.example/track/{{1}}')] } },
		message: /^Buttons → button 1: URL Example is empty; a dynamic URL needs a sample/,
	},
	{
		rule: 'dynamic URL with the variable not at the end',
		parameters: {
			buttons: {
				button: [cta('URL', 'Track', { url: 'https://shop.example/{{1}}/track', urlExample: 'x' })],
			},
		},
		message:
			/^Buttons → button 1: URL "https:\/\/shop\.example\/\{\{1\}\}\/track" must have its variable as \{\{1\}\} at the very end/,
	},
	{
		rule: 'button text longer than 25',
		parameters: { buttons: { button: [cta('QUICK_REPLY', 'Yes please, tell me more!!')] } },
		message:
			/^Buttons → button 1: Text "Yes please, tell me more!!" is 26 characters long; WhatsApp allows at most 25/,
	},
	{
		rule: 'button without text',
		parameters: { buttons: { button: [cta('QUICK_REPLY', 'Yes'), cta('QUICK_REPLY', '')] } },
		message: /^Buttons → button 2: Text is empty/,
	},
	{
		rule: 'phone button without a usable number',
		parameters: { buttons: { button: [cta('PHONE_NUMBER', 'Call', { phoneNumber: 'ask us' })] } },
		message: /^Buttons → button 1: Phone Number "ask us" is not a phone number with country code/,
	},
	{
		rule: 'URL button without http(s) address',
		parameters: { buttons: { button: [url('Site', 'www.example.com')] } },
		message: /^Buttons → button 1: URL "www\.example\.com" is not a web address/,
	},
];

describe('template → create refuses a bad template before any request', () => {
	test.each(rules)('$rule', async ({ parameters, items, message }) => {
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: createParameters(parameters),
			items,
		});
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(
			/Nothing was sent to Message Central for this item\.$/,
		);
		expect(result.items).toEqual([]);
		expect(ctx.sandbox.state.requests).toEqual([]);
		expect(ctx.sandbox.state.tokenRequests).toBe(0);
	});

	test('several problems: the first is the message, all are in the details', async () => {
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: createParameters({
				name: '¡¿!',
				footer: 'f'.repeat(61),
				bodyExamples: {},
			}),
		});
		expect(result.error?.message).toMatch(/^Name: .* \(and 2 more problems\)$/);
		expect(result.error?.description).toContain('Footer: is 61 characters long');
		expect(result.error?.description).toContain(
			'Body Examples: 0 example(s) given for 2 variable(s)',
		);
		expect(ctx.sandbox.state.requests).toEqual([]);
	});

	test('a missing Sender ID is refused before any request', async () => {
		ctx.credentialsHelper.set(CREDENTIAL_ID, sandboxCredentials(ctx.sandbox, { senderId: '' }));
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: createParameters(),
		});
		expect(result.error?.message).toBe('Sender ID is empty');
		expect(ctx.sandbox.state.requests).toEqual([]);
	});

	test('one bad item stops the run before any item is sent', async () => {
		const result = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: createParameters({ name: '={{ $json.name }}' }),
			items: [{ json: { name: 'good_one' } }, { json: { name: '!!!' } }],
		});
		expect(result.error?.message).toMatch(/^Name: "!!!" has no letters or digits/);
		expect(ctx.sandbox.state.requests).toEqual([]);
	});
});
