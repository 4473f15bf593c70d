import { normaliseTemplateName as sandboxNormalise } from '../../../../../sandbox';
import {
	checkTemplateName,
	normaliseTemplateName,
} from '../../../../../nodes/WhatsAppNow/helpers/template/templateName';

describe('template name normalisation', () => {
	test.each([
		['Abhishek786', 'abhishek_786'],
		['tes_template_01', 'tes_template_01'],
		['Order Update', 'order_update'],
		['order-update-v2', 'order_update_v_2'],
		['Promo 50% OFF!', 'promo_50_off'],
		['2for1 Deal', '2_for_1_deal'],
		['  Spaced   out  ', 'spaced_out'],
		['Café', 'caf'],
		['!!!', ''],
	])('%s → %s, as the sandbox (and Message Central) does', (input, expected) => {
		expect(normaliseTemplateName(input)).toBe(expected);
		expect(sandboxNormalise(input)).toBe(expected);
	});

	test('every name Message Central can normalise passes, however it changes', () => {
		for (const name of [
			'order_update',
			'Order Update',
			'order-update',
			'tes_template_01',
			'Abhishek786',
			'Spring Sale2',
			'Promo 50% OFF!',
		]) {
			expect(checkTemplateName(name)).toBeUndefined();
		}
		expect(normaliseTemplateName('Spring Sale2')).toBe('spring_sale_2');
		expect(sandboxNormalise('Spring Sale2')).toBe('spring_sale_2');
	});

	test('only names that keep no letter or digit, or run past 512 characters, are refused', () => {
		expect(checkTemplateName('!!!')).toMatch(/no letters or digits/);
		// Saved as "_": separators alone, or a name only in another script.
		expect(normaliseTemplateName('- -')).toBe('_');
		expect(checkTemplateName('- -')).toMatch(/no letters or digits/);
		expect(checkTemplateName('مرحبا بك')).toMatch(/no letters or digits/);
		expect(checkTemplateName('ऑर्डर_1')).toBeUndefined();
		expect(checkTemplateName('a'.repeat(512))).toBeUndefined();
		expect(checkTemplateName('a'.repeat(513))).toMatch(/513 characters.*at most 512/);
		// The limit applies to the saved form: "_" between letters and digits counts.
		expect(checkTemplateName('a1'.repeat(200))).toMatch(/799 characters.*at most 512/);
	});
});
