import {
	buildButtons,
	type ButtonInput,
} from '../../../../../nodes/WhatsAppNow/helpers/template/buttons';

const messages = (inputs: ButtonInput[]) =>
	buildButtons(inputs).problems.map((p) => `${p.field}: ${p.message}`);

describe('buttons', () => {
	test('UI entries become the document payloads', () => {
		expect(
			buildButtons([
				{ type: 'URL', text: 'Visit Us', url: 'https://www.example.com', urlExample: 'ignored' },
				{ type: 'PHONE_NUMBER', text: 'Call Us', phoneNumber: '+91 87508-44671' },
			]),
		).toEqual({
			payloads: [
				{ type: 'URL', text: 'Visit Us', url: 'https://www.example.com' },
				{ type: 'PHONE_NUMBER', text: 'Call Us', value: '918750844671' },
			],
			problems: [],
		});
		expect(
			buildButtons([
				{
					type: 'URL',
					text: 'Track',
					url: 'https://www.example.com/{{1}}',
					urlExample: 'https://www.example.com/test',
				},
			]).payloads,
		).toEqual([
			{
				type: 'URL',
				text: 'Track',
				url: 'https://www.example.com/{{1}}',
				example: 'https://www.example.com/test',
			},
		]);
		expect(
			buildButtons([
				{ type: 'QUICK_REPLY', text: 'Yes' },
				{ type: 'quick_reply', text: 'No' },
			]).payloads,
		).toEqual([
			{ type: 'QUICK_REPLY', text: 'Yes' },
			{ type: 'QUICK_REPLY', text: 'No' },
		]);
	});

	test('a bare example value completes the dynamic URL', () => {
		expect(
			buildButtons([
				{ type: 'URL', text: 'Track', url: 'https://x.example/o/{{1}}', urlExample: '12345' },
			]).payloads[0],
		).toEqual({
			type: 'URL',
			text: 'Track',
			url: 'https://x.example/o/{{1}}',
			example: 'https://x.example/o/12345',
		});
	});

	test.each<[string, ButtonInput[], RegExp]>([
		[
			'unknown type',
			[{ type: 'COPY_CODE', text: 'x' }],
			/^Buttons → button 1: type must be QUICK_REPLY, URL or PHONE_NUMBER, not "COPY_CODE"/,
		],
		['empty text', [{ type: 'QUICK_REPLY', text: '' }], /^Buttons → button 1: Text is empty/],
		[
			'text too long',
			[{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }],
			/Text "x+" is 26 characters long; WhatsApp allows at most 25/,
		],
		['URL missing', [{ type: 'URL', text: 'Go' }], /URL is empty/],
		[
			'URL not http',
			[{ type: 'URL', text: 'Go', url: 'www.example.com' }],
			/URL "www\.example\.com" is not a web address/,
		],
		[
			'dynamic URL without example',
			[{ type: 'URL', text: 'Go', url: 'https://e.com/{{1}}' }],
			/URL Example is empty/,
		],
		[
			'variable not at end',
			[{ type: 'URL', text: 'Go', url: 'https://e.com/{{1}}/x', urlExample: 'a' }],
			/must have its variable as \{\{1\}\} at the very end/,
		],
		[
			'variable not {{1}}',
			[{ type: 'URL', text: 'Go', url: 'https://e.com/{{2}}', urlExample: 'a' }],
			/at the very end/,
		],
		[
			'malformed variable',
			[{ type: 'URL', text: 'Go', url: 'https://e.com/{{id}}' }],
			/URL contains "\{\{id\}\}"/,
		],
		[
			'example with space',
			[{ type: 'URL', text: 'Go', url: 'https://e.com/{{1}}', urlExample: 'a b' }],
			/URL Example "a b" must be the full address/,
		],
		['phone missing', [{ type: 'PHONE_NUMBER', text: 'Call' }], /Phone Number is empty/],
		[
			'phone invalid',
			[{ type: 'PHONE_NUMBER', text: 'Call', phoneNumber: 'call me' }],
			/Phone Number "call me" is not a phone number/,
		],
		[
			'quick replies > 3',
			Array.from({ length: 4 }, (_, i) => ({ type: 'QUICK_REPLY', text: `R${i}` })),
			/^Buttons: 4 quick replies given; a template can have at most 3/,
		],
		[
			'call-to-action > 2',
			[
				{ type: 'URL', text: 'A', url: 'https://a.example' },
				{ type: 'PHONE_NUMBER', text: 'B', phoneNumber: '919876543210' },
				{ type: 'URL', text: 'C', url: 'https://c.example' },
			],
			/^Buttons: 3 call-to-action buttons given; a template can have at most 2/,
		],
		[
			'two URL buttons',
			[
				{ type: 'URL', text: 'A', url: 'https://a.example' },
				{ type: 'URL', text: 'B', url: 'https://b.example' },
			],
			/^Buttons: two URL buttons given/,
		],
		[
			'two phone buttons',
			[
				{ type: 'PHONE_NUMBER', text: 'A', phoneNumber: '919876543210' },
				{ type: 'PHONE_NUMBER', text: 'B', phoneNumber: '919876543211' },
			],
			/^Buttons: two phone number buttons given/,
		],
		[
			'mixed kinds',
			[
				{ type: 'QUICK_REPLY', text: 'Yes' },
				{ type: 'URL', text: 'Site', url: 'https://a.example' },
			],
			/^Buttons: quick replies cannot be mixed with URL or phone number buttons/,
		],
	])('%s', (_rule, inputs, expected) => {
		expect(messages(inputs)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
	});

	test('the second button is named when it is the faulty one', () => {
		expect(
			messages([
				{ type: 'QUICK_REPLY', text: 'ok' },
				{ type: 'QUICK_REPLY', text: '' },
			]),
		).toEqual(['Buttons → button 2: Text is empty; every button needs a label']);
	});
});
