import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { StatusEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import {
	CONVERSATION,
	CUSTOMER,
	PRICING,
	TS_ISO,
	V15_ERROR,
	V16_ERROR,
	single,
	status,
} from '../fixtures';
import { METADATA, ok, onlyStatus } from './parsed';

describe('parseNotification: statuses', () => {
	it('builds a sent status with conversation and pricing', () => {
		const event = onlyStatus(
			status('sent', {
				conversation: CONVERSATION,
				pricing: PRICING,
				biz_opaque_callback_data: 'order-77',
			}),
		);
		expect(event).toEqual({
			event: 'status',
			messageId: 'wamid.out.1',
			status: 'sent',
			recipientId: CUSTOMER,
			timestamp: TS_ISO,
			conversation: {
				id: 'conv-1',
				originType: 'marketing',
				expirationTimestamp: '2023-11-15T22:13:20.000Z',
			},
			pricing: { billable: true, pricingModel: 'CBP', category: 'marketing', type: null },
			errors: [],
			...METADATA,
			bizOpaqueCallbackData: 'order-77',
		});
	});

	it.each(['delivered', 'read', 'deleted'])('builds a %s status', (value) => {
		const event = onlyStatus(status(value));
		expect(event.status).toBe(value);
		expect(event.conversation).toBeNull();
		expect(event.pricing).toBeNull();
		expect(event.errors).toEqual([]);
		expect(event.warnings).toBeUndefined();
	});

	it('builds a failed status with normalised v16 errors', () => {
		const event = onlyStatus(status('failed', { errors: [V16_ERROR] }));
		expect(event.status).toBe('failed');
		expect(event.errors).toEqual([
			{
				code: 131047,
				title: 'Re-engagement message',
				message: 'Re-engagement message',
				details: V16_ERROR.error_data.details,
				hint: 'More than 24 hours have passed since the customer last wrote: send a template instead of a free-form message.',
			},
		]);
	});

	it('normalises v15 errors (code and title only)', () => {
		const event = onlyStatus(status('failed', { errors: [V15_ERROR] }));
		expect(event.errors).toEqual([
			{
				code: 130429,
				title: 'Rate limit hit',
				message: 'Rate limit hit',
				details: null,
				hint: 'The business number sent too fast: lower the send rate and try again later.',
			},
		]);
	});

	it('keeps statuses in payload order, even when read comes without delivered', () => {
		const body = single({
			statuses: [
				status('read', { id: 'w1' }),
				status('sent', { id: 'w2' }),
				status('failed', { id: 'w3', errors: [V15_ERROR] }),
			],
		});
		expect(
			ok(parseNotification(body)).map((event) => [
				(event as StatusEvent).messageId,
				(event as StatusEvent).status,
			]),
		).toEqual([
			['w1', 'read'],
			['w2', 'sent'],
			['w3', 'failed'],
		]);
	});
});
