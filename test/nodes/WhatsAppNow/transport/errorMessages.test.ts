import {
	EXPLAINED_CODES,
	explainError,
} from '../../../../nodes/WhatsAppNow/transport/errorMessages';

describe('explainError', () => {
	const documented = [
		400, 409, 500, 501, 506, 508, 511, 800, 801, 802, 803, 804, 805, 810, 811, 812, 813, 814, 815,
		816, 817, 826, 827, 829, 830,
	];
	test('every code of docs/message-central-api.md has its own explanation', () => {
		expect([...EXPLAINED_CODES].sort()).toEqual([...documented].sort());
	});
	test.each(documented)(
		'code %i says what went wrong, how to fix it, and names the code',
		(code) => {
			const { message, description } = explainError(code, 'server words', 400, {});
			expect(message).toContain(String(code));
			expect(message).not.toMatch(/^Message Central answered with/);
			expect(description.length).toBeGreaterThan(20);
			expect(description).toContain('server words');
		},
	);
	test('804 counts variables when the operation knows both numbers', () => {
		expect(explainError(804, '', 200, { variablesExpected: 3, variablesGiven: 2 }).message).toBe(
			'The template has 3 variables, 2 were given (804)',
		);
	});
	test('the flavours of 800 are told apart', () => {
		expect(
			explainError(
				800,
				'(#100) Param category must be one of {UTILITY, MARKETING, AUTHENTICATION} - got "X".',
				400,
			).message,
		).toMatch(/category/);
		expect(
			explainError(
				800,
				"Content can't be added for this language because it is not available for message templates.",
				400,
				{ language: 'xx' },
			).message,
		).toMatch(/language "xx"/);
		expect(
			explainError(800, "Unsupported get request. Object with ID '1' does not exist", 400, {
				templateId: '1',
			}).message,
		).toMatch(/No template with ID "1"/);
		expect(explainError(800, 'Invalid Auth', 401).message).toMatch(/login token/);
	});
	test('unknown codes keep the server message', () => {
		expect(explainError(999, 'Odd thing', 200).message).toBe(
			'Message Central answered with code 999: Odd thing',
		);
		expect(explainError(null, '', 502).message).toBe('Message Central answered with HTTP 502');
	});
});
