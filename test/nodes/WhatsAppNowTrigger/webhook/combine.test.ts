import { parseNotification } from '../../../../nodes/WhatsAppNowTrigger/parser/parseNotification';
import type { MessageEvent, WebhookEvent } from '../../../../nodes/WhatsAppNowTrigger/parser/types';
import {
	BURST_CEILING_MS,
	combineWindowMs,
	Conversations,
	type CombinedMessage,
	type CombinePlan,
	type Clock,
} from '../../../../nodes/WhatsAppNowTrigger/webhook/combine';
import { markOptOuts, keywordSet } from '../../../../nodes/WhatsAppNowTrigger/webhook/optOut';
import { message, single, status, typed, V15_ERROR } from '../fixtures';
import { ok, onlyMessage } from '../parser/parsed';

/**
 * The burst rules with a clock the test moves: no real waiting, so the
 * window's restart and the ceiling are checked to the millisecond.
 */
class TestClock implements Clock {
	private time = 1_000_000;

	private sleepers: Array<{ until: number; wake: () => void }> = [];

	now = () => this.time;

	sleep = async (ms: number) =>
		await new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));

	/** Moves the clock and wakes the sleepers that are due, letting their calls run on. */
	async advance(ms: number): Promise<void> {
		this.time += ms;
		const due = this.sleepers.filter((sleeper) => sleeper.until <= this.time);
		this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.time);
		for (const sleeper of due) sleeper.wake();
		await new Promise((resolve) => setImmediate(resolve));
	}
}

const SCOPE = 'workflow-1 node-1 webhook';
const WINDOW = 5_000;

function text(body: string, from = '919876543210'): MessageEvent {
	return onlyMessage(typed('text', { body }, { from }));
}

/** A delivery's plan and, when it opened bursts, the run it starts once they close. */
function deliver(conversations: Conversations, events: WebhookEvent[]) {
	const plan: CombinePlan = conversations.plan(SCOPE, events, WINDOW);
	let run: CombinedMessage[] | undefined;
	const done = conversations.waitOut(plan.waits).then((items) => (run = items));
	return { plan, done, run: () => run };
}

