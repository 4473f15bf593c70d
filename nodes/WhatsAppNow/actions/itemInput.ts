/**
 * Reading one input item: its parameters, recipient, sender and files. Every
 * reader here refuses bad input with an error that names the field and the
 * item, before any request is made, so no credit is spent on it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameters,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { compileReference, readReference } from '../helpers/fields/fieldReference';
import { describeProblems, type FieldProblem } from '../helpers/fields/fieldProblem';
import { textOf } from '../helpers/fields/text';
import type { BinaryFile } from '../helpers/media';
import { compileSkipList } from '../helpers/phone/skipList';
import {
	cleanBusinessNumber,
	isBusinessNumber,
	parseRecipient,
	PhoneNumberError,
	type Recipient,
} from '../helpers/phone/phoneNumber';
import type { MessageCentralClient } from '../transport/client';

/**
 * `getNodeParameter` for per-item fields, with a fast path for the common
 * `{{ $json.field }}` and `+91{{ $json.field }}` forms (see
 * helpers/fields/fieldReference.ts): same values, a fraction of the cost on large
 * lists. Plain values and every other expression still go through n8n.
 */
export function itemParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: NodeParameterValueType,
): NodeParameterValueType | object {
	const raw = rawParameters(ctx)[name];
	const json = ctx.getInputData()[itemIndex]?.json;
	if (typeof raw === 'string' && !raw.startsWith('=')) return raw;
	const reference = compileReference(raw);
	if (reference) {
		const value = readReference(json, reference);
		if (value !== undefined) return value;
	}
	const collection = json && readCollection(raw, json);
	if (collection) return collection;
	return ctx.getNodeParameter(name, itemIndex, fallback) as NodeParameterValueType | object;
}

// n8n's getNode() returns a deep copy of the node on every call, which on a
// 100,000-item bulk list costs seconds; the raw parameters are read once per
// node run (the context object) instead. Per process and per run, nothing
// shared: the key is the run's own context object, so an entry is never seen by
// another execution and goes with the run (docs/queue-mode.md#in-process-state).
const parametersByRun = new WeakMap<object, INodeParameters>();

/** The node's parameters as saved (expressions unevaluated), read once per node run. */
export function rawParameters(ctx: IExecuteFunctions): INodeParameters {
	let parameters = parametersByRun.get(ctx);
	if (!parameters) {
		parameters = ctx.getNode().parameters;
		parametersByRun.set(ctx, parameters);
	}
	return parameters;
}

/** A fixed collection (`{variable: [{value}]}`) whose values are all plain or field references. */
function readCollection(raw: unknown, json: IDataObject): object | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const resolved: Record<string, Array<Record<string, unknown>>> = {};
	for (const [key, entries] of Object.entries(raw)) {
		if (!Array.isArray(entries)) return undefined;
		const values: Array<Record<string, unknown>> = [];
		for (const entry of entries as Array<Record<string, unknown>>) {
			if (typeof entry !== 'object' || entry === null) return undefined;
			const out: Record<string, unknown> = {};
			for (const [field, value] of Object.entries(entry)) {
				if (typeof value !== 'string' || !value.startsWith('=')) {
					out[field] = value;
					continue;
				}
				const reference = compileReference(value);
				const read = reference && readReference(json, reference);
				if (read === undefined || read === '') return undefined;
				out[field] = read;
			}
			values.push(out);
		}
		resolved[key] = values;
	}
	return resolved;
}

/**
 * A text field of one item (Message, Template Name, Code…): numbers and
 * booleans as their text, nothing as "". An object or a list is refused,
 * naming the field, the item and what came in (helpers/fields/text.ts), so
 * that a customer never reads "[object Object]".
 */
export function readText(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback = '',
): string {
	const value = textOf(itemParameter(ctx, name, itemIndex, fallback));
	if ('text' in value) return value.text;
	throw new NodeOperationError(ctx.getNode(), `${label} (item ${itemIndex}) is ${value.notText}`, {
		itemIndex,
		description: `"${label}" takes text; an object or a list would reach the customer as "[object Object]" or glued values. Nothing was sent for this item.`,
	});
}

