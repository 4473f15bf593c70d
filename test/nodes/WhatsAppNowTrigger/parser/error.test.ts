import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { ErrorEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import { V15_ERROR, V16_ERROR, single } from '../fixtures';
import { METADATA, ok, only } from './parsed';

describe('parseNotification: value-level errors', () => {
	it('builds an error item from a v15 error', () => {
		const event = only<ErrorEvent>(single({ errors: [V15_ERROR] }), 'error');
		expect(event).toEqual({
			event: 'error',
			code: 130429,
			title: 'Rate limit hit',
			message: 'Rate limit hit',
			details: null,
			hint: 'The business number sent too fast: lower the send rate and try again later.',
			...METADATA,
		});
	});

	it('builds an error item from a v16 error with error_data', () => {
		const event = only<ErrorEvent>(single({ errors: [V16_ERROR] }), 'error');
		expect(event).toEqual({
			event: 'error',
			code: 131047,
			title: 'Re-engagement message',
			message: 'Re-engagement message',
			details: V16_ERROR.error_data.details,
			hint: expect.stringMatching(/^More than 24 hours .*send a template instead/),
			...METADATA,
		});
	});

	it('accepts a numeric-string code and warns about a missing one', () => {
		const events = ok(
			parseNotification(
				single({ errors: [{ code: '130429', title: 'Rate limit hit' }, { title: 'No code' }] }),
			),
		);
		expect((events[0] as ErrorEvent).code).toBe(130429);
		expect((events[1] as ErrorEvent).code).toBeNull();
		expect(events[1].warnings).toEqual(['code: expected a number, got nothing']);
	});
});
