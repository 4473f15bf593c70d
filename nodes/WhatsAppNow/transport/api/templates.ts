// Templates: create one for Meta's review, look one up (docs/message-central-api.md#template-create).
import type { IDataObject } from 'n8n-workflow';

import type { BinaryFile } from '../../helpers/media';
import type { CheckedTemplate } from '../../helpers/template/templateRules';
import { templateFromResponse } from '../../helpers/template/templateSummary';
import type { MessageCentralClient } from '../client';
import { appendFile } from './multipart';

export const TEMPLATE_PATH = '/verification/v3/template';

/** Submits a checked template for Meta's review; answers the template as Message Central saved it. */
export async function createTemplate(
	client: MessageCentralClient,
	{ senderId, template, file }: { senderId: string; template: CheckedTemplate; file?: BinaryFile },
	itemIndex: number,
): Promise<IDataObject> {
	const form = new FormData();
	form.append('phoneNumber', senderId);
	form.append('name', template.name);
	form.append('language', template.language);
	form.append('category', template.category);
	form.append('headerFormat', template.headerFormat);
	if (template.header) form.append('header', template.header);
	if (file) appendFile(form, 'file', file);
	form.append('body', template.body);
	if (template.bodyValue) form.append('bodyValue', template.bodyValue);
	if (template.footer) form.append('footer', template.footer);
	if (template.buttons.length > 0) form.append('buttons', JSON.stringify(template.buttons));

	const response = await client.request<IDataObject>({
		method: 'POST',
		path: TEMPLATE_PATH,
		body: form,
		itemIndex,
		errorContext: {
			effect: 'template',
			templateName: template.name,
			language: template.language,
			senderId,
		},
	});
	// `data.data` as the API document shows; a single `data` level is accepted too.
	const data = response?.data as IDataObject | undefined;
	return (data?.data as IDataObject | undefined) ?? data ?? {};
}

export interface TemplateLookup {
	senderId: string;
	templateName: string;
	templateId: string;
	language: string;
}

/** A template as Meta keeps it; `template` is undefined when the answer holds none. */
export async function getTemplate(
	client: MessageCentralClient,
	lookup: TemplateLookup,
	itemIndex: number,
): Promise<{ template: IDataObject | undefined; body: unknown }> {
	// The document's cURL sends form fields with a GET; query parameters are what servers read.
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
	return { template: templateFromResponse(body) as IDataObject | undefined, body };
}
