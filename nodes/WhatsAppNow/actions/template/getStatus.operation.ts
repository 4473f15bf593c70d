import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MessageCentralClient } from '../../transport/client';
import { executePerItem, type PerItemOperation } from '../perItem';
import { fetchTemplate, lookupFields, readLookup, type TemplateLookup } from './shared';
import { throughputCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	...lookupFields,
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['getStatus'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	client: MessageCentralClient,
): Promise<INodeExecutionData[]> {
	const operation: PerItemOperation<TemplateLookup> = {
		async prepare(itemIndex, client) {
			return await readLookup(this, client, itemIndex);
		},
		async run(lookup, itemIndex, client) {
			return await fetchTemplate(this, client, lookup, itemIndex);
		},
	};
	return await executePerItem.call(this, client, operation);
}
