import { NoteLog } from './notes';
import type { JsonRecord } from './read';
import type { EventAnnotations } from './types';

/**
 * Appends `warnings` and `raw` last, and only when there is something to add,
 * so clean payloads give lean items with the contract fields first.
 */
export function annotate<T extends object>(
	event: T,
	warnings: NoteLog,
	source: JsonRecord,
	includeRaw: boolean,
): T & EventAnnotations {
	const annotated: T & EventAnnotations = event;
	if (warnings.total > 0) annotated.warnings = warnings.list();
	// The very object from the payload, not a copy: copying would walk untrusted depth.
	if (includeRaw) annotated.raw = source;
	return annotated;
}
