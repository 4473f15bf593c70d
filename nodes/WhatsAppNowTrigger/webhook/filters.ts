import { EVENT_KINDS, STATUS_KINDS, type EventKind, type WebhookEvent } from '../parser/types';

/**
 * The trigger's `events` and `statuses` parameters. Plain string lists, as
 * n8n hands them over; unknown values simply match nothing.
 */
export type EventSelection = {
	events?: readonly string[];
	statuses?: readonly string[];
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

/** A predicate for `Array#filter`, with the selection's sets built once. */
export function eventFilter(selection: EventSelection): (event: WebhookEvent) => boolean {
	const kinds = filterSet(selection.events, EVENT_KINDS);
	const statuses = filterSet(selection.statuses, STATUS_KINDS);
	return (event) => {
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
