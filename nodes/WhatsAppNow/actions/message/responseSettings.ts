// The response settings of Send and Wait, read the same way when sending and when the page is opened.
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	readFormFields,
	type ApprovalChoices,
	type FormField,
	type ResponseType,
} from '../../helpers/response/responseForm';

export interface ResponseSettings {
	type: ResponseType;
	approval: ApprovalChoices;
	fields: FormField[];
}

/** Node-level settings (the page is one for all items): read as item 0 sees them. */
export function readResponseSettings(ctx: IExecuteFunctions | IWebhookFunctions): ResponseSettings {
	const read = (name: string, fallback: unknown) =>
		'getInputData' in ctx
			? ctx.getNodeParameter(name, 0, fallback)
			: (ctx as IWebhookFunctions).getNodeParameter(name, fallback);
	const type = read('responseType', 'approval') as ResponseType;
	const options = (read('approvalOptions', {}) ?? {}) as Record<string, unknown>;
	const label = (value: unknown, fallback: string) => String(value ?? '').trim() || fallback;
	const approval: ApprovalChoices = {
		approveLabel: label(options.approveLabel, 'Approve'),
		declineLabel:
			(options.approvalType ?? 'double') === 'double'
				? label(options.declineLabel, 'Decline')
				: undefined,
	};
	let fields: FormField[] = [];
	if (type === 'customForm') {
		const formFields = readFormFields(read('formFields', {}));
		if (typeof formFields === 'string') {
			throw new NodeOperationError(ctx.getNode(), `Form Fields: ${formFields}`, {
				description: 'Each field needs a label (the output key) and a type. Nothing was sent.',
			});
		}
		fields = formFields;
	}
	return { type, approval, fields };
}
