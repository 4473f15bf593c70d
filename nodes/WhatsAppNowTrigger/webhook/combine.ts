import { sleep } from 'n8n-workflow';

import type { MessageEvent, WebhookEvent } from '../parser/types';

/**
 * Combine Messages Within: customers write "hi", "I ordered on Monday",
 * "where is it?" within seconds; one run per burst lets an AI agent answer
 * once, to the whole question.
 *
 * A webhook call cannot start a run later on its own, so the delivery that
 * opens a burst keeps its webhook call open: it has already answered 200 (the
 * handler writes the answer before waiting), sleeps until the burst closes and
 * only then returns the run's data. Deliveries that join an open burst return
 * no workflow data at once. n8n 1.x and 2.x both accept this: the node's own
 * answer goes out first, and the run starts whenever webhook() returns
 * (docs/n8n-mechanics.md#a-webhook-call-that-waits).
 *
 * The bursts live in this process's memory only: a restart or a crash while
 * one is open loses its messages, which were answered 200 and are not
 * delivered again; under queue mode, messages of one burst that reach
 * different processes start one run per process.
 */

/** The option's largest value; an expression asking for more gets this. */
export const MAX_COMBINE_SECONDS = 30;
/** A burst closes at the latest this long after its first message, however the customer keeps writing. */
export const BURST_CEILING_MS = 60_000;
/** Beyond these, messages start a run at once rather than grow memory without bound. */
const MAX_OPEN_BURSTS = 10_000;
const MAX_MESSAGES_PER_BURST = 100;

/** One run's item for a burst: the last message's fields, every text, and each message's own item. */
export type CombinedMessage = MessageEvent & { messages: MessageEvent[] };

type Burst = {
	key: string;
	messages: MessageEvent[];
	/** ms */
	first: number;
	deadline: number;
};

export type CombinePlan = {
	/** What this delivery starts without waiting: statuses, errors, messages not held. */
	now: WebhookEvent[];
	/** Bursts this delivery opened: its webhook call waits them out. */
	waits: Burst[];
	/** Messages held in a burst (opened here or by an earlier delivery). */
	held: number;
};

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

/** The option as milliseconds; 0 (off) for anything but a positive number. */
export function combineWindowMs(value: unknown): number {
	const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return 0;
	return Math.round(Math.min(seconds, MAX_COMBINE_SECONDS) * 1000);
}

export function combineMessages(messages: readonly MessageEvent[]): CombinedMessage {
	const last = messages[messages.length - 1];
	// The latest Stop or Resume keyword in the burst is the customer's last word.
	const keyword = [...messages].reverse().find((m) => m.optOut === true || m.optIn === true);
	return {
		...last,
		chatInput: messages.map((message) => message.chatInput).join('\n'),
		messages: [...messages],
		optOut: keyword?.optOut === true,
		optIn: keyword?.optIn === true,
	};
}

export class Conversations {
	/** "<scope> <business number> <customer>" → the burst open for that conversation. */
	private readonly open = new Map<string, Burst>();

	constructor(private readonly clock: Clock = { now: () => Date.now(), sleep }) {}

	/**
	 * Sorts one delivery's events (already filtered and deduplicated) into what
	 * starts now and what is held. Messages are held only when the delivery
	 * carries nothing else, since statuses and errors are never held: a message
	 * that arrives with them joins its customer's open burst if there is one,
	 * else starts at once.
	 */
	plan(scope: string, events: readonly WebhookEvent[], windowMs: number): CombinePlan {
		const now = this.clock.now();
		const holdable = events.every((event) => event.event === 'message');
		const order: Array<WebhookEvent | MessageEvent[]> = [];
		const atOnce = new Map<string, MessageEvent[]>();
		const waits: Burst[] = [];
		let held = 0;
		for (const event of events) {
			if (event.event !== 'message' || event.from === null) {
				order.push(event.event === 'message' ? [event] : event);
				continue;
			}
			const key = `${scope} ${event.phoneNumberId ?? event.displayPhoneNumber ?? ''} ${event.from}`;
			const burst = this.openBurst(key, now);
			if (burst !== undefined) {
				burst.messages.push(event);
				burst.deadline = Math.min(now + windowMs, burst.first + BURST_CEILING_MS);
				// A full burst takes no more; its waiting call still starts it at its deadline.
				if (burst.messages.length >= MAX_MESSAGES_PER_BURST) this.open.delete(key);
				held++;
				continue;
			}
			const group = atOnce.get(key);
			if (group !== undefined) group.push(event);
			else if (!holdable || this.open.size >= MAX_OPEN_BURSTS) {
				const fresh = [event];
				atOnce.set(key, fresh);
				order.push(fresh);
			} else {
				const opened = {
					key,
					messages: [event],
					first: now,
					deadline: now + Math.min(windowMs, BURST_CEILING_MS),
				};
				this.open.set(key, opened);
				waits.push(opened);
				held++;
			}
		}
		return {
			now: order.map((entry) => (Array.isArray(entry) ? combineMessages(entry) : entry)),
			waits,
			held,
		};
	}

	/** Sleeps until each burst closes (its deadline moves while messages join), then combines it. */
	async waitOut(bursts: readonly Burst[]): Promise<CombinedMessage[]> {
		return await Promise.all(bursts.map(async (burst) => await this.waitOne(burst)));
	}

	private async waitOne(burst: Burst): Promise<CombinedMessage> {
		for (let left = burst.deadline - this.clock.now(); left > 0; ) {
			await this.clock.sleep(left);
			left = burst.deadline - this.clock.now();
		}
		if (this.open.get(burst.key) === burst) this.open.delete(burst.key);
		return combineMessages(burst.messages);
	}

	/** The open burst of a conversation; one past its deadline is closed (its call is about to wake). */
	private openBurst(key: string, now: number): Burst | undefined {
		const burst = this.open.get(key);
		if (burst === undefined) return undefined;
		if (burst.deadline > now) return burst;
		this.open.delete(key);
		return undefined;
	}
}

/** The process's bursts, shared by every trigger node (keys carry the workflow and node). */
export const conversations = new Conversations();
