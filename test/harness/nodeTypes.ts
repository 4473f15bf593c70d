import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { WhatsAppNow, WhatsAppNowTrigger } from './shipped';

export const INPUT_NODE_TYPE = 'test.input';
export const ACTION_NODE_TYPE = 'CUSTOM.whatsAppNow';
export const TRIGGER_NODE_TYPE = 'CUSTOM.whatsAppNowTrigger';

/** Emits the items a test hands it, standing in for whatever node precedes ours. */
class InputNode implements INodeType {
	static items: INodeExecutionData[] = [];

	description: INodeType['description'] = {
		displayName: 'Test Input',
		name: INPUT_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Input' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [InputNode.items];
	}
}

export function setInputItems(items: INodeExecutionData[]) {
	InputNode.items = items;
}

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[INPUT_NODE_TYPE]: new InputNode(),
		[ACTION_NODE_TYPE]: new WhatsAppNow(),
		[TRIGGER_NODE_TYPE]: new WhatsAppNowTrigger(),
	};

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}
