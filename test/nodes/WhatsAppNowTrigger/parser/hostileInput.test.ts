import {
	MAX_SKIPPED_NOTES,
	parseNotification,
} from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { MessageEvent, StatusEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import {
	CONVERSATION,
	CUSTOMER,
	PRICING,
	TS,
	TS_ISO,
	change,
	contact,
	deepObject,
	entry,
	notification,
	single,
	status,
	typed,
	value,
	type Json,
} from '../fixtures';
import { ok, only, onlyMessage, onlyStatus } from './parsed';

describe('hostile input', () => {
	it('skips unreadable entries, changes, values and objects, and says where', () => {
		const body = notification([
			null,
			42,
			'entry',
			[],
			entry('changes' as unknown as unknown[]),
			entry([
				null,
				change([]),
				change(value({ messages: { id: 'not a list' }, statuses: [null, 7, [], status('read')] })),
			]),
		]);
		const result = parseNotification(body);
		expect(ok(result).map((event) => event.event)).toEqual(['status']);
		expect(result.skipped).toEqual([
			'entry[0]: expected an object, got null',
			'entry[1]: expected an object, got a number',
			'entry[2]: expected an object, got the string "entry"',
			'entry[3]: expected an object, got an array',
			'entry[4].changes: expected an array, got the string "changes"',
			'entry[5].changes[0]: expected an object, got null',
			'entry[5].changes[1].value: expected an object, got an array',
			'entry[5].changes[2].value.messages: expected an array, got an object',
			'entry[5].changes[2].value.statuses[0]: expected an object, got null',
			'entry[5].changes[2].value.statuses[1]: expected an object, got a number',
			'entry[5].changes[2].value.statuses[2]: expected an object, got an array',
		]);
		expect(result.skippedCount).toBe(11);
	});

	it('treats null lists as empty', () => {
		const result = parseNotification(
			single({ messages: null, statuses: [status('read')], errors: null }),
		);
		expect(ok(result)).toHaveLength(1);
		expect(result.skipped).toEqual([]);
	});

	it('turns an empty object into an event full of nulls that explains itself', () => {
		const event = only<MessageEvent>(single({ messages: [{}] }), 'message');
		expect(event).toMatchObject({
			messageId: null,
			from: null,
			type: null,
			text: null,
			timestamp: null,
			name: null,
		});
		expect(event.warnings).toEqual([
			'id: expected a string, got nothing',
			'from: expected a string, got nothing',
			'type: expected a string, got nothing',
			'timestamp: expected unix seconds, got nothing',
		]);
		const st = only<StatusEvent>(single({ statuses: [{}] }), 'status');
		expect(st.warnings).toHaveLength(4);
	});

	it('accepts numbers where strings are expected, and reads numeric timestamps', () => {
		const event = onlyMessage({
			from: 919876543210,
			id: 12345,
			timestamp: 1700000000,
			type: 'text',
			text: { body: 42 },
		});
		expect(event).toMatchObject({
			from: '919876543210',
			messageId: '12345',
			timestamp: TS_ISO,
			text: '42',
			name: 'Asha',
		});
		expect(event.warnings).toBeUndefined();
	});

	it('reads millisecond and ISO timestamps, and nulls the unreadable ones without throwing', () => {
		const at = (timestamp: unknown) => onlyStatus(status('read', { timestamp })).timestamp;
		expect(at(1700000000000)).toBe(TS_ISO);
		expect(at('2023-11-14T22:13:20Z')).toBe(TS_ISO);
		expect(at(' 1700000000 ')).toBe(TS_ISO);
		for (const junk of [
			1e20,
			-5,
			Number.NaN,
			'yesterday',
			'0x10',
			'1e9',
			{},
			[],
			true,
			'x'.repeat(10_000),
		]) {
			expect(at(junk)).toBeNull();
		}
		expect(onlyStatus(status('read', { timestamp: 1e20 })).warnings).toEqual([
			'timestamp: expected unix seconds, got a number',
		]);
	});

	it('reads wrongly typed parts as absent, with warnings', () => {
		const event = onlyMessage({
			from: CUSTOMER,
			id: 'w',
			timestamp: TS,
			type: 'image',
			image: ['not', 'an', 'object'],
			context: 'reply',
			errors: { code: 1 },
			referral: 'ad',
		});
		expect(event.media).toBeNull();
		expect(event.context).toBeNull();
		expect(event.errors).toEqual([]);
		expect(event.referral).toBeUndefined();
		expect(event.warnings).toEqual([
			'image: expected an object, got an array',
			'referral: expected an object, got the string "ad"',
			'errors: expected an array, got an object',
			'context: expected an object, got the string "reply"',
		]);
	});

	it('reads a status whose conversation, pricing and errors are junk', () => {
		const event = onlyStatus(
			status('failed', { conversation: [], pricing: 'CBP', errors: [null, 'x', { code: 'abc' }] }),
		);
		expect(event.conversation).toBeNull();
		expect(event.pricing).toBeNull();
		expect(event.errors).toEqual([
			{ code: null, title: null, message: null, details: null, hint: null },
		]);
		expect(event.warnings).toEqual([
			'conversation: expected an object, got an array',
			'pricing: expected an object, got the string "CBP"',
			'errors[0]: expected an object, got null',
			'errors[1]: expected an object, got the string "x"',
			'errors[2].code: expected a number, got the string "abc"',
			'errors[2].title: expected a string, got nothing',
		]);
	});

	it('caps warnings per event', () => {
		const event = onlyStatus(
			status('failed', { errors: Array.from({ length: 5000 }, () => null) }),
		);
		expect(event.errors).toEqual([]);
		expect(event.warnings).toHaveLength(11);
		expect(event.warnings?.at(-1)).toBe('…and 4990 more');
	});

	it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
		'does not reach Object.prototype for a message of type %j',
		(type) => {
			const event = onlyMessage(
				JSON.parse(`{"from":"1","id":"w","timestamp":"${TS}","type":"${type}"}`),
			);
			expect(event.type).toBe(type);
			expect(event.text).toBeNull();
			expect(event.media).toBeNull();
		},
	);

	it('does not let payload keys pollute prototypes', () => {
		const body = JSON.parse(
			`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"__proto__":{"polluted":true},"messages":[{"__proto__":{"x":1},"type":"interactive","interactive":{"type":"__proto__"}}]}}]}]}`,
		);
		const events = ok(parseNotification(body));
		expect(events).toHaveLength(1);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect((events[0] as MessageEvent).interactive).toMatchObject({
			type: '__proto__',
			id: null,
			title: null,
		});
	});

	it('survives objects whose getters throw', () => {
		const evil = typed('text', { body: 'x' });
		Object.defineProperty(evil, 'from', {
			enumerable: true,
			get() {
				throw new Error('boom');
			},
		});
		const result = parseNotification(single({ messages: [evil, typed('text', { body: 'fine' })] }));
		expect(ok(result).map((event) => (event as MessageEvent).text)).toEqual(['fine']);
		expect(result.skipped).toEqual(['entry[0].changes[0].value.messages[0]: unreadable (boom)']);
	});

	describe('deep nesting (10,000 levels)', () => {
		const DEPTH = 10_000;
		const deepArrayText = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

		it('as the entry list, a change and a value', () => {
			const body = JSON.parse(
				`{"object":"whatsapp_business_account","entry":[${deepArrayText},{"changes":[${deepArrayText},{"value":${deepArrayText}}]}]}`,
			);
			const result = parseNotification(body);
			expect(ok(result)).toEqual([]);
			expect(result.skippedCount).toBe(3);
		});

		it('inside fields the parser reads', () => {
			const deep = deepObject(DEPTH);
			const msg = {
				from: deep,
				id: 'w',
				timestamp: deep,
				type: 'interactive',
				interactive: { type: 'nfm_reply', nfm_reply: deep },
				context: deep,
				errors: [deep],
			};
			const st = status('read', { conversation: deep, pricing: deep, errors: [deep] });
			const body = single({
				contacts: [deep, { profile: deep, wa_id: deep }],
				messages: [msg],
				statuses: [st],
				errors: [deep],
			});
			const events = ok(parseNotification(body, { includeRaw: true }));
			expect(events.map((event) => event.event)).toEqual(['message', 'status', 'error']);
			expect(events[0]).toMatchObject({
				messageId: 'w',
				from: null,
				timestamp: null,
				text: null,
				context: { from: null, id: null },
			});
			expect(events[0].raw).toBe(msg);
			expect((events[1] as StatusEvent).conversation).toEqual({
				id: null,
				originType: null,
				expirationTimestamp: null,
			});
		});

		it('at 100,000 levels built without JSON', () => {
			const deep = deepObject(100_000);
			expect(() =>
				parseNotification({ object: 'whatsapp_business_account', entry: [deep], deep }),
			).not.toThrow();
			expect(() => parseNotification(deep)).not.toThrow();
		});
	});

	describe('huge bodies', () => {
		// How fast is measured by `npm run bench:trigger` (bench/trigger-parse.bench.ts), not here:
		// a timed assertion fails on a busy machine without any fault in the code.
		it('parses a 10 MB body of real statuses and messages, every event of it', () => {
			const entries: Json[] = [];
			for (let index = 0; index < 10_000; index++) {
				entries.push(
					entry(
						[
							change(
								value({
									contacts: [contact(CUSTOMER, `Customer ${index}`)],
									messages: [
										typed(
											'text',
											{ body: `message ${index} ${'lorem ipsum '.repeat(40)}` },
											{ id: `m${index}` },
										),
									],
									statuses: [
										status('delivered', {
											id: `s${index}`,
											conversation: CONVERSATION,
											pricing: PRICING,
										}),
									],
								}),
							),
						],
						`WABA-${index}`,
					),
				);
			}
			const raw = JSON.stringify(notification(entries));
			expect(raw.length).toBeGreaterThan(10_000_000);
			const result = parseNotification(JSON.parse(raw));
			const events = ok(result);
			expect(events).toHaveLength(20_000);
			expect(result.skipped).toEqual([]);
			expect((events[19_998] as MessageEvent).name).toBe('Customer 9999');
			expect(events[19_999].businessAccountId).toBe('WABA-9999');
		});

		it('caps the skipped list for a 10 MB body of junk', () => {
			const junk = Array.from({ length: 2_000_000 }, (_, index) => (index % 2 === 0 ? 1 : null));
			const body = JSON.parse(JSON.stringify(notification(junk)));
			expect(JSON.stringify(body).length).toBeGreaterThan(7_000_000);
			const result = parseNotification(body);
			expect(ok(result)).toEqual([]);
			expect(result.skippedCount).toBe(2_000_000);
			expect(result.skipped).toHaveLength(MAX_SKIPPED_NOTES + 1);
			expect(result.skipped.at(-1)).toBe(`…and ${2_000_000 - MAX_SKIPPED_NOTES} more`);
		});

		it('passes a huge text through without slowing down', () => {
			const body = 'x'.repeat(10_000_000);
			const event = onlyMessage(typed('text', { body }));
			expect(event.text).toHaveLength(10_000_000);
		});
	});
});
