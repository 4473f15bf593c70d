import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemParameter } from '../itemParameter';
import { blankPositions, MAX_CTA_VARIABLES, valuesOf } from '../../helpers/variableList';

export const templateNameField: INodeProperties = {
	displayName: 'Template Name',
	name: 'templateName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'order_update',
	description:
		'Name of an APPROVED template, exactly as Template → Create returned it (lower case, words joined by "_", e.g. order_update)',
};

import { templateLanguageField as languageField } from '../common.descriptions';

export { languageField };

const valueList = (displayName: string, name: string, description: string, button: string): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true, multipleValueButtonText: button },
	placeholder: button,
	default: {},
	description,
	options: [
		{
			displayName: 'Value',
			name: 'variable',
			values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
		},
	],
});

export const variablesField = valueList(
	'Variables',
	'variables',
	'Values for the body placeholders {{1}}, {{2}}, … in that order: exactly one per placeholder of the template. Commas are fine. A value whose expression returns an array fills one placeholder per element.',
	'Add Variable',
);

export const ctaVariablesField = valueList(
	'CTA Variables',
	'ctaVariables',
	'Values for the dynamic end of URL buttons (a button URL ending in {{1}}), in button order. At most 2; leave empty when the template has no dynamic URL button.',
	'Add CTA Variable',
);

export interface TemplateRef {
	templateName: string;
	language: string;
}

export interface TemplateValues {
	variables: string[];
	ctaVariables: string[];
}

function fail(ctx: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

export function readTemplateRef(ctx: IExecuteFunctions, itemIndex: number): TemplateRef {
	const templateName = String(itemParameter(ctx, 'templateName', itemIndex, '') ?? '').trim();
	if (!templateName) {
		fail(ctx, itemIndex, `Template Name (item ${itemIndex}) is empty`, templateNameField.description as string);
	}
	const language = String(itemParameter(ctx, 'language', itemIndex, 'en_US') ?? '').trim();
	if (!language) {
		fail(ctx, itemIndex, `Language (item ${itemIndex}) is empty`, languageField.description as string);
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