describe('Conversations', () => {
	let clock: TestClock;
	let conversations: Conversations;

	beforeEach(() => {
		clock = new TestClock();
		conversations = new Conversations(clock);
	});

	test('messages within the window start one run when the window after the last one ends', async () => {
		const first = deliver(conversations, [text('hi')]);
		await clock.advance(4_000);
		const second = deliver(conversations, [text('I ordered on Monday')]);
		await clock.advance(4_000); // 8 s after the first: past its own window, not past the second's
		const third = deliver(conversations, [text('where is it?')]);
		expect([first.plan.held, second.plan.held, third.plan.held]).toEqual([1, 1, 1]);
		// Only the delivery that opened the burst waits; the others start nothing.
		expect(first.plan.waits).toHaveLength(1);
		expect(second.plan.waits).toHaveLength(0);
		expect(third.plan.waits).toHaveLength(0);
		expect([second.plan.now, third.plan.now]).toEqual([[], []]);

		await clock.advance(WINDOW - 1);
		expect(first.run()).toBeUndefined();
		await clock.advance(1);
		await first.done;
		const [item] = first.run()!;
		expect(item.chatInput).toBe('hi\nI ordered on Monday\nwhere is it?');
		expect(item.messages.map((m) => m.text)).toEqual(['hi', 'I ordered on Monday', 'where is it?']);
		const last = item.messages[2];
		expect([item.messageId, item.timestamp, item.context]).toEqual([
			last.messageId,
			last.timestamp,
			last.context,
		]);
		expect(item.sessionId).toBe(last.sessionId);
	});

	test('a message after the window starts a burst of its own', async () => {
		const first = deliver(conversations, [text('hi')]);
		await clock.advance(WINDOW);
		await first.done;
		const second = deliver(conversations, [text('still there?')]);
		expect(second.plan.waits).toHaveLength(1);
		await clock.advance(WINDOW);
		await second.done;
		expect(first.run()!.map((item) => item.chatInput)).toEqual(['hi']);
		expect(second.run()!.map((item) => item.chatInput)).toEqual(['still there?']);
	});

	test(`a burst closes ${BURST_CEILING_MS / 1000} s after its first message however the customer keeps writing`, async () => {
		const first = deliver(conversations, [text('0')]);
		const later: string[] = [];
		for (let at = 4_000; at < BURST_CEILING_MS; at += 4_000) {
			await clock.advance(4_000);
			later.push(String(at));
			deliver(conversations, [text(String(at))]);
		}
		await clock.advance(BURST_CEILING_MS - 4_000 * later.length);
		await first.done;
		expect(first.run()![0].messages.map((m) => m.text)).toEqual(['0', ...later]);
		// The next message opens a new burst.
		expect(deliver(conversations, [text('next')]).plan.waits).toHaveLength(1);
	});

	test('customers and business numbers each have their own burst', async () => {
		const other = onlyMessage(typed('text', { body: 'other number' }, { from: '919876543210' }));
		other.phoneNumberId = '999';
		const one = deliver(conversations, [text('a1'), text('b1', '447700900123')]);
		deliver(conversations, [text('a2'), other]);
		expect(one.plan.waits).toHaveLength(2);
		await clock.advance(WINDOW);
		await one.done;
		expect(one.run()!.map((item) => item.chatInput)).toEqual(['a1\na2', 'b1']);
	});

	test('statuses and errors are never held; messages with them join an open burst or start at once', async () => {
		const [failed, accountError] = ok(
			parseNotification(single({ statuses: [status('failed')], errors: [V15_ERROR] })),
		);
		const open = deliver(conversations, [text('hi')]);
		const mixed = conversations.plan(
			SCOPE,
			[failed, text('joins the open burst'), accountError, text('a new customer', '447700900123')],
			WINDOW,
		);
		expect(mixed.waits).toHaveLength(0);
		expect(mixed.now.map((event) => event.event)).toEqual(['status', 'error', 'message']);
		expect((mixed.now[2] as CombinedMessage).messages.map((m) => m.text)).toEqual([
			'a new customer',
		]);
		await clock.advance(WINDOW);
		await open.done;
		expect(open.run()![0].chatInput).toBe('hi\njoins the open burst');
	});

	test('media count with their placeholders and captions', async () => {
		const voice = onlyMessage(
			typed('audio', { id: 'media-1', mime_type: 'audio/ogg', voice: true }),
		);
		const photo = onlyMessage(typed('image', { id: 'media-2', caption: 'the parcel' }));
		const burst = deliver(conversations, [voice]);
		deliver(conversations, [photo]);
		await clock.advance(WINDOW);
		await burst.done;
		expect(burst.run()![0].chatInput).toBe('[voice message]\nthe parcel');
	});

	test("the burst's last Stop or Resume keyword decides its optOut and optIn", async () => {
		const keywords = { stop: keywordSet('STOP'), resume: keywordSet('START') };
		const messages = [text('stop'), text('start'), text('thanks')];
		markOptOuts(messages, () => keywords);
		const burst = deliver(conversations, [messages[0]]);
		deliver(conversations, [messages[1]]);
		deliver(conversations, [messages[2]]);
		await clock.advance(WINDOW);
		await burst.done;
		const [item] = burst.run()!;
		expect([item.optOut, item.optIn]).toEqual([false, true]);
		expect(item.messages.map((m) => [m.optOut, m.optIn])).toEqual([
			[true, false],
			[false, true],
			[false, false],
		]);
	});

	test('a burst holds at most 100 messages; the 101st opens the next one', async () => {
		const first = deliver(conversations, [text('1')]);
		for (let n = 2; n <= 100; n++) deliver(conversations, [text(String(n))]);
		const next = deliver(conversations, [text('101')]);
		expect(next.plan.waits).toHaveLength(1);
		await clock.advance(WINDOW);
		await Promise.all([first.done, next.done]);
		expect(first.run()![0].messages).toHaveLength(100);
		expect(next.run()![0].chatInput).toBe('101');
	});

	test('one sender-less message is not held', () => {
		const nobody = onlyMessage(message('text', { text: { body: 'who?' }, from: undefined }));
		expect(nobody.from).toBeNull();
		const plan = conversations.plan(SCOPE, [nobody], WINDOW);
		expect(plan.waits).toHaveLength(0);
		expect((plan.now[0] as CombinedMessage).chatInput).toBe('who?');
	});
});

describe('combineWindowMs', () => {
	test('seconds as milliseconds, off for anything but a positive number, at most 30 s', () => {
		expect([0, -1, NaN, '', 'abc', null, undefined, true].map(combineWindowMs)).toEqual([
			0, 0, 0, 0, 0, 0, 0, 0,
		]);
		expect([5, '2.5', 30, 600].map(combineWindowMs)).toEqual([5_000, 2_500, 30_000, 30_000]);
	});
});

describe('keyword options as expressions yield them', () => {
	test.each([
		['separated text', 'STOP, Unsubscribe\nquit', ['STOP', 'UNSUBSCRIBE', 'QUIT']],
		['a list, numbers as their text', ['STOP', 0, null, { a: 1 }, ['x']], ['STOP', '0']],
		['nothing', null, []],
		['an empty text', '', []],
		['an object', { stop: 'STOP' }, []],
		['zero-width text only', '\u200B', []],
	])('%s', (_label, value, expected) => {
		expect([...keywordSet(value)]).toEqual(expected);
	});

	test('invisible characters never hide a stop', () => {
		const message = text('Stop\u200B promotions\u2060');
		markOptOuts([message], () => ({ stop: keywordSet('STOP PROMOTIONS'), resume: keywordSet('') }));
		expect(message.optOut).toBe(true);
	});
});
