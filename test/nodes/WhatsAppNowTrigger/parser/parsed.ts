/** What the parser tests share: parse a body and insist on the events that came out. */
import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type {
	MessageEvent,
	ParseResult,
	StatusEvent,
	WebhookEvent,
} from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import { DISPLAY_NUMBER, PHONE_NUMBER_ID, WABA_ID, inbound, single, type Json } from '../fixtures';

export const METADATA = {
	phoneNumberId: PHONE_NUMBER_ID,
	displayPhoneNumber: DISPLAY_NUMBER,
	businessAccountId: WABA_ID,
};

export function ok(result: ParseResult): WebhookEvent[] {
	if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
	return result.events;
}

export function only<T extends WebhookEvent>(body: unknown, kind: T['event']): T {
	const events = ok(parseNotification(body));
	expect(events).toHaveLength(1);
	expect(events[0].event).toBe(kind);
	return events[0] as T;
}

export function onlyMessage(msg: Json): MessageEvent {
	return only<MessageEvent>(inbound(msg), 'message');
}

export function onlyStatus(st: Json): StatusEvent {
	return only<StatusEvent>(single({ statuses: [st] }), 'status');
}
