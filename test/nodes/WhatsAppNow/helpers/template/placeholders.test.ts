import {
	checkPlaceholders,
	countPlaceholders,
	findMalformed,
	findPlaceholders,
} from '../../../../../nodes/WhatsAppNow/helpers/template/placeholders';

describe('placeholders', () => {
	test('finds {{n}} variables with their positions, in order of appearance', () => {
		expect(findPlaceholders('Hi {{1}}, order {{2}}.')).toEqual([
			{ number: 1, start: 3, end: 8 },
			{ number: 2, start: 16, end: 21 },
		]);
		expect(findPlaceholders('no variables')).toEqual([]);
		expect(findPlaceholders('{{name}} and {{ 1 }} and {{0}}')).toEqual([]);
	});

	test('counts distinct variables: what a send must supply', () => {
		expect(countPlaceholders('Hello {{1}}, order {{2}} for {{1}}.')).toBe(2);
		expect(countPlaceholders('')).toBe(0);
		expect(countPlaceholders(undefined as unknown as string)).toBe(0);
		expect(countPlaceholders('{{12}} x {{3}}')).toBe(2);
	});

	test('reports double-brace tokens that are not variables', () => {
		expect(findMalformed('Hi {{name}}, {{ 1 }}, {{0}}, {{1}}.')).toEqual([
			'{{name}}',
			'{{ 1 }}',
			'{{0}}',
		]);
	});

	test('a well-formed body has no problems', () => {
		expect(checkPlaceholders('Hello {{1}}, your order {{2}} has shipped.')).toEqual([]);
		expect(checkPlaceholders('No variables at all')).toEqual([]);
	});

	test.each([
		[
			'Hi {{2}} and {{1}}.',
			/in the order they appear.*found \{\{2\}\}, \{\{1\}\}, expected \{\{1\}\}, \{\{2\}\}/,
		],
		['Hi {{1}} and {{1}}.', /each used once/],
		['Hi {{1}} and {{3}}.', /expected \{\{1\}\}, \{\{2\}\}/],
		['{{1}} is your code.', /cannot start with a variable \(\{\{1\}\}\)/],
		['  {{1}} is your code.', /cannot start with a variable/],
		['Your code is {{1}}', /cannot end with a variable \(\{\{1\}\}\)/],
		['Your code is {{1}}  ', /cannot end with a variable/],
		['Hi {{1}} {{2}} there.', /\{\{1\}\} and \{\{2\}\} are side by side/],
		['Hi {{1}}{{2}} there.', /side by side/],
		['Hi {{name}} there.', /"\{\{name\}\}" is not a variable/],
	])('%s', (text, problem) => {
		const problems = checkPlaceholders(text);
		expect(problems.some((p) => problem.test(p))).toBe(true);
	});
});
