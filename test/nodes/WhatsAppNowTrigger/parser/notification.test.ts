import type { IDataObject } from 'n8n-workflow';

import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { MessageEvent, StatusEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import {
	CUSTOMER,
	DISPLAY_NUMBER,
	PHONE_NUMBER_ID,
	V15_ERROR,
	change,
	contact,
	entry,
	notification,
	single,
	status,
	typed,
	value,
} from '../fixtures';
import { ok, only } from './parsed';

describe('parseNotification: envelope', () => {
	it.each([
		['null', null],
		['undefined', undefined],
		['a string', 'whatsapp_business_account'],
		['a number', 42],
		['an array', [{ object: 'whatsapp_business_account', entry: [] }]],
		['a boolean', true],
	])('rejects %s as a body', (_label, body) => {
		const result = parseNotification(body);
		expect(result.ok).toBe(false);
		expect(result.events).toEqual([]);
		if (!result.ok) expect(result.reason).toMatch(/body must be a JSON object/);
	});

	it.each([
		['missing', {}],
		['another subscription', { object: 'page' }],
		['wrong type', { object: ['whatsapp_business_account'] }],
		['wrong case', { object: 'WHATSAPP_BUSINESS_ACCOUNT' }],
	])('rejects an object that is not a WhatsApp notification (%s)', (_label, body) => {
		const result = parseNotification({ ...body, entry: [] });
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.reason).toMatch(/body\.object must be "whatsapp_business_account"/);
	});

	it('keeps the reason short when `object` is a huge string', () => {
		const result = parseNotification({ object: 'x'.repeat(1_000_000) });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason.length).toBeLessThan(200);
	});

	it('accepts a notification without entries and says why nothing came out', () => {
		const result = parseNotification({ object: 'whatsapp_business_account' });
		expect(result).toEqual({
			ok: true,
			events: [],
			skipped: ['entry: expected an array, got nothing'],
			skippedCount: 1,
		});
	});

	it('accepts an empty entry list silently', () => {
		expect(parseNotification(notification([]))).toEqual({
			ok: true,
			events: [],
			skipped: [],
			skippedCount: 0,
		});
	});

	it('notes changes of other subscriptions that carry no messages, statuses or errors', () => {
		const body = notification([
			entry([
				change({ event: 'APPROVED', message_template_id: 1 }, 'message_template_status_update'),
			]),
		]);
		const result = parseNotification(body);
		expect(result.ok && result.events).toEqual([]);
		expect(result.skipped).toEqual([
			'entry[0].changes[0]: no messages, statuses or errors (field the string "message_template_status_update")',
		]);
	});
});

describe('parseNotification: sender name', () => {
	function nameFor(contacts: unknown, from: unknown = CUSTOMER): string | null {
		const body = single({ contacts, messages: [typed('text', { body: 'x' }, { from })] });
		return only<MessageEvent>(body, 'message').name;
	}

	it('takes the contact whose wa_id matches `from`', () => {
		expect(nameFor([contact('911111111111', 'Other'), contact(CUSTOMER, 'Asha')])).toBe('Asha');
	});

	it('matches with or without a leading +', () => {
		expect(nameFor([contact(`+${CUSTOMER}`, 'Asha')])).toBe('Asha');
		expect(nameFor([contact(CUSTOMER, 'Asha')], `+${CUSTOMER}`)).toBe('Asha');
	});

	it('falls back to the first named contact when none matches', () => {
		expect(nameFor([contact('911111111111'), contact('912222222222', 'Bina')])).toBe('Bina');
	});

	it('does not borrow another name when the matching contact has none', () => {
		expect(nameFor([contact('912222222222', 'Bina'), contact(CUSTOMER)])).toBeNull();
	});

	it.each([
		['missing', undefined],
		['empty', []],
		['not an array', { wa_id: CUSTOMER, profile: { name: 'Asha' } }],
		['junk elements', [null, 7, 'x', [], { profile: 'nope' }]],
	])('is null when contacts are %s', (_label, contacts) => {
		expect(nameFor(contacts)).toBeNull();
	});

	it('uses the contacts of the message’s own change', () => {
		const body = notification([
			entry([
				change(
					value({
						contacts: [contact('911', 'First')],
						messages: [typed('text', { body: 'a' }, { from: '911' })],
					}),
				),
				change(
					value({
						contacts: [contact('922', 'Second')],
						messages: [typed('text', { body: 'b' }, { from: '922' })],
					}),
				),
			]),
		]);
		expect(ok(parseNotification(body)).map((event) => (event as MessageEvent).name)).toEqual([
			'First',
			'Second',
		]);
	});
});

