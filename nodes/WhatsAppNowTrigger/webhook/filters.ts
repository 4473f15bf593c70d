import { EVENT_KINDS, STATUS_KINDS, type EventKind, type WebhookEvent } from '../parser/types';

/**
 * The trigger's `events` and `statuses` parameters. Plain string lists, as
 * n8n hands them over; unknown values simply match nothing.
 */
export type EventSelection = {
	events?: readonly string[];
	statuses?: readonly string[];
	/** `options.businessNumbers`: display numbers or phone-number IDs; empty means all. */
	businessNumbers?: readonly string[];
};

const KIND_OF_EVENT: Record<WebhookEvent['event'], EventKind> = {
	message: 'messages',
	status: 'statuses',
	error: 'errors',
};

/**
 * An empty selection means "no filter", as does one that names every known
 * value: a user who ticked every status also wants any status Meta adds later.
 */
function filterSet(
	selection: readonly string[] | undefined,
	known: readonly string[],
): Set<string> | undefined {
	if (selection === undefined || selection.length === 0) return undefined;
	const chosen = new Set(selection.map((value) => value.toLowerCase()));
	return known.every((value) => chosen.has(value)) ? undefined : chosen;
}

const digitsOf = (value: string | null | undefined) => String(value ?? '').replace(/\D/g, '');

/**
 * `options.businessNumbers` as a list: one string of values separated by
 * commas, semicolons or line breaks (spaces stay, since "+1 555-078-3881" is
 * one number), or an array from an expression. Blank entries are dropped.
 */
export function businessNumberList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
	return entries
		.flatMap((entry) =>
			typeof entry === 'string' || typeof entry === 'number' ? String(entry).split(/[,;\n\r]/) : [],
		)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/**
 * Digits only on both sides, so "+1 555-078-3881" matches Meta's
 * "15550783881". An entry with no digit matches nothing.
 */
function businessNumberSet(selection: readonly string[] | undefined): Set<string> | undefined {
	if (selection === undefined || selection.length === 0) return undefined;
	return new Set(selection.map(digitsOf));
}

/** A predicate for `Array#filter`, with the selection's sets built once. */
export function eventFilter(selection: EventSelection): (event: WebhookEvent) => boolean {
	const kinds = filterSet(selection.events, EVENT_KINDS);
	const statuses = filterSet(selection.statuses, STATUS_KINDS);
	const numbers = businessNumberSet(selection.businessNumbers);
	return (event) => {
		if (numbers !== undefined) {
			const id = digitsOf(event.phoneNumberId);
			const display = digitsOf(event.displayPhoneNumber);
			if (!(id !== '' && numbers.has(id)) && !(display !== '' && numbers.has(display)))
				return false;
		}
		if (kinds !== undefined && !kinds.has(KIND_OF_EVENT[event.event])) return false;
		if (event.event !== 'status' || statuses === undefined) return true;
		// Statuses are lower case in Meta's payloads; compare the same way whatever a relay sends.
		return event.status !== null && statuses.has(event.status.toLowerCase());
	};
}

/** The events the trigger's parameters ask for, order kept. */
export function selectEvents(
	events: readonly WebhookEvent[],
	selection: EventSelection,
): WebhookEvent[] {
	return events.filter(eventFilter(selection));
}
