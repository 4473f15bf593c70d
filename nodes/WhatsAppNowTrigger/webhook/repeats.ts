import type { WebhookEvent } from '../parser/types';

/**
 * Message Central delivers an event again when it did not get a 200 in time,
 * so one customer message may arrive twice; started twice, an AI agent would
 * answer twice. Events are remembered for ten minutes after they started a
 * workflow, per workflow and trigger node (scope.ts), in this process only: queue mode's webhook
 * processors share no memory, so a repeat that lands on another process
 * starts a run: route the trigger's path to one webhook processor
 * (docs/queue-mode.md#route-the-trigger-to-one-webhook-processor).
 */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** A ceiling on memory whatever the traffic: the oldest are forgotten first. */
const MAX_REMEMBERED = 50_000;

/** "<scope> <event key>" → when it first started a workflow (ms). Insertion order is age order. */
const started = new Map<string, number>();

/** What makes two events the same delivery: a message by its id, a status by its id and value. */
function eventKey(event: WebhookEvent): string | undefined {
	if (event.event === 'message' && event.messageId) return `message ${event.messageId}`;
	if (event.event === 'status' && event.messageId && event.status) {
		return `status ${event.messageId} ${event.status}`;
	}
	return undefined; // account errors carry no id: never held back
}

/**
 * The events that have not started a workflow of this scope (a workflow's trigger node)
 * within the window, remembering them; events without an id always pass. A
 * repeat inside one delivery counts as a repeat too.
 */
export function dropRepeats(
	scope: string,
	events: readonly WebhookEvent[],
	now = Date.now(),
): { fresh: WebhookEvent[]; repeated: number } {
	forgetOld(now);
	const fresh: WebhookEvent[] = [];
	for (const event of events) {
		const key = eventKey(event);
		if (key === undefined) {
			fresh.push(event);
			continue;
		}
		const remembered = `${scope} ${key}`;
		if (started.has(remembered)) continue;
		started.set(remembered, now);
		fresh.push(event);
	}
	return { fresh, repeated: events.length - fresh.length };
}

function forgetOld(now: number) {
	for (const [key, at] of started) {
		if (now - at < REPEAT_WINDOW_MS && started.size <= MAX_REMEMBERED) break;
		started.delete(key);
	}
}

/** For tests: forget everything. */
export function forgetRepeats() {
	started.clear();
}
