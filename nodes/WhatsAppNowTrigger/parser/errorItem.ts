import { annotate } from './annotate';
import { readList } from './checkedRead';
import { MAX_EVENT_WARNINGS, NoteLog } from './notes';
import { asRecord, describe, field, numeric, text, type JsonRecord } from './read';
import type { ChangeContext, ErrorEvent, WebhookError } from './types';

/**
 * Folds Meta's two error layouts into one: v15 sends only `code` and `title`,
 * v16+ adds `message` (equal to the title) and `error_data.details`.
 * `label` locates the error inside its parent object in warnings.
 */
export function normaliseError(source: JsonRecord, warnings: NoteLog, label = ''): WebhookError {
	const rawCode = field(source, 'code');
	const code = numeric(rawCode);
	if (code === null) warnings.add(`${label}code: expected a number, got ${describe(rawCode)}`);
	const rawTitle = field(source, 'title');
	const title = text(rawTitle);
	if (title === null) warnings.add(`${label}title: expected a string, got ${describe(rawTitle)}`);
	const details =
		text(field(asRecord(field(source, 'error_data')), 'details')) ?? text(field(source, 'details'));
	return { code, title, message: text(field(source, 'message')) ?? title, details };
}

/** An `errors` array of a status or a message; unreadable elements become warnings. */
export function normaliseErrors(value: unknown, warnings: NoteLog): WebhookError[] {
	return readList(value, 'errors', warnings, (source, position) => normaliseError(source, warnings, `${position}.`));
}

/** A value-level error: Meta could not deliver this change's notifications. */
export function buildErrorEvent(source: JsonRecord, context: ChangeContext): ErrorEvent {
	const warnings = new NoteLog(MAX_EVENT_WARNINGS);
	const event: ErrorEvent = {
		event: 'error',
		...normaliseError(source, warnings),
		...context.metadata,
	};
	return annotate(event, warnings, source, context.includeRaw);
}
