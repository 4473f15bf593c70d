import { normaliseTemplateName as sandboxNormalise } from '../../../../sandbox';
import {
	checkTemplateName,
	normaliseTemplateName,
} from '../../../../nodes/WhatsAppNow/helpers/templateName';

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

	test('predictable changes pass: case, spaces and hyphens', () => {
		expect(checkTemplateName('order_update')).toBeUndefined();
		expect(checkTemplateName('Order Update')).toBeUndefined();
		expect(checkTemplateName('order-update')).toBeUndefined();
		expect(checkTemplateName('tes_template_01')).toBeUndefined();
	});

	test('a name that would change unexpectedly is refused with the name to type', () => {
		expect(checkTemplateName('Abhishek786')).toBe(
			'"Abhishek786" will be saved as "abhishek_786" (Message Central puts "_" between letters and digits); type that name',
		);
		expect(checkTemplateName('Promo 50% OFF!')).toBe(
			'"Promo 50% OFF!" will be saved as "promo_50_off" (Message Central drops "%" "!"); type that name',
		);
		expect(checkTemplateName('!!!')).toMatch(/no letters or digits/);
		expect(checkTemplateName('a'.repeat(513))).toMatch(/513 characters.*at most 512/);
	});
});
