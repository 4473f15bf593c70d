import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, MessageCentralClient } from '../transport/client';
import * as message from './message';
import { errorItem, type OperationExecute } from './perItem';
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
	try {
		return [await handler.execute.call(this, client)];
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this, error, 0);
		// Operations turn what fails per item into that item's error item
		// themselves; what still throws under Continue is a node setting
		// (Mapping, Phone Field, Form Fields, Limit Wait Time…), refused before
		// any request. Left to n8n, the input items would pass through as if
		// nothing had failed; every item gets the error instead
		// (docs/n8n-mechanics.md#a-node-error-under-on-error--continue).
		return [this.getInputData().map((_, i) => errorItem(error, i))];
	}
}
