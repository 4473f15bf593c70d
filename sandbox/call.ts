// What an API handler gets: the parsed request and the engine.
import type { UploadedFile } from './http-util';
import type { Runtime } from './runtime';
import type { RecordedRequest } from './state';

export interface ApiCall {
	rt: Runtime;
	method: string;
	path: string;
	query: Record<string, string>;
	fields: Record<string, string>;
	files: UploadedFile[];
	record: RecordedRequest;
}

/**
 * A parameter from the query string, else from the form fields (the API takes
 * both). Blank values count as missing, as a Java `isEmpty` check would.
 */
export function param(call: ApiCall, name: string): string | undefined {
	for (const source of [call.query, call.fields]) {
		const v = source[name];
		if (v !== undefined && v.trim() !== '') return v;
	}
	return undefined;
}

export function fileOf(call: ApiCall, field = 'file'): UploadedFile | undefined {
	return call.files.find((f) => f.field === field);
}
