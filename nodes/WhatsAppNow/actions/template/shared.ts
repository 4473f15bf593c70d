import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldProblem } from '../../helpers/buttons';
import { normaliseTemplateName } from '../../helpers/templateRules';
import { summariseComponents, templateFromResponse } from '../../helpers/templateSummary';
import type { MessageCentralClient } from '../../transport/client';
import { templateLanguageField } from '../common.descriptions';
import { requireSenderId } from '../recipient';

export const TEMPLATE_PATH = '/verification/v3/template';

/** One error for a list of field problems: the first as the message, all of them in the details. */
export function problemsError(
	ctx: IExecuteFunctions,
	problems: FieldProblem[],
	itemIndex: number,
): NodeOperationError {
	const lines = problems.map((p) => `${p.field}: ${p.message}`);
	const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
	return new NodeOperationError(ctx.getNode(), `${lines[0]}${more}`, {
		itemIndex,
		description: `${lines.length > 1 ? `${lines.join('\n')}\n` : ''}Nothing was sent to Message Central for this item.`,
	});
}

/** Template Name, Template ID and Language: how getStatus and waitForApproval find a template. */
export const lookupFields: INodeProperties[] = [
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'order_update',
		description:
			'Name of the template as Message Central saved it: the "name" output of Template → Create, in lower case with "_" (e.g. abhishek_786, not Abhishek786)',
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '790937216444187',
		description: 'ID of the template (digits): the "ID" output of Template → Create',
	},
	templateLanguageField,
];

export interface TemplateLookup {
	senderId: string;
	templateName: string;
	templateId: string;
	language: string;
}

/** Reads and checks the lookup fields of one item; no request. */
export async function readLookup(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	itemIndex: number,
): Promise<TemplateLookup> {
	const senderId = await requireSenderId(ctx, client, itemIndex);
	const read = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const lookup = { senderId, templateName: read('templateName'), templateId: read('templateId'), language: read('language') };

	const problems: FieldProblem[] = [];
	if (lookup.templateName === '') {
		problems.push({ field: 'Template Name', message: 'missing; use the "name" output of Template → Create' });
	} else if (!/^[a-z0-9_]+$/.test(lookup.templateName)) {
		const saved = normaliseTemplateName(lookup.templateName);
		problems.push({
			field: 'Template Name',
			message: `"${lookup.templateName}" is not how Message Central saves names (lower-case letters, digits and "_")${saved ? `; a template created as "${lookup.templateName}" is saved as "${saved}"` : ''}`,
		});
	}
	if (lookup.templateId === '') {
		problems.push({ field: 'Template ID', message: 'missing; use the "id" output of Template → Create' });
	} else if (!/^\d+$/.test(lookup.templateId)) {
		problems.push({
			field: 'Template ID',
			message: `"${lookup.templateId}" is not a template ID; IDs are digits only, like the "id" output of Template → Create`,
		});
	}
	if (lookup.language === '') {
		problems.push({ field: 'Language', message: 'missing; use the language code the template was created with, e.g. en_US' });
	}
	if (problems.length > 0) throw problemsError(ctx, problems, itemIndex);
	return lookup;
}

/** The template object Message Central returns, with the counts a later send needs. */
export async function fetchTemplate(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	lookup: TemplateLookup,
	itemIndex: number,
): Promise<IDataObject> {
	const body = await client.request({
		method: 'GET',
		path: TEMPLATE_PATH,
		qs: {
			phoneNumber: lookup.senderId,
			templateName: lookup.templateName,
			templateId: lookup.templateId,
			templateLang: lookup.language,
		},
		itemIndex,
		errorContext: { ...lookup },
	});
	const template = templateFromResponse(body);
	if (!template) {
		throw new NodeOperationError(ctx.getNode(), 'Message Central answered without a template', {
			itemIndex,
			description: `Answer received: ${JSON.stringify(body)?.slice(0, 300)}`,
		});
	}
	return { ...(template as IDataObject), ...summariseComponents(template.components) };
}
