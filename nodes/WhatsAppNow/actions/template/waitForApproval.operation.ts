import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import type { FieldProblem } from '../../helpers/fields/fieldProblem';
import type { TemplateLookup } from '../../transport/api';
import { throughputCollection } from '../common.descriptions';
import { problemsError } from '../itemInput';
import { perItem } from '../perItem';
import { fetchTemplate, lookupFields, readLookup } from './lookup';

export const MIN_POLL_SECONDS = 5;

/** Statuses Meta does not leave by waiting; PENDING, IN_APPEAL and PAUSED may still turn APPROVED. */
const FINAL_FAILURES = ['REJECTED', 'DISABLED', 'DELETED', 'PENDING_DELETION'];

/** Meta's rejection reasons in plain words. */
const REJECTION_REASONS: Record<string, string> = {
	ABUSIVE_CONTENT: 'Meta considers the content abusive',
	INCORRECT_CATEGORY: 'the content does not fit the chosen category',
	INVALID_FORMAT: 'the format is invalid: check variables, examples, buttons and media',
	PROMOTIONAL: 'the content is promotional; create it with category MARKETING',
	SCAM: 'Meta considers the content a scam',
	TAG_CONTENT_MISMATCH: 'the content does not match the chosen category',
};

const properties: INodeProperties[] = [
	...lookupFields,
	{
		displayName: 'Timeout (Minutes)',
		name: 'timeoutMinutes',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 60,
		description:
			'How long to wait for Meta\'s decision before failing, counted for each item from its first check. Meta usually decides within minutes, but can take up to 24 hours. Up to "Requests in Flight" items wait at the same time.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: MIN_POLL_SECONDS, numberPrecision: 0 },
		default: 30,
		description: 'How often to ask Message Central for the status; at least 5 seconds',
	},
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['waitForApproval'] } },
	properties,
);

interface PreparedWait {
	lookup: TemplateLookup;
	timeoutMs: number;
	intervalMs: number;
}

export const execute = perItem<PreparedWait>({
	async prepare(itemIndex, client) {
		const lookup = await readLookup(this, client, itemIndex);
		const timeout = Number(this.getNodeParameter('timeoutMinutes', itemIndex, 60));
		const interval = Number(this.getNodeParameter('pollIntervalSeconds', itemIndex, 30));
		const problems: FieldProblem[] = [];
		if (!Number.isFinite(timeout) || timeout <= 0) {
			problems.push({
				field: 'Timeout (Minutes)',
				message: `must be a number above 0, not "${timeout}"`,
			});
		}
		if (!Number.isFinite(interval)) {
			problems.push({
				field: 'Poll Interval (Seconds)',
				message: `must be a number of seconds (at least ${MIN_POLL_SECONDS})`,
			});
		}
		if (problems.length > 0) throw problemsError(this, problems, itemIndex);
		return {
			lookup,
			timeoutMs: timeout * 60_000,
			// Values below the minimum (e.g. from an expression) are raised to it.
			intervalMs: Math.max(MIN_POLL_SECONDS, interval) * 1000,
		};
	},

	async run({ lookup, timeoutMs, intervalMs }, itemIndex, client) {
		const deadline = Date.now() + timeoutMs;
		const signal = this.getExecutionCancelSignal?.();
		for (;;) {
			const template = await fetchTemplate(this, client, lookup, itemIndex);
			const status = String(template.status ?? '').toUpperCase();
			if (status === 'APPROVED') return template;
			if (FINAL_FAILURES.includes(status))
				throw notApproved(this, lookup, template, status, itemIndex);
			const remaining = deadline - Date.now();
			if (remaining <= 0) throw timedOut(this, lookup, status, timeoutMs, itemIndex);
			// Never past the deadline: the last poll happens right at it.
			await pause(Math.min(intervalMs, remaining), signal);
			if (signal?.aborted) {
				throw new NodeOperationError(
					this.getNode(),
					'The execution was cancelled while waiting for template approval',
					{
						itemIndex,
					},
				);
			}
		}
	},
});

/** n8n-workflow's sleep, cut short when the execution is cancelled. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<void>((resolve) => {
		onAbort = () => resolve();
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

function label(lookup: TemplateLookup) {
	return `"${lookup.templateName}" (ID ${lookup.templateId}, ${lookup.language})`;
}

function notApproved(
	ctx: IExecuteFunctions,
	lookup: TemplateLookup,
	template: IDataObject,
	status: string,
	itemIndex: number,
): NodeOperationError {
	if (status !== 'REJECTED') {
		return new NodeOperationError(
			ctx.getNode(),
			`Template ${label(lookup)} is ${status} and will not be approved`,
			{
				itemIndex,
				description: "Check the template in Meta's WhatsApp Manager, or create a new template.",
			},
		);
	}
	const reason = String(
		template.rejected_reason ?? template.rejectedReason ?? template.reason ?? '',
	).trim();
	const known = REJECTION_REASONS[reason.toUpperCase()];
	const because =
		reason && reason.toUpperCase() !== 'NONE'
			? `: ${reason}${known ? ` (${known})` : ''}`
			: ' (no reason given)';
	return new NodeOperationError(
		ctx.getNode(),
		`Meta rejected template ${label(lookup)}${because}`,
		{
			itemIndex,
			description:
				"Fix the template following Meta's template guidelines and create it again under a new name, or appeal the decision in Meta's WhatsApp Manager.",
		},
	);
}

function timedOut(
	ctx: IExecuteFunctions,
	lookup: TemplateLookup,
	status: string,
	timeoutMs: number,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Template ${label(lookup)} was still ${status || 'undecided'} after ${formatDuration(timeoutMs)}`,
		{
			itemIndex,
			description:
				'Meta has not decided yet; reviews can take up to 24 hours. Raise Timeout (Minutes), or check again later with Template → Get Status.',
		},
	);
}

function formatDuration(ms: number): string {
	if (ms < 60_000) return `${Math.round(ms / 1000)} seconds`;
	const minutes = Math.round((ms / 60_000) * 100) / 100;
	return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
