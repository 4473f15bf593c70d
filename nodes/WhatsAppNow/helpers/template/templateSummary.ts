/**
 * What a send needs to know about a template, read from the components
 * Message Central returns (Meta's shape): how many body variables it has and
 * how many URL buttons end in a variable.
 */
import { isPlainObject } from '../../../common/isPlainObject';
import { countPlaceholders, findPlaceholders } from './placeholders';

export interface TemplateSummary {
	/** Distinct `{{n}}` variables of the body: values a send must give in `variables`. */
	placeholderCount: number;
	/** URL buttons with a `{{1}}` suffix: values a send must give in `ctaVariables`. */
	dynamicUrlCount: number;
}

type Json = Record<string, unknown>;

const typeOf = (value: Json) => String(value.type ?? '').toUpperCase();

export function summariseComponents(components: unknown): TemplateSummary {
	const list = Array.isArray(components) ? components.filter(isPlainObject) : [];
	const body = list.find((c) => typeOf(c) === 'BODY');
	const buttons = list
		.filter((c) => typeOf(c) === 'BUTTONS')
		.flatMap((c) => (Array.isArray(c.buttons) ? c.buttons : []));
	return {
		placeholderCount: countPlaceholders(typeof body?.text === 'string' ? body.text : ''),
		dynamicUrlCount: buttons.filter(
			(b) =>
				isPlainObject(b) && typeOf(b) === 'URL' && findPlaceholders(String(b.url ?? '')).length > 0,
		).length,
	};
}

/**
 * The template object of a status answer. The document shows it bare; an
 * answer wrapped in the usual `{responseCode, data}` envelope is accepted too.
 */
export function templateFromResponse(body: unknown): Json | undefined {
	let candidate = body;
	for (let depth = 0; depth < 3 && isPlainObject(candidate); depth++) {
		if ('components' in candidate || ('status' in candidate && 'id' in candidate)) return candidate;
		candidate = candidate.data;
	}
	return undefined;
}
