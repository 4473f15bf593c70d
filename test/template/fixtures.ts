import { createHash } from 'node:crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { TEMPLATE_PATH } from '../../sandbox';
import type { Sandbox } from '../../sandbox';

export { TEMPLATE_PATH };

/** A TEXT template with footer, two variables and their examples; override per test. */
export function createParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'template',
		operation: 'create',
		name: 'order_update',
		language: 'en_US',
		category: 'UTILITY',
		headerFormat: 'TEXT',
		header: 'Order update',
		body: 'Hello {{1}}, your order {{2}} has shipped.',
		bodyExamples: { variable: [{ value: 'John' }, { value: 'MSG3453' }] },
		footer: 'Reply STOP to unsubscribe',
		...overrides,
	};
}

export function binaryItem(content: Buffer, mimeType: string, fileName: string, property = 'data'): INodeExecutionData {
	return { json: {}, binary: { [property]: { data: content.toString('base64'), mimeType, fileName } } };
}

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export const templateRequests = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.path === TEMPLATE_PATH);
