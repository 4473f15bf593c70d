import { createHash } from 'node:crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { TEMPLATE_PATH } from '../../../../sandbox';
import type { Sandbox } from '../../../../sandbox';
import { ORDER_UPDATE_TEMPLATE } from '../../../fixtures/orderUpdateTemplate';

export { TEMPLATE_PATH };

/** A TEXT template with footer, two variables and their examples; override per test. */
export function createParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'template',
		operation: 'create',
		...ORDER_UPDATE_TEMPLATE,
		bodyExamples: { variable: ORDER_UPDATE_TEMPLATE.bodyExamples.map((value) => ({ value })) },
		...overrides,
	};
}

export function binaryItem(
	content: Buffer,
	mimeType: string,
	fileName: string,
	property = 'data',
): INodeExecutionData {
	return {
		json: {},
		binary: { [property]: { data: content.toString('base64'), mimeType, fileName } },
	};
}

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export const templateRequests = (sandbox: Sandbox) =>
	sandbox.state.requests.filter((r) => r.path === TEMPLATE_PATH);
