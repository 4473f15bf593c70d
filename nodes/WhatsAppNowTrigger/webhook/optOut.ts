import type { IWebhookFunctions } from 'n8n-workflow';

import type { MessageEvent, WebhookEvent } from '../parser/types';

/**
 * Opt-out and opt-in replies. Campaign senders must stop messaging a customer
 * who asks them to; the trigger flags such replies so that a workflow can keep
 * its own list (docs/operations.md#opt-outs-stop-and-resume-keywords).
 *
 * "STOP PROMOTIONS" is what Meta's marketing opt-out quick-reply button sends
 * when the customer taps it (the button's default label, "Stop promotions").
 */
export const DEFAULT_STOP_KEYWORDS = 'STOP, STOP PROMOTIONS, UNSUBSCRIBE';
export const DEFAULT_RESUME_KEYWORDS = 'START';

/** Types whose `text` is what the customer typed or tapped; captions and summaries never count. */
const KEYWORD_TYPES: ReadonlySet<string> = new Set(['text', 'button', 'interactive']);

/**
 * Trimmed, runs of spaces as one, in one letter case, without the characters
 * that show nothing (zero-width, direction marks, control characters):
 * "  Stop\u200B  promotions" is "STOP PROMOTIONS", and a keyword entry made
 * only of them is blank. Invisible characters never hide a stop.
 */
function normalise(value: string): string {
	return value
		.replace(/[\p{Cf}\p{Cc}]/gu, ' ')
		.trim()
		.replace(/\s+/g, ' ')
		.toUpperCase();
}

/**
 * A keyword option as a set: one string separated by commas or line breaks,
 * or a list from an expression (numbers count as their text). Blank entries,
 * and entries that are objects or lists, are dropped, so an empty option flags
 * nothing: a trigger cannot refuse a delivery over its options without losing
 * the customer's message.
 */
export function keywordSet(value: unknown): Set<string> {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\n]/) : [];
	return new Set(
		list
			.filter((entry) => typeof entry === 'string' || typeof entry === 'number')
			.map((entry) => normalise(String(entry)))
			.filter((entry) => entry !== ''),
	);
}

export type Keywords = { stop: ReadonlySet<string>; resume: ReadonlySet<string> };

function keywordOf(event: MessageEvent): string | undefined {
	if (event.type === null || !KEYWORD_TYPES.has(event.type) || event.text === null) {
		return undefined;
	}
	return normalise(event.text);
}

/**
 * Sets `optOut` and `optIn` on every message event (false unless the whole
 * text or button title is one of the keywords); other events are left as they
 * are. A word in both lists counts as a stop: honouring it is the safe side.
 */
export function markOptOuts(events: readonly WebhookEvent[], readKeywords: () => Keywords): void {
	// The options are read only for a delivery that carries a message: statuses are most of the traffic.
	let keywords: Keywords | undefined;
	for (const event of events) {
		if (event.event !== 'message') continue;
		keywords ??= readKeywords();
		const keyword = keywordOf(event);
		event.optOut = keyword !== undefined && keywords.stop.has(keyword);
		event.optIn = !event.optOut && keyword !== undefined && keywords.resume.has(keyword);
	}
}

/** The Stop Keywords and Resume Keywords options (defaults when not added). */
export function optOutKeywords(context: IWebhookFunctions): Keywords {
	return {
		stop: keywordSet(context.getNodeParameter('options.stopKeywords', DEFAULT_STOP_KEYWORDS)),
		resume: keywordSet(context.getNodeParameter('options.resumeKeywords', DEFAULT_RESUME_KEYWORDS)),
	};
}
