import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { ACTION_NODE_TYPE, INPUT_NODE_TYPE, setInputItems, TestNodeTypes } from './nodeTypes';

export const CREDENTIAL_ID = 'cred-1';
const nodeTypes = new TestNodeTypes();

export interface RunNodeOptions {
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Reuse one helper across runs to keep the stored token, as n8n's database does. */
	credentialsHelper?: TestCredentialsHelper;
	credentials?: ICredentialDataDecryptedObject;
}

export interface RunNodeResult {
	items: INodeExecutionData[];
	error?: { message: string; description?: string | null; context?: Record<string, unknown> };
	run: IRun;
	credentialsHelper: TestCredentialsHelper;
}

/** Runs Input → WhatsApp Now through n8n-core's WorkflowExecute, as a manual execution. */
export async function runActionNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const credentialsHelper = options.credentialsHelper ?? new TestCredentialsHelper();
	if (options.credentials) credentialsHelper.set(CREDENTIAL_ID, options.credentials);
	setInputItems(options.items ?? [{ json: {} }]);

	const nodes: INode[] = [
		{
			id: 'in',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'wa',
			name: 'WhatsApp Now',
			type: ACTION_NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: { messageCentralApi: { id: CREDENTIAL_ID, name: 'Message Central Sandbox' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections: IConnections = {
		Input: { main: [[{ node: 'WhatsApp Now', type: 'main', index: 0 }]] },
	};
	const run = await execute(nodes, connections, 'Input', credentialsHelper);
	const taskData = run.data.resultData.runData['WhatsApp Now']?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as RunNodeResult['error'];
	return { items: taskData?.data?.main?.[0] ?? [], error, run, credentialsHelper };
}

async function execute(
	nodes: INode[],
	connections: IConnections,
	startNodeName: string,
	credentialsHelper: TestCredentialsHelper,
): Promise<IRun> {
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: {},
	});
	const executionId = `exec-${Date.now()}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const base = 'http://127.0.0.1:5678';
	const additionalData = {
		hooks,
		executionId,
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = workflow.getNode(startNodeName) ?? undefined;
	return await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode });
}

/** Runs the action node with its resource and operation preset; tests pass the other parameters. */
export function operationRunner(
	ctx: { credentialsHelper: TestCredentialsHelper },
	resource: string,
	operation: string,
) {
	return async (parameters: IDataObject, options: Omit<RunNodeOptions, 'parameters'> = {}) =>
		await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			...options,
			parameters: { resource, operation, ...parameters } as RunNodeOptions['parameters'],
		});
}
