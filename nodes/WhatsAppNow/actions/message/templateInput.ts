import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { languageCodeProblem } from '../../helpers/template/languageCode';
import { checkTemplateName, normaliseTemplateName } from '../../helpers/template/templateName';
import {
	blankPositions,
	MAX_CTA_VARIABLES,
	valuesOf,
	whitespaceProblems,
} from '../../helpers/fields/variableList';
import { languageField, templateNameField } from '../common.descriptions';
import { itemParameter, readText } from '../itemInput';

export interface TemplateRef {
	templateName: string;
	language: string;
}

export interface TemplateValues {
	variables: string[];
	ctaVariables: string[];
}

function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/** The item's template, its name in the form Message Central saved it (`Spring Sale2` → `spring_sale_2`). */
export function readTemplateRef(ctx: IExecuteFunctions, itemIndex: number): TemplateRef {
	const typedName = readText(ctx, 'templateName', 'Template Name', itemIndex).trim();
	if (!typedName) {
		fail(
			ctx,
			itemIndex,
			`Template Name (item ${itemIndex}) is empty`,
			templateNameField.description as string,
		);
	}
	const nameProblem = checkTemplateName(typedName);
	if (nameProblem) {
		fail(
			ctx,
			itemIndex,
			`Template Name (item ${itemIndex}): ${nameProblem}`,
			templateNameField.description as string,
		);
	}
	const templateName = normaliseTemplateName(typedName);
	const language = readText(ctx, 'language', 'Language', itemIndex, 'en_US').trim();
	const languageProblem = language ? languageCodeProblem(language) : 'is empty';
	if (languageProblem) {
		fail(
			ctx,
			itemIndex,
			`Language (item ${itemIndex})${language ? ': ' : ' '}${languageProblem}`,
			languageField.description as string,
		);
	}
	return { templateName, language };
}

/** The item's variables and CTA variables, or an error naming the field, the value and the item. */
export function readTemplateValues(ctx: IExecuteFunctions, itemIndex: number): TemplateValues {
	const variables = valuesOf(itemParameter(ctx, 'variables', itemIndex, {}));
	const ctaVariables = valuesOf(itemParameter(ctx, 'ctaVariables', itemIndex, {}));
	for (const [label, values] of [
		['Variables', variables],
		['CTA Variables', ctaVariables],
	] as const) {
		const blanks = blankPositions(values);
		if (blanks.length) {
			fail(
				ctx,
				itemIndex,
				`${label} (item ${itemIndex}): value ${blanks.join(', ')} ${blanks.length === 1 ? 'is' : 'are'} empty`,
				'WhatsApp rejects empty template parameters. Give every placeholder a value, or remove the extra entry.',
			);
		}
		const [first, ...others] = whitespaceProblems(values);
		if (first) {
			const positions = others.map((p) => p.position).join(', ');
			const more = others.length ? ` (and value${others.length > 1 ? 's' : ''} ${positions})` : '';
			fail(
				ctx,
				itemIndex,
				`${label} (item ${itemIndex}): value ${first.position} contains ${first.problem}${more}`,
				'WhatsApp refuses template values with a line break, a tab or more than 4 consecutive spaces, and only after the message was accepted and charged (error 132018). Nothing was sent for this item. Put the text on one line and collapse long runs of spaces, e.g. with {{ $json.text.replace(/\\s+/g, " ") }}.',
			);
		}
	}
	if (ctaVariables.length > MAX_CTA_VARIABLES) {
		fail(
			ctx,
			itemIndex,
			`CTA Variables (item ${itemIndex}): ${ctaVariables.length} values given, at most ${MAX_CTA_VARIABLES} are allowed`,
			'A template has at most 2 URL buttons; give one value per button whose URL ends in {{1}}.',
		);
	}
	return { variables, ctaVariables };
}
