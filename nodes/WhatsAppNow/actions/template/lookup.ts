import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldProblem } from '../../helpers/fields/fieldProblem';
import { checkTemplateName, normaliseTemplateName } from '../../helpers/template/templateName';
import { summariseComponents } from '../../helpers/template/templateSummary';
import { getTemplate, type TemplateLookup } from '../../transport/api';
import type { MessageCentralClient } from '../../transport/client';
import { languageField, templateNameField } from '../common.descriptions';
import { problemsError, readSenderId, readText } from '../itemInput';

/** Template Name, Template ID and Language: how Get Status and Wait for Approval find a template. */
export const lookupFields: INodeProperties[] = [
	templateNameField,
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '790937216444187',
		description: 'ID of the template (digits): the "ID" output of Template → Create',
	},
	languageField,
];

/** Reads and checks the lookup fields of one item; no request. */
export async function readLookup(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	itemIndex: number,
): Promise<TemplateLookup> {
	const senderId = await readSenderId(ctx, client, itemIndex);
	const typedName = readText(ctx, 'templateName', 'Template Name', itemIndex).trim();
	// Message Central looks names up in their saved form (`Spring Sale2` → `spring_sale_2`).
	const templateName = normaliseTemplateName(typedName);
	const templateId = readText(ctx, 'templateId', 'Template ID', itemIndex).trim();
	const language = readText(ctx, 'language', 'Language', itemIndex).trim();

	const problems: FieldProblem[] = [];
	if (typedName === '') {
		problems.push({
			field: 'Template Name',
			message: 'missing; use the "name" output of Template → Create',
		});
	} else {
		const nameProblem = checkTemplateName(typedName);
		if (nameProblem) problems.push({ field: 'Template Name', message: nameProblem });
	}
	if (templateId === '') {
		problems.push({
			field: 'Template ID',
			message: 'missing; use the "id" output of Template → Create',
		});
	} else if (!/^\d+$/.test(templateId)) {
		problems.push({
			field: 'Template ID',
			message: `"${templateId}" is not a template ID; IDs are digits only, like the "id" output of Template → Create`,
		});
	}
	if (language === '') {
		problems.push({
			field: 'Language',
			message: 'missing; use the language code the template was created with, e.g. en_US',
		});
	}
	if (problems.length > 0) throw problemsError(ctx, problems, itemIndex);
	return { senderId, templateName, templateId, language };
}

/** The template object Message Central returns, with the counts a later send needs. */
export async function fetchTemplate(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	lookup: TemplateLookup,
	itemIndex: number,
): Promise<IDataObject> {
	const { template, body } = await getTemplate(client, lookup, itemIndex);
	if (!template) {
		throw new NodeOperationError(ctx.getNode(), 'Message Central answered without a template', {
			itemIndex,
			description: `Answer received: ${JSON.stringify(body)?.slice(0, 300)}`,
		});
	}
	return { ...template, ...summariseComponents(template.components) };
}
