import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { runPool } from '../helpers/pool';
import { asNodeError, responseCodeOf, type MessageCentralClient } from '../transport/client';

/**
 * An operation that handles each input item on its own. `prepare` reads and
 * checks one item without any request, so bad input stops the run before a
 * single credit is spent; `run` talks to Message Central.
 */
export interface PerItemOperation<Prepared> {
	/** Requests in flight when the node has no Requests in Flight option (default 5). */
	concurrency?: number;
	prepare(
		this: IExecuteFunctions,
		itemIndex: number,
		client: MessageCentralClient,
	): Promise<Prepared>;
	run(
		this: IExecuteFunctions,
		prepared: Prepared,
		itemIndex: number,
		client: MessageCentralClient,
	): Promise<IDataObject>;
}

type Preparation<P> = { ok: true; value: P } | { ok: false; error: unknown };

export type OperationExecute = (
	this: IExecuteFunctions,
	client: MessageCentralClient,
) => Promise<INodeExecutionData[]>;

/** An operation's `execute` from its per-item `prepare` and `run`. */
export function perItem<P>(operation: PerItemOperation<P>): OperationExecute {
	return async function execute(this: IExecuteFunctions, client: MessageCentralClient) {
		return await executePerItem.call(this, client, operation);
	};
}

async function executePerItem<P>(
	this: IExecuteFunctions,
	client: MessageCentralClient,
	operation: PerItemOperation<P>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();

	const prepared: Array<Preparation<P>> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push({ ok: true, value: await operation.prepare.call(this, i, client) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, i);
			prepared.push({ ok: false, error });
		}
	}

	let failure: { index: number; error: unknown } | undefined;
	let succeeded = 0;
	const output = await runPool(
		items.length,
		readThroughput(this, operation.concurrency ?? 5),
		async (i): Promise<INodeExecutionData | undefined> => {
			const preparation = prepared[i];
			if (!preparation.ok) return errorItem(preparation.error, i);
			try {
				const json = await operation.run.call(this, preparation.value, i, client);
				succeeded++;
				return { json, pairedItem: { item: i } };
			} catch (error) {
				if (continueOnFail) return errorItem(error, i);
				if (!failure || i < failure.index) failure = { index: i, error };
				return undefined;
			}
		},
		{ shouldStop: () => failure !== undefined, sleep },
	);

	if (failure) throw withProgress(failure.error, succeeded);
	return output as INodeExecutionData[];
}

function readThroughput(ctx: IExecuteFunctions, defaultConcurrency: number) {
	return {
		concurrency: Number(ctx.getNodeParameter('options.concurrency', 0, defaultConcurrency)),
		maxPerSecond: Number(ctx.getNodeParameter('options.maxPerSecond', 0, 0)),
	};
}

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const { message, description } = error as { message?: string; description?: string | null };
	const json: IDataObject = { error: message ?? String(error), code: responseCodeOf(error) };
	if (description) json.description = description;
	return { json, pairedItem: { item: itemIndex } };
}

/** Without continueOnFail the run stops; say how many items had already gone out. */
function withProgress(error: unknown, succeeded: number): unknown {
	if (succeeded > 0 && error && typeof error === 'object' && 'description' in error) {
		const e = error as { description?: string | null };
		e.description = `${e.description ? `${e.description} ` : ''}${succeeded} other item(s) of this run had already succeeded. Turn on "Continue (using error output)" or "Continue" under Settings → On Error to get one output item per input item.`;
	}
	return error;
}
