import {
	describeNetworkError,
	failedBeforeSending,
} from '../../../../nodes/WhatsAppNow/transport/network';

const failure = (code: string) => Object.assign(new Error('x'), { code });

describe('network failures: before or after the request left', () => {
	test.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED'])(
		'%s: nothing can have been sent',
		(code) => {
			expect(failedBeforeSending(failure(code))).toBe(true);
		},
	);

	test.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ESOMETHINGNEW', ''])(
		'%j: it may have been carried out',
		(code) => {
			expect(failedBeforeSending(failure(code))).toBe(false);
		},
	);

	test('in words, never the code (n8n rewrites messages holding a known code)', () => {
		expect(describeNetworkError(failure('ECONNREFUSED'))).toBe('connection refused');
		expect(describeNetworkError(failure('ECONNRESET'))).toBe('connection reset');
		expect(describeNetworkError(failure('ERR_SOMETHING_ODD'))).toBe('err something odd');
		expect(describeNetworkError({})).toBe('no answer');
	});
});
