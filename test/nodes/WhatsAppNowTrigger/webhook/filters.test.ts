import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { StatusEvent, WebhookEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import { selectEvents } from '../../../../nodes/WhatsAppNowTrigger/webhook/filters';
import { V15_ERROR, single, status, typed } from '../fixtures';
import { ok } from '../parser/parsed';

describe('selectEvents', () => {
	const events = ok(
		parseNotification(
			single({
				messages: [typed('text', { body: 'hi' })],
				statuses: ['sent', 'delivered', 'read', 'failed', 'deleted', 'READ', 'pending'].map(
					(value) => status(value, { id: value }),
				),
				errors: [V15_ERROR],
			}),
		),
	);
	const statusesOf = (selected: WebhookEvent[]) =>
		selected.filter((e): e is StatusEvent => e.event === 'status').map((e) => e.status);

	it('keeps everything with no selection, an empty one, or one naming every value', () => {
		expect(selectEvents(events, {})).toEqual(events);
		expect(selectEvents(events, { events: [], statuses: [] })).toEqual(events);
		expect(
			selectEvents(events, {
				events: ['messages', 'statuses', 'errors'],
				statuses: ['sent', 'delivered', 'read', 'failed', 'deleted'],
			}),
		).toEqual(events);
	});

	it('selects event kinds', () => {
		expect(selectEvents(events, { events: ['messages'] }).map((e) => e.event)).toEqual(['message']);
		expect(selectEvents(events, { events: ['errors', 'messages'] }).map((e) => e.event)).toEqual([
			'message',
			'error',
		]);
		expect(selectEvents(events, { events: ['statuses'] })).toHaveLength(7);
	});

	it('selects status values, case-insensitively, leaving messages and errors alone', () => {
		const selected = selectEvents(events, { statuses: ['read', 'failed'] });
		expect(statusesOf(selected)).toEqual(['read', 'failed', 'READ']);
		expect(selected.map((e) => e.event)).toEqual([
			'message',
			'status',
			'status',
			'status',
			'error',
		]);
	});

	it('combines both selections', () => {
		const selected = selectEvents(events, { events: ['statuses'], statuses: ['deleted'] });
		expect(statusesOf(selected)).toEqual(['deleted']);
		expect(selected).toHaveLength(1);
	});

	it('matches nothing for unknown selection values', () => {
		expect(selectEvents(events, { events: ['calls'] })).toEqual([]);
		expect(statusesOf(selectEvents(events, { statuses: ['warning'] }))).toEqual([]);
	});
});
