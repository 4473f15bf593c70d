import { createHash } from 'node:crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest, Sandbox } from '../../../../sandbox';
import { operationRunner } from '../../../harness/runWorkflow';
import type { TestCredentialsHelper } from '../../../harness/credentialsHelper';

export const SEND_PATH = '/verification/v3/send';

/** The send calls the sandbox received, in arrival order. */
export function sendRequests(sandbox: Sandbox): RecordedRequest[] {
	return sandbox.state.requests.filter((r) => r.path === SEND_PATH);
}

/** "Hi {{1}}, your order {{2}} ships today" with one dynamic URL button. */
export function seedOrderTemplate(
	sandbox: Sandbox,
	options: { variables?: number; dynamicUrls?: number; name?: string } = {},
) {
	const { variables = 2, dynamicUrls = 0, name = 'order_update' } = options;
	const body = [
		'Hello',
		...Array.from({ length: variables }, (_, i) => `{{${i + 1}}} and`),
		'thanks.',
	].join(' ');
	const buttons = Array.from({ length: dynamicUrls }, (_, i) => ({
		type: 'URL' as const,
		text: `Track ${i + 1}`,
		url: `https://example.com/t${i}/{{1}}`,
	}));
	return sandbox.seedTemplate({
		name,
		language: 'en_US',
		category: 'UTILITY',
		status: 'APPROVED',
		components: [
			{ type: 'BODY', text: body },
			...(buttons.length ? [{ type: 'BUTTONS' as const, buttons }] : []),
		],
	});
}

export const list = (...values: string[]) => ({ variable: values.map((value) => ({ value })) });

export function binaryItem(
	content: Buffer,
	mimeType: string,
	fileName: string,
	json: IDataObject = {},
): INodeExecutionData {
	return {
		json,
		binary: {
			data: {
				data: content.toString('base64'),
				mimeType,
				fileName,
				fileExtension: fileName.split('.').pop(),
			},
		},
	};
}

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Runs the action node with the message resource preset. */
export const runner = (ctx: { credentialsHelper: TestCredentialsHelper }, operation: string) =>
	operationRunner(ctx, 'message', operation);

/** A distinct valid Indian mobile number per index. */
export const phone = (i: number) => `+9198${String(i).padStart(8, '0')}`;

/** `count` recipients with a phone number and the two variables of the order template. */
export const recipients = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => ({
		json: { phone: phone(i), name: `Name ${i}`, order: `MSG${i}` },
	}));

/** Send Template in Bulk of order_update from items with phone, name and order fields (Mapping "Fields"). */
export const bulkByFields = {
	templateName: 'order_update',
	language: 'en_US',
	source: 'items',
	mapping: 'fields',
	phoneField: 'phone',
	variableFields: { field: [{ name: 'name' }, { name: 'order' }] },
};
