import {
	EXPLAINED_CODES,
	explainError,
} from '../../../../nodes/WhatsAppNow/transport/errorMessages';

describe('explainError', () => {
	const documented = [
		400, 409, 500, 501, 505, 506, 508, 511, 800, 801, 802, 803, 804, 805, 810, 811, 812, 813, 814,
		815, 816, 817, 826, 827, 829, 830,
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
		// Meta's 24-hour rule passed through: the text an AI agent reads says what to do instead.
		const window = explainError(800, '(#131047) Re-engagement message', 400, {
			to: '919876543210',
		});
		expect(window.message).toBe(
			'WhatsApp refused a free-form message to 919876543210: more than 24 hours have passed since the customer last wrote (131047). Send a template instead.',
		);
		expect(window.description).toMatch(/Message → Send Template/);
	});
	test('unknown codes keep the server message', () => {
		expect(explainError(999, 'Odd thing', 200).message).toBe(
			'Message Central answered with code 999: Odd thing',
		);
		// An envelope-less HTTP error now says what the status means (was "… with HTTP 502").
		expect(explainError(null, '', 502).message).toBe(
			'Message Central answered with HTTP 502 (Bad Gateway) instead of its usual answer',
		);
	});
	test('an HTTP error without an envelope (a proxy page): status in words, its title, and how to check before resending', () => {
		const { message, description } = explainError(null, 'example.com | 502: Bad gateway', 502, {
			to: '919876543210',
		});
		expect(message).toBe(
			'Message Central answered with HTTP 502 (Bad Gateway) instead of its usual answer: "example.com | 502: Bad gateway"',
		);
		expect(description).toContain('may or may not have been carried out');
		expect(description).toContain('a message to 919876543210 may already have been sent');
		expect(description).toContain("the WhatsApp Now Trigger's status events");
		expect(description).toContain("Message Central's console");
		// A title that only repeats the status is left out.
		expect(explainError(null, '504 Gateway Timeout', 504).message).toBe(
			'Message Central answered with HTTP 504 (Gateway Timeout) instead of its usual answer',
		);
	});
});
