import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MessageCentralClient } from '../transport/client';
import * as message from './message';
import type { OperationExecute } from './perItem';
import * as template from './template';
import * as verification from './verification';

type OperationModule = { execute: OperationExecute };

const resources: Record<string, Record<string, OperationModule>> = {
	message: message.operations,
	template: template.operations,
	verification: verification.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const client = new MessageCentralClient(this);
	return [await handler.execute.call(this, client)];
}
