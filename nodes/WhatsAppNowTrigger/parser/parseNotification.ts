/**
 * Pure parsing of WhatsApp (Meta) webhook notifications, whose shape
 * docs/whatsapp.md#webhook-payload describes. No n8n imports, so it is
 * unit-tested and benchmarked on its own; the output shapes are in ./types.
 */
import { buildErrorEvent } from './error';
import { buildMessageEvent } from './message';
import { asRecord, describe, field, nonBlankText, NoteLog, text, type JsonRecord } from './read';
import { buildStatusEvent } from './status';
import type {
	BusinessMetadata,
	ChangeContext,
	ParseOptions,
	ParseResult,
	WebhookEvent,
} from './types';

/** The only `object` a WhatsApp Business Account notification has. */
export const WHATSAPP_OBJECT = 'whatsapp_business_account';

/** Enough to diagnose a bad body without the report outgrowing it. */
export const MAX_SKIPPED_NOTES = 100;

type EventBuilder = (source: JsonRecord, context: ChangeContext) => WebhookEvent;

// Keyed by the value's array names; a Map so payload keys never meet Object.prototype.
const BUILDERS = new Map<string, EventBuilder>([
	['messages', buildMessageEvent],
	['statuses', buildStatusEvent],
	['errors', buildErrorEvent],
]);

/** What one parse accumulates while it walks the body. */
type Walk = { events: WebhookEvent[]; skipped: NoteLog; includeRaw: boolean };

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : describe(error);
}

/**
 * Walks one `value`. The arrays are read in the order their keys appear in the
 * payload, so "payload order" holds even across messages, statuses and errors.
 */
function readValue(value: JsonRecord, path: string, context: ChangeContext, walk: Walk): boolean {
	const { events, skipped } = walk;
	let found = false;
	for (const key of Object.keys(value)) {
		const build = BUILDERS.get(key);
		const list = value[key];
		// A null list means "none", like a missing one.
		if (build === undefined || list === null) continue;
		found = true;
		if (!Array.isArray(list)) {
			skipped.add(`${path}.${key}: expected an array, got ${describe(list)}`);
			continue;
		}
		for (let index = 0; index < list.length; index++) {
			const source = asRecord(list[index]);
			if (source === undefined) {
				skipped.add(`${path}.${key}[${index}]: expected an object, got ${describe(list[index])}`);
				continue;
			}
			try {
				events.push(build(source, context));
			} catch (error) {
				// Unreachable for JSON input; a guard for objects with throwing getters or proxies.
				skipped.add(`${path}.${key}[${index}]: unreadable (${errorText(error)})`);
			}
		}
	}
	return found;
}

// Meta's wa_id has no "+", but relays and hand-written tests sometimes add one.
function waIdKey(id: string): string {
	return id.trim().replace(/^\+/, '');
}

/**
 * Sender names from a change's `contacts[]`. The index is built on first use
 * and only once per change, so a body with thousands of messages and contacts
 * stays linear.
 *
 * A contact whose `wa_id` matches `from` decides the name, even when it has
 * none: another contact's name would be someone else's. Without a match the
 * first named contact is used, because `wa_id` may differ from the number the
 * customer writes from (docs/whatsapp.md#webhook-payload).
 */
function contactNameLookup(contacts: unknown): (from: string | null) => string | null {
	let names: Map<string, string | null> | undefined;
	let firstName: string | null = null;

	const build = (): Map<string, string | null> => {
		const index = new Map<string, string | null>();
		if (!Array.isArray(contacts)) return index;
		for (const element of contacts) {
			const contact = asRecord(element);
			if (contact === undefined) continue;
			const name = nonBlankText(field(asRecord(field(contact, 'profile')), 'name'));
			if (firstName === null) firstName = name;
			const waId = text(field(contact, 'wa_id'));
			if (waId !== null && !index.has(waIdKey(waId))) index.set(waIdKey(waId), name);
		}
		return index;
	};

	return (from) => {
		names ??= build();
		if (from !== null) {
			const key = waIdKey(from);
			if (names.has(key)) return names.get(key) ?? null;
		}
		return firstName;
	};
}

function readChange(
	raw: unknown,
	path: string,
	businessAccountId: string | null,
	walk: Walk,
): void {
	const change = asRecord(raw);
	if (change === undefined) {
		walk.skipped.add(`${path}: expected an object, got ${describe(raw)}`);
		return;
	}
	const rawValue = field(change, 'value');
	const value = asRecord(rawValue);
	if (value === undefined) {
		walk.skipped.add(`${path}.value: expected an object, got ${describe(rawValue)}`);
		return;
	}
	const metadataRecord = asRecord(field(value, 'metadata'));
	const metadata: BusinessMetadata = {
		phoneNumberId: text(field(metadataRecord, 'phone_number_id')),
		displayPhoneNumber: text(field(metadataRecord, 'display_phone_number')),
		businessAccountId,
	};
	const context: ChangeContext = {
		metadata,
		contactName: contactNameLookup(field(value, 'contacts')),
		includeRaw: walk.includeRaw,
	};
	if (!readValue(value, `${path}.value`, context, walk)) {
		// Other subscriptions (e.g. template status updates) share the object name
		// but carry none of these.
		walk.skipped.add(
			`${path}: no messages, statuses or errors (field ${describe(field(change, 'field'))})`,
		);
	}
}

function readEntry(raw: unknown, path: string, walk: Walk): void {
	const entry = asRecord(raw);
	if (entry === undefined) {
		walk.skipped.add(`${path}: expected an object, got ${describe(raw)}`);
		return;
	}
	const businessAccountId = text(field(entry, 'id'));
	const changes = field(entry, 'changes');
	if (!Array.isArray(changes)) {
		walk.skipped.add(`${path}.changes: expected an array, got ${describe(changes)}`);
		return;
	}
	for (let index = 0; index < changes.length; index++) {
		readChange(changes[index], `${path}.changes[${index}]`, businessAccountId, walk);
	}
}

/**
 * Turns a webhook body (already JSON-parsed) into one event per message,
 * status and error object, in payload order.
 *
 * Never throws on the body's shape, and never recurses: it follows the fixed
 * path entry → changes → value → messages/statuses/errors, so nesting depth in
 * the body costs nothing. What it cannot read is listed in `skipped` (per
 * entry, change or object) or in an event's `warnings` (per field).
 *
 * `ok` is false only when the body is not a WhatsApp Business Account
 * notification at all; an empty or partly broken notification is still ok.
 */
export function parseNotification(body: unknown, options: ParseOptions = {}): ParseResult {
	const root = asRecord(body);
	const object = field(root, 'object');
	if (root === undefined || object !== WHATSAPP_OBJECT) {
		const reason =
			root === undefined
				? `body must be a JSON object, got ${describe(body)}`
				: `body.object must be "${WHATSAPP_OBJECT}", got ${describe(object)}`;
		return { ok: false, reason, events: [], skipped: [], skippedCount: 0 };
	}

	const walk: Walk = {
		events: [],
		skipped: new NoteLog(MAX_SKIPPED_NOTES),
		includeRaw: options.includeRaw === true,
	};
	const entries = field(root, 'entry');
	if (!Array.isArray(entries)) {
		walk.skipped.add(`entry: expected an array, got ${describe(entries)}`);
	} else {
		for (let index = 0; index < entries.length; index++) {
			readEntry(entries[index], `entry[${index}]`, walk);
		}
	}
	return {
		ok: true,
		events: walk.events,
		skipped: walk.skipped.list(),
		skippedCount: walk.skipped.total,
	};
}
