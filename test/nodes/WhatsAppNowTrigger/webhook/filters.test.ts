import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { StatusEvent, WebhookEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import {
	businessNumberList,
	selectEvents,
} from '../../../../nodes/WhatsAppNowTrigger/webhook/filters';
import {
	DISPLAY_NUMBER,
	PHONE_NUMBER_ID,
	V15_ERROR,
	change,
	entry,
	notification,
	single,
	status,
	typed,
	value,
} from '../fixtures';
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

describe('business numbers', () => {
	const OTHER = { display_phone_number: '+91 98765 00000', phone_number_id: '200000000000001' };
	const events = ok(
		parseNotification(
			notification([
				entry([
					change(value({ statuses: [status('sent', { id: 'ours' })] })),
					change(value({ statuses: [status('sent', { id: 'theirs' })] }, OTHER)),
					change(value({ errors: [V15_ERROR] }, {})),
				]),
			]),
		),
	);
	const ids = (selected: WebhookEvent[]) =>
		selected.map((e) => (e.event === 'status' ? e.messageId : e.event));

	it('empty means every number', () => {
		expect(ids(events)).toEqual(['ours', 'theirs', 'error']);
		expect(selectEvents(events, { businessNumbers: [] })).toEqual(events);
		expect(selectEvents(events, {})).toEqual(events);
	});

	it('matches the display number by digits only, or the phone-number ID', () => {
		expect(ids(selectEvents(events, { businessNumbers: [DISPLAY_NUMBER] }))).toEqual(['ours']);
		expect(ids(selectEvents(events, { businessNumbers: ['+1 555-078-3881'] }))).toEqual(['ours']);
		expect(ids(selectEvents(events, { businessNumbers: [PHONE_NUMBER_ID] }))).toEqual(['ours']);
		expect(ids(selectEvents(events, { businessNumbers: ['919876500000'] }))).toEqual(['theirs']);
		expect(
			ids(selectEvents(events, { businessNumbers: [PHONE_NUMBER_ID, '200000000000001'] })),
		).toEqual(['ours', 'theirs']);
	});

	it('an event without business metadata, or a list of non-numbers, matches nothing', () => {
		expect(ids(selectEvents(events, { businessNumbers: ['15550783881'] }))).not.toContain('error');
		expect(selectEvents(events, { businessNumbers: ['main line'] })).toEqual([]);
	});

	it('combines with the event and status filters', () => {
		expect(
			selectEvents(events, { businessNumbers: [DISPLAY_NUMBER], statuses: ['delivered'] }),
		).toEqual([]);
	});

	it('reads a comma-, semicolon- or line-separated string, or a list from an expression', () => {
		expect(businessNumberList('+1 555-078-3881, 106540352242922;919876500000\n')).toEqual([
			'+1 555-078-3881',
			'106540352242922',
			'919876500000',
		]);
		expect(businessNumberList(['15550783881', 919876500000, ' ', null])).toEqual([
			'15550783881',
			'919876500000',
		]);
		expect(businessNumberList('')).toEqual([]);
		expect(businessNumberList(undefined)).toEqual([]);
	});
});
