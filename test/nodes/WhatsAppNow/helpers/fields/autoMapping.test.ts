import { detectFieldMapping } from '../../../../../nodes/WhatsAppNow/helpers/fields/autoMapping';

describe('detectFieldMapping', () => {
	test('contact-list columns: Mobile with Country, var1..varN in number order, CTA columns with a value', () => {
		expect(
			detectFieldMapping(
				{ var10: 'j', Country: 91, Mobile: '98765', ctaVar1: 'abc', ctaVar2: '', ...vars(9) },
				'44',
			),
		).toEqual({
			phoneField: 'Mobile',
			countryCodeField: 'Country',
			variableFields: [
				'var1',
				'var2',
				'var3',
				'var4',
				'var5',
				'var6',
				'var7',
				'var8',
				'var9',
				'var10',
			],
			ctaVariableFields: ['ctaVar1'],
			defaultCountryCode: '44',
		});
	});

	test('a plain phone field, no variables', () => {
		expect(detectFieldMapping({ phone: '+919876543210', name: 'x' }, '')).toEqual({
			phoneField: 'phone',
			countryCodeField: '',
			variableFields: [],
			ctaVariableFields: [],
			defaultCountryCode: '',
		});
	});

	test('no phone field, or a gap in the variables, is explained', () => {
		expect(detectFieldMapping({ name: 'x', tel: '1' }, '')).toBe(
			'item 0 has none of the fields Mobile, phone, phoneNumber, mobile (its fields: name, tel)',
		);
		expect(detectFieldMapping({ phone: '1', var1: 'a', var3: 'c' }, '')).toMatch(
			/var1, var3; .*\(var2 is missing\)/,
		);
		expect(detectFieldMapping(undefined, '')).toMatch(/its fields: none/);
	});
});

function vars(n: number) {
	return Object.fromEntries(Array.from({ length: n }, (_, i) => [`var${i + 1}`, `v${i + 1}`]));
}
