import type { IDataObject, IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

import { fieldPathOf, readPrimitive } from '../helpers/fieldReference';

/**
 * `getNodeParameter` for per-item fields, with a fast path for the common
 * `{{ $json.field }}` form (see helpers/fieldReference.ts): same values, a
 * fraction of the cost on large lists. Plain values and every other
 * expression still go through n8n.
 */
export function itemParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: NodeParameterValueType,
): NodeParameterValueType | object {
	const raw = ctx.getNode().parameters[name];
	const json = ctx.getInputData()[itemIndex]?.json;
	if (typeof raw === 'string' && !raw.startsWith('=')) return raw;
	const path = fieldPathOf(raw);
	if (path) {
		const value = readPrimitive(json, path);
		if (value !== undefined) return value;
	}
	const collection = json && readCollection(raw, json);
	if (collection) return collection;
	return ctx.getNodeParameter(name, itemIndex, fallback) as NodeParameterValueType | object;
}

/** A fixed collection (`{variable: [{value}]}`) whose values are all plain or field references. */
function readCollection(raw: unknown, json: IDataObject): object | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const resolved: Record<string, Array<Record<string, unknown>>> = {};
	for (const [key, entries] of Object.entries(raw)) {
		if (!Array.isArray(entries)) return undefined;
		const values: Array<Record<string, unknown>> = [];
		for (const entry of entries as Array<Record<string, unknown>>) {
			if (typeof entry !== 'object' || entry === null) return undefined;
			const out: Record<string, unknown> = {};
			for (const [field, value] of Object.entries(entry)) {
				if (typeof value !== 'string' || !value.startsWith('=')) {
					out[field] = value;
					continue;
				}
				const path = fieldPathOf(value);
				const read = path && readPrimitive(json, path);
				if (read === undefined || read === '') return undefined;
				out[field] = read;
			}
			values.push(out);
		}
		resolved[key] = values;
	}
	return resolved;
}
