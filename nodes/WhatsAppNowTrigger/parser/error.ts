import {
	annotate,
	asRecord,
	describe,
	field,
	MAX_EVENT_WARNINGS,
	NoteLog,
	numeric,
	readList,
	text,
	type JsonRecord,
} from './read';
import { ERROR_HINTS } from './errorHints';
import type { ChangeContext, ErrorEvent, WebhookError } from './types';

/**
 * Meta has two error layouts (docs/whatsapp.md#error-objects): v15 sends only
 * `code` and `title`, v16+ adds `message` and `error_data.details`. Folded
 * into one so a workflow reads every error the same way. `label` locates the
 * error inside its parent object in warnings.
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
	// Meta documents `message` as equal to the title, so v15 errors get the title.
	const message = text(field(source, 'message')) ?? title;
	return {
		code,
		title,
		message,
		details,
		hint: code === null ? null : (ERROR_HINTS[code] ?? null),
	};
}

/** The `errors` list of a status or a message. */
export function normaliseErrors(value: unknown, warnings: NoteLog): WebhookError[] {
	return readList(value, 'errors', warnings, (source, position) =>
		normaliseError(source, warnings, `${position}.`),
	);
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