describe('parseNotification: several entries and changes', () => {
	const body = notification([
		entry(
			[
				change(
					value({
						contacts: [contact(CUSTOMER, 'Asha')],
						messages: [
							typed('text', { body: 'm1' }, { id: 'm1' }),
							typed('text', { body: 'm2' }, { id: 'm2' }),
						],
						statuses: [status('sent', { id: 's1' })],
					}),
				),
				change(
					value(
						{ statuses: [status('delivered', { id: 's2' })] },
						{ phone_number_id: 'PN2', display_phone_number: '15550002222' },
					),
				),
			],
			'WABA-A',
		),
		entry(
			[
				change(
					value(
						{ errors: [V15_ERROR], messages: [typed('text', { body: 'm3' }, { id: 'm3' })] },
						{ phone_number_id: 'PN3' },
					),
				),
			],
			'WABA-B',
		),
	]);

	it('emits one event per object in payload order', () => {
		const ids = ok(parseNotification(body)).map((event) =>
			event.event === 'error' ? `error:${event.code}` : event.messageId,
		);
		// Within the last value, `errors` comes before `messages` in the payload, so it is emitted first.
		expect(ids).toEqual(['m1', 'm2', 's1', 's2', 'error:130429', 'm3']);
	});

	it('carries each change’s metadata and each entry’s account id', () => {
		const metadata = ok(parseNotification(body)).map(
			({ phoneNumberId, displayPhoneNumber, businessAccountId }) => [
				phoneNumberId,
				displayPhoneNumber,
				businessAccountId,
			],
		);
		expect(metadata).toEqual([
			[PHONE_NUMBER_ID, DISPLAY_NUMBER, 'WABA-A'],
			[PHONE_NUMBER_ID, DISPLAY_NUMBER, 'WABA-A'],
			[PHONE_NUMBER_ID, DISPLAY_NUMBER, 'WABA-A'],
			['PN2', '15550002222', 'WABA-A'],
			['PN3', null, 'WABA-B'],
			['PN3', null, 'WABA-B'],
		]);
	});

	it('reads metadata given as numbers, and tolerates missing metadata', () => {
		const numeric = only<StatusEvent>(
			notification([
				entry(
					[
						change(
							value(
								{ statuses: [status('sent')] },
								{ phone_number_id: 106540352242922, display_phone_number: 15550783881 },
							),
						),
					],
					102290129340398,
				),
			]),
			'status',
		);
		expect([numeric.phoneNumberId, numeric.displayPhoneNumber, numeric.businessAccountId]).toEqual([
			'106540352242922',
			'15550783881',
			'102290129340398',
		]);
		const bare = only<StatusEvent>(
			notification([{ changes: [{ value: { statuses: [status('sent')] } }] }]),
			'status',
		);
		expect([bare.phoneNumberId, bare.displayPhoneNumber, bare.businessAccountId]).toEqual([
			null,
			null,
			null,
		]);
	});
});

describe('includeRaw', () => {
	const msg = typed('text', { body: 'hi' });
	const st = status('sent');
	const err = { ...V15_ERROR };
	const body = single({
		contacts: [contact(CUSTOMER, 'Asha')],
		messages: [msg],
		statuses: [st],
		errors: [err],
	});

	it('is off by default', () => {
		for (const event of ok(parseNotification(body))) expect(event).not.toHaveProperty('raw');
	});

	it('adds the untouched source object of each event, last', () => {
		const events = ok(parseNotification(body, { includeRaw: true }));
		expect(events.map((event) => event.raw)).toEqual([msg, st, err]);
		expect(events[0].raw).toBe(msg);
		expect(events[1].raw).toBe(st);
		expect(events[2].raw).toBe(err);
		for (const event of events) expect(Object.keys(event).at(-1)).toBe('raw');
	});

	it('does not change the body', () => {
		const before = JSON.stringify(body);
		parseNotification(body, { includeRaw: true });
		expect(JSON.stringify(body)).toBe(before);
	});
});

describe('n8n compatibility', () => {
	it('produces items n8n can carry as IDataObject', () => {
		const events = ok(
			parseNotification(
				single({
					messages: [typed('text', { body: 'hi' })],
					statuses: [status('read')],
					errors: [V15_ERROR],
				}),
				{ includeRaw: true },
			),
		);
		// Compile-time check: the node can hand events to n8n without casting.
		const items: IDataObject[] = events;
		expect(JSON.parse(JSON.stringify(items))).toEqual(items);
	});
});
