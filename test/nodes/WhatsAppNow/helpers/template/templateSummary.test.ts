import {
	summariseComponents,
	templateFromResponse,
} from '../../../../../nodes/WhatsAppNow/helpers/template/templateSummary';

describe('template summary', () => {
	test('counts body variables and dynamic URL buttons', () => {
		expect(
			summariseComponents([
				{ type: 'HEADER', format: 'TEXT', text: 'Hi {{1}}' },
				{ type: 'BODY', text: 'Hello {{1}}, order {{2}} ({{1}}).' },
				{
					type: 'BUTTONS',
					buttons: [
						{
							type: 'URL',
							text: 'Track',
							url: 'https://e.com/{{1}}',
							example: ['https://e.com/x'],
						},
						{ type: 'URL', text: 'Site', url: 'https://e.com' },
						{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '919876543210' },
					],
				},
			]),
		).toEqual({ placeholderCount: 2, dynamicUrlCount: 1 });
	});

	test('tolerates missing or odd components', () => {
		expect(summariseComponents(undefined)).toEqual({ placeholderCount: 0, dynamicUrlCount: 0 });
		expect(
			summariseComponents([null, 'x', { type: 'body', text: 'Hi {{1}}.' }, { type: 'BUTTONS' }]),
		).toEqual({
			placeholderCount: 1,
			dynamicUrlCount: 0,
		});
	});

	test('finds the template in a bare or enveloped answer', () => {
		const template = { name: 'a', id: '1', status: 'APPROVED', components: [] };
		expect(templateFromResponse(template)).toBe(template);
		expect(templateFromResponse({ responseCode: 200, data: template })).toBe(template);
		expect(templateFromResponse({ responseCode: 200, data: { data: template } })).toBe(template);
		expect(templateFromResponse({ responseCode: 200, data: null })).toBeUndefined();
		expect(templateFromResponse('text')).toBeUndefined();
	});
});
