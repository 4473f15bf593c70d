import {
	validateTemplate,
	type TemplateDraft,
} from '../../../../../nodes/WhatsAppNow/helpers/template/templateRules';
import { ORDER_UPDATE_TEMPLATE } from '../../../../fixtures/orderUpdateTemplate';

const draft = (overrides: Partial<TemplateDraft> = {}): TemplateDraft => ({
	...ORDER_UPDATE_TEMPLATE,
	buttons: [],
	binaryPropertyName: '',
	...overrides,
});

const problemsOf = (overrides: Partial<TemplateDraft>) =>
	validateTemplate(draft(overrides)).problems.map((p) => `${p.field}: ${p.message}`);

describe('validateTemplate', () => {
	test('a valid text draft becomes the form Message Central takes', () => {
		const { problems, template } = validateTemplate(
			draft({
				name: 'Order Update',
				category: 'utility',
				buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }],
			}),
		);
		expect(problems).toEqual([]);
		expect(template).toEqual({
			// Sent as typed: Message Central normalises it and answers the saved name.
			name: 'Order Update',
			language: 'en_US',
			category: 'UTILITY',
			headerFormat: 'TEXT',
			header: 'Order update',
			body: 'Hello {{1}}, your order {{2}} has shipped.',
			bodyValue: 'John MSG3453',
			footer: 'Reply STOP to unsubscribe',
			buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }],
			isMedia: false,
		});
	});

	test('a media draft drops the header and needs a fitting file', () => {
		const file = { fileName: 'a.png', mimeType: 'image/png', size: 10 };
		const { problems, template } = validateTemplate(
			draft({ headerFormat: 'IMAGE', header: '', file, binaryPropertyName: 'data' }),
		);
		expect(problems).toEqual([]);
		expect(template).toMatchObject({ headerFormat: 'IMAGE', header: undefined, isMedia: true });
		expect(
			problemsOf({ headerFormat: 'DOCUMENT', header: '', file, binaryPropertyName: 'data' }),
		).toEqual([
			expect.stringMatching(
				/^Input Binary Field: "a\.png" does not fit Header Format DOCUMENT: MIME type "image\/png"/,
			),
		]);
		expect(
			problemsOf({
				headerFormat: 'IMAGE',
				header: '',
				file: { ...file, size: 6 * 1024 * 1024 },
				binaryPropertyName: 'data',
			}),
		).toEqual([expect.stringMatching(/6\.0 MB.*at most 5\.0 MB/)]);
	});

	test('a DOCUMENT header must be a PDF: Meta refuses other documents only after the request', () => {
		const pdf = { fileName: 'terms.pdf', mimeType: 'application/pdf', size: 10 };
		const docx = {
			fileName: 'terms.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			size: 10,
		};
		const document = { headerFormat: 'DOCUMENT', header: '', binaryPropertyName: 'data' };
		expect(problemsOf({ ...document, file: pdf })).toEqual([]);
		expect(problemsOf({ ...document, file: docx })).toEqual([
			expect.stringMatching(
				/^Input Binary Field: "terms\.docx" does not fit Header Format DOCUMENT: MIME type ".*" cannot be sent here\. Allowed: PDF \(WhatsApp takes only PDF/,
			),
		]);
		expect(problemsOf({ ...document, file: { ...pdf, size: 101 * 1024 * 1024 } })).toEqual([
			expect.stringMatching(/101\.0 MB.*at most 100\.0 MB/),
		]);
	});

	test('no examples and no variables: no bodyValue', () => {
		const { problems, template } = validateTemplate(
			draft({ body: 'Thanks for your order.', bodyExamples: [] }),
		);
		expect(problems).toEqual([]);
		expect(template.bodyValue).toBeUndefined();
	});

	test.each<[string, Partial<TemplateDraft>, RegExp]>([
		['name missing', { name: ' ' }, /^Name: missing/],
		['language missing', { language: '' }, /^Language: missing/],
		[
			'language shape',
			{ language: 'en-us' },
			/^Language: "en-us" is not a WhatsApp language code; write it like "en_US"/,
		],
		['category missing', { category: '' }, /^Category: missing/],
		['category unknown', { category: 'PROMO' }, /^Category: "PROMO" is not a template category/],
		['header format missing', { headerFormat: '' }, /^Header Format: missing/],
		[
			'header format unknown',
			{ headerFormat: 'GIF' },
			/^Header Format: "GIF" is not a header format/,
		],
		['header missing with TEXT', { header: '' }, /^Header: missing/],
		[
			'header too long',
			{ header: 'x'.repeat(61) },
			/^Header: is 61 characters long; WhatsApp allows at most 60/,
		],
		['header variable', { header: 'Hi {{1}}' }, /^Header: cannot contain variables/],
		[
			'file with TEXT',
			{ file: { fileName: 'a.png', mimeType: 'image/png' }, binaryPropertyName: 'data' },
			/^Input Binary Field: the item carries a file \("a\.png"\) in "data" but Header Format is TEXT/,
		],
		[
			'header with media',
			{ headerFormat: 'VIDEO', file: { fileName: 'a.mp4', mimeType: 'video/mp4', size: 1 } },
			/^Header: must be empty with Header Format VIDEO/,
		],
		[
			'media without file',
			{
				headerFormat: 'IMAGE',
				header: '',
				binaryPropertyName: 'data',
				binaryProperties: ['other'],
			},
			/^Input Binary Field: the item has no binary property "data"; an IMAGE header needs the image file\. The item's binary properties are: other\./,
		],
		['body missing', { body: '' }, /^Body: missing/],
		[
			'body too long',
			{ body: 'x'.repeat(1025), bodyExamples: [] },
			/^Body: is 1025 characters long; WhatsApp allows at most 1024/,
		],
		[
			'examples count',
			{ bodyExamples: ['John'] },
			/^Body Examples: 1 example\(s\) given for 2 variable\(s\)/,
		],
		[
			'examples without variables',
			{ body: 'Thanks.', bodyExamples: ['John'] },
			/^Body Examples: 1 example\(s\) given but Body has no variables/,
		],
		[
			'example with space',
			{ bodyExamples: ['John Smith', 'MSG3453'] },
			/^Body Examples: example 1 \("John Smith"\) contains a space.*"John_Smith"/,
		],
		['empty example', { bodyExamples: ['John', ' '] }, /^Body Examples: example 2 is empty/],
		[
			'footer too long',
			{ footer: 'x'.repeat(61) },
			/^Footer: is 61 characters long; WhatsApp allows at most 60/,
		],
		['footer variable', { footer: 'Bye {{1}}' }, /^Footer: cannot contain variables/],
	])('%s', (_rule, overrides, expected) => {
		const problems = problemsOf(overrides);
		expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
	});

	test('several problems are all reported', () => {
		expect(problemsOf({ name: '', body: '', category: 'X' })).toHaveLength(3);
	});

	test('characters are counted, not UTF-16 units', () => {
		expect(problemsOf({ footer: '👍'.repeat(60) })).toEqual([]);
	});
});
