import {
	compileFieldPath,
	readField,
} from '../../../../../nodes/WhatsAppNow/helpers/fields/fieldPath';

const read = (json: unknown, name: string) => readField(json, compileFieldPath(name)!);

describe('fieldPath: field names as n8n nodes read them', () => {
	test('plain, nested, indexed and quoted names', () => {
		const json = { phone: '1', customer: { phone: '2', 'first name': 'A' }, list: [{ id: 'x' }] };
		expect(read(json, 'phone')).toBe('1');
		expect(read(json, ' customer.phone ')).toBe('2');
		expect(read(json, 'list[0].id')).toBe('x');
		expect(read(json, 'customer["first name"]')).toBe('A');
		expect(read(json, 'customer.missing')).toBeUndefined();
		expect(read(json, 'phone.length')).toBeUndefined();
	});

	test('a key that literally contains the dots wins over the nested path', () => {
		expect(read({ 'a.b': 'literal', a: { b: 'nested' } }, 'a.b')).toBe('literal');
	});

	test('empty and prototype-walking names are refused', () => {
		expect(compileFieldPath('  ')).toBeUndefined();
		expect(compileFieldPath('a.__proto__')).toBeUndefined();
		expect(compileFieldPath('constructor')).toBeUndefined();
	});
});
