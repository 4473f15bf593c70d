// Reading the recipients of a bulk send from the input items, by expressions or by field names.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { detectFieldMapping } from '../../helpers/fields/autoMapping';
import type { BulkRow } from '../../helpers/fields/bulkRows';
import {
	compileFieldMapping,
	fieldNamesOf,
	FieldMappingError,
	readFieldRow,
	type FieldMapping,
} from '../../helpers/fields/fieldRows';
import { asNodeError } from '../../transport/client';
import { rawParameters, readRecipient } from '../itemInput';
import { readTemplateRef, readTemplateValues, type TemplateRef } from './templateInput';

/** Mapping "Expressions": each per-item field through n8n (plain {{ $json.x }} references read directly). */
export function readExpressionRows(ctx: IExecuteFunctions, ref: TemplateRef) {
	const count = ctx.getInputData().length;
	const perItemTemplate = templateVariesPerItem(ctx);
	const rows: BulkRow[] = [];
	const problems = new Map<number, unknown>();
	for (let i = 0; i < count; i++) {
		try {
			if (i > 0 && perItemTemplate) sameTemplate(ctx, i, ref);
			rows.push({ itemIndex: i, ...readRecipient(ctx, i), ...readTemplateValues(ctx, i) });
		} catch (error) {
			problems.set(i, asNodeError(ctx, error, i));
		}
	}
	return { rows, problems };
}

/** Mapping "Fields" or "Automatically": field names read once, then each item's JSON read directly. */
export function readFieldRows(ctx: IExecuteFunctions, ref: TemplateRef, auto: boolean) {
	const items = ctx.getInputData();
	const fieldMapping = auto ? detectMapping(ctx) : readFieldMapping(ctx);
	const perItemTemplate = templateVariesPerItem(ctx);
	const rows: BulkRow[] = [];
	const problems = new Map<number, unknown>();
	for (let i = 0; i < items.length; i++) {
		try {
			if (i > 0 && perItemTemplate) sameTemplate(ctx, i, ref);
		} catch (error) {
			problems.set(i, asNodeError(ctx, error, i));
			continue;
		}
		const row = readFieldRow(items[i].json, i, fieldMapping);
		if (typeof row !== 'string') {
			rows.push(row);
			continue;
		}
		problems.set(
			i,
			new NodeOperationError(ctx.getNode(), row, {
				itemIndex: i,
				description: 'Nothing was sent for this item.',
			}),
		);
	}
	return { rows, problems };
}

function detectMapping(ctx: IExecuteFunctions): FieldMapping {
	const items = ctx.getInputData();
	const detected = detectFieldMapping(
		items[0]?.json,
		ctx.getNodeParameter('defaultCountryCode', 0, ''),
	);
	if (typeof detected === 'string') {
		throw new NodeOperationError(ctx.getNode(), `Mapping Automatically: ${detected}`, {
			description:
				'Automatic mapping reads Mobile (with Country), phone, phoneNumber or mobile, and var1..varN, ctaVar1, ctaVar2. Choose Mapping "Fields" to name other fields. Nothing was uploaded.',
		});
	}
	return compileFieldMapping(detected);
}

function readFieldMapping(ctx: IExecuteFunctions): FieldMapping {
	// Field names are node settings: read once (an expression here sees item 0).
	const input = {
		phoneField: ctx.getNodeParameter('phoneField', 0, ''),
		countryCodeField: ctx.getNodeParameter('countryCodeField', 0, ''),
		variableFields: fieldNamesOf(ctx.getNodeParameter('variableFields', 0, {})),
		ctaVariableFields: fieldNamesOf(ctx.getNodeParameter('ctaVariableFields', 0, {})),
		defaultCountryCode: ctx.getNodeParameter('defaultCountryCode', 0, ''),
	};
	try {
		return compileFieldMapping(input);
	} catch (error) {
		const message = error instanceof FieldMappingError ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), message, {
			description:
				'With Mapping "Fields", each of these is the name of an input field, such as phone or customer.phone. Nothing was uploaded.',
		});
	}
}

/** One upload sends one template: every item must name the same one. */
/** Only a template name or language written as an expression can differ from item to item. */
function templateVariesPerItem(ctx: IExecuteFunctions): boolean {
	const params = rawParameters(ctx);
	return [params.templateName, params.language].some(
		(value) => typeof value === 'string' && value.startsWith('='),
	);
}

function sameTemplate(ctx: IExecuteFunctions, itemIndex: number, first: TemplateRef) {
	const own = readTemplateRef(ctx, itemIndex);
	if (own.templateName === first.templateName && own.language === first.language) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Template Name / Language (item ${itemIndex}): "${own.templateName}" (${own.language}) differs from item 0's "${first.templateName}" (${first.language})`,
		{
			itemIndex,
			description:
				'A bulk broadcast sends one template to every recipient. Split the items by template first, or use Send Template, which takes one template per item.',
		},
	);
}
