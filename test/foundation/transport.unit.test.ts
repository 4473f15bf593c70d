import { isTokenExpired } from '../../credentials/messageCentralToken';
import { interpretResponse, retryAfterMs } from '../../nodes/WhatsAppNow/transport/envelope';
import { EXPLAINED_CODES, explainError } from '../../nodes/WhatsAppNow/transport/errorMessages';
import { MAX_ATTEMPTS, MAX_TOTAL_WAIT_MS, nextRetryDelay } from '../../nodes/WhatsAppNow/transport/retryPolicy';

const envelope = (responseCode: unknown, message = '') => ({ responseCode, message, data: null });

describe('interpretResponse', () => {
	test('any responseCode other than 200 is a failure, whatever the HTTP status', () => {
		expect(interpretResponse({ statusCode: 200, body: envelope(801, 'Invalid sender') })).toMatchObject({ kind: 'error', code: 801 });
		expect(interpretResponse({ statusCode: 400, body: envelope(801, 'Invalid sender') })).toMatchObject({ kind: 'error', code: 801 });
		expect(interpretResponse({ statusCode: 200, body: JSON.stringify(envelope('805')) })).toMatchObject({ kind: 'error', code: 805 });
	});
	test('200 envelopes and bodies without an envelope are successes', () => {
		expect(interpretResponse({ statusCode: 200, body: envelope(200, 'SUCCESS') }).kind).toBe('ok');
		expect(interpretResponse({ statusCode: 200, body: { name: 't', status: 'APPROVED' } }).kind).toBe('ok');
		expect(interpretResponse({ statusCode: 200, body: { responseCode: '200' } }).kind).toBe('ok');
	});
	test('401, and 800 Invalid Auth in any status, ask for a new token; other 800s do not', () => {
		expect(interpretResponse({ statusCode: 401, body: '' }).kind).toBe('auth');
		expect(interpretResponse({ statusCode: 200, body: envelope(800, 'Invalid Auth') }).kind).toBe('auth');
		expect(interpretResponse({ statusCode: 400, body: envelope(800, '(#100) Param category must be one of {UTILITY, MARKETING, AUTHENTICATION} - got "X".') }).kind).toBe('error');
	});
	test('429 and 503 are throttling with their Retry-After', () => {
		expect(interpretResponse({ statusCode: 429, headers: { 'retry-after': '3' }, body: '' })).toEqual({ kind: 'throttled', httpStatus: 429, retryAfterMs: 3000 });
		expect(interpretResponse({ statusCode: 503, body: 'down' })).toEqual({ kind: 'throttled', httpStatus: 503, retryAfterMs: null });
	});
	test('an HTTP error without an envelope is a failure with no code', () => {
		expect(interpretResponse({ statusCode: 502, body: '<html>Bad gateway</html>' })).toMatchObject({ kind: 'error', code: null, httpStatus: 502 });
	});
});

test('Retry-After accepts seconds and HTTP dates', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
	expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
	expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeNull();
	expect(retryAfterMs({}, now)).toBeNull();
});

test('retries are bounded by attempts and by total waiting', () => {
	expect(nextRetryDelay(1, null, 0)).toBe(1000);
	expect(nextRetryDelay(2, null, 1000)).toBe(2000);
	expect(nextRetryDelay(1, 7000, 0)).toBe(7000);
	expect(nextRetryDelay(MAX_ATTEMPTS, 0, 0)).toBeNull();
	expect(nextRetryDelay(1, MAX_TOTAL_WAIT_MS + 1, 0)).toBeNull();
	expect(nextRetryDelay(3, 20_000, 45_000)).toBeNull();
});

describe('explainError', () => {
	const documented = [400, 409, 500, 501, 506, 508, 511, 800, 801, 802, 803, 804, 805, 810, 811, 812, 813, 814, 815, 816, 817, 826, 827, 829, 830];
	test('every code of the API document and FACTS.md has its own explanation', () => {
		expect([...EXPLAINED_CODES].sort()).toEqual([...documented].sort());
	});
	test.each(documented)('code %i says what went wrong, how to fix it, and names the code', (code) => {
		const { message, description } = explainError(code, 'server words', 400, {});
		expect(message).toContain(String(code));
		expect(message).not.toMatch(/^Message Central answered with/);
		expect(description.length).toBeGreaterThan(20);
		expect(description).toContain('server words');
	});
	test('804 counts variables when the operation knows both numbers', () => {
		expect(explainError(804, '', 200, { variablesExpected: 3, variablesGiven: 2 }).message).toBe('The template has 3 variables, 2 were given (804)');
	});
	test('the flavours of 800 are told apart', () => {
		expect(explainError(800, '(#100) Param category must be one of {UTILITY, MARKETING, AUTHENTICATION} - got "X".', 400).message).toMatch(/category/);
		expect(explainError(800, "Content can't be added for this language because it is not available for message templates.", 400, { language: 'xx' }).message).toMatch(/language "xx"/);
		expect(explainError(800, "Unsupported get request. Object with ID '1' does not exist", 400, { templateId: '1' }).message).toMatch(/No template with ID "1"/);
		expect(explainError(800, 'Invalid Auth', 401).message).toMatch(/login token/);
	});
	test('unknown codes keep the server message', () => {
		expect(explainError(999, 'Odd thing', 200).message).toBe('Message Central answered with code 999: Odd thing');
		expect(explainError(null, '', 502).message).toBe('Message Central answered with HTTP 502');
	});
});

test('JWT expiry is read from the token, with a minute of margin', () => {
	const jwt = (claims: object) => `eyJhbGciOiJIUzUxMiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
	const now = 1_700_000_000_000;
	expect(isTokenExpired(jwt({ exp: now / 1000 + 3600 }), now)).toBe(false);
	expect(isTokenExpired(jwt({ exp: now / 1000 + 30 }), now)).toBe(true);
	expect(isTokenExpired(jwt({ sub: 'C-1' }), now)).toBe(false);
	expect(isTokenExpired('opaque', now)).toBe(false);
	expect(isTokenExpired('', now)).toBe(true);
});
