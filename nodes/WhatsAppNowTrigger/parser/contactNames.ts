import { asRecord, field, nonBlankText, text } from './read';

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
 * first named contact is used, because Meta documents that `wa_id` may differ
 * from the number the customer writes from.
 */
export function contactNameLookup(contacts: unknown): (from: string | null) => string | null {
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
