import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TemplateLookup } from '../../transport/api';
import { throughputCollection } from '../common.descriptions';
import { perItem } from '../perItem';
import { fetchTemplate, lookupFields, readLookup } from './lookup';

const properties: INodeProperties[] = [...lookupFields, throughputCollection];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['getStatus'] } },
	properties,
);

export const execute = perItem<TemplateLookup>({
	async prepare(itemIndex, client) {
		return await readLookup(this, client, itemIndex);
	},
	async run(lookup, itemIndex, client) {
		return await fetchTemplate(this, client, lookup, itemIndex);
	},
});