/** The item's `phoneNumber` + `defaultCountryCode`, or an error naming the field and item. */
export function readRecipient(ctx: IExecuteFunctions, itemIndex: number): Recipient {
	const raw = itemParameter(ctx, 'phoneNumber', itemIndex, '');
	const defaultCode = itemParameter(ctx, 'defaultCountryCode', itemIndex, '');
	try {
		return parseRecipient(raw, defaultCode);
	} catch (error) {
		const reason = error instanceof PhoneNumberError ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), `Phone Number (item ${itemIndex}): ${reason}`, {
			itemIndex,
			description: 'Nothing was sent for this item.',
		});
	}
}

const skipListsByRun = new WeakMap<object, ReadonlySet<string>>();

/**
 * Skip Numbers, read once per node run (an opt-out list of thousands is read
 * once, not once per item), as `to` values; empty when the field is. A list
 * that cannot be read fails the whole run, naming the field: sending while
 * ignoring it could message someone who opted out.
 */
export function readSkipList(ctx: IExecuteFunctions): ReadonlySet<string> {
	let numbers = skipListsByRun.get(ctx);
	if (numbers) return numbers;
	const raw = rawParameters(ctx).skipNumbers;
	const list =
		raw === undefined || raw === ''
			? { numbers: new Set<string>() }
			: compileSkipList(
					ctx.getNodeParameter('skipNumbers', 0, ''),
					ctx.getNodeParameter('defaultCountryCode', 0, ''),
				);
	if ('problem' in list) {
		throw new NodeOperationError(ctx.getNode(), `Skip Numbers: ${list.problem}`, {
			description: 'Nothing was sent. Fix Skip Numbers, or empty it to send to every recipient.',
		});
	}
	numbers = list.numbers;
	skipListsByRun.set(ctx, numbers);
	return numbers;
}

/** What a recipient on the skip list outputs: no request was made for it. */
export const SKIPPED = 'on the skip list';

/** The node's Sender ID, or the credential's Default Sender ID when the node leaves it empty. */
export async function readSenderId(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	itemIndex: number,
): Promise<string> {
	const own = readText(ctx, 'senderId', 'Sender ID', itemIndex).trim();
	const senderId = cleanBusinessNumber(own || (await client.getCredentials()).senderId);
	if (!isBusinessNumber(senderId)) {
		throw new NodeOperationError(
			ctx.getNode(),
			senderId
				? `Sender ID "${senderId}" is not a phone number with country code`
				: 'Sender ID is empty',
			{
				itemIndex,
				description:
					'Set Sender ID on the node, or Default Sender ID in the Message Central API credential, to your WhatsApp Business number with country code (digits only, e.g. 919876543210).',
			},
		);
	}
	return senderId;
}

export async function readBinaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<BinaryFile> {
	const binary = ctx.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw new NodeOperationError(
			ctx.getNode(),
			`Input Binary Field: item ${itemIndex} has no binary property "${propertyName}"`,
			{
				itemIndex,
				description: available.length
					? `The item's binary properties are: ${available.join(', ')}. Put one of them in "Input Binary Field".`
					: 'The item carries no file. Read or download the file in an earlier node (e.g. Read/Write Files from Disk, HTTP Request with Response Format "File").',
			},
		);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const extension = binary.fileExtension ? `.${binary.fileExtension}` : '';
	return {
		buffer,
		fileName: binary.fileName ?? `${propertyName}${extension}`,
		mimeType: binary.mimeType,
	};
}

/** One error for a list of field problems: the first as the message, all of them in the details. */
export function problemsError(
	ctx: IExecuteFunctions,
	problems: FieldProblem[],
	itemIndex: number,
): NodeOperationError {
	const { message, details } = describeProblems(problems, itemIndex);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description: details });
}
