/**
 * Send and Wait for Response: one WhatsApp message per item carrying a signed
 * link to a response page, then the execution waits until someone answers
 * (see responseWebhook.ts) or the wait limit passes. How n8n stores and
 * resumes a waiting execution: docs/n8n-mechanics.md#send-and-wait.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions, WAIT_INDEFINITELY } from 'n8n-workflow';

import { readableLines, textOf } from '../../helpers/fields/text';
import { canTravelAsList } from '../../helpers/fields/variableList';
import { waitLimitDate } from '../../helpers/response/waitLimit';
import { sendChat, sendTemplate } from '../../transport/api';
import { responseCodeOf, type MessageCentralClient } from '../../transport/client';
import {
	defaultCountryCodeField,
	languageField,
	phoneNumberField,
	templateNameField,
	variablesField,
} from '../common.descriptions';
import { itemParameter, rawParameters, readRecipient, readSenderId } from '../itemInput';
import { perItem } from '../perItem';
import {
	approvalOptionsField,
	formFieldsField,
	limitWaitTimeOption,
	responseTypeField,
} from './responseFields';
import { readResponseSettings, type ResponseSettings } from './responseSettings';
import { checkChatText } from './sendChat.operation';
import { readTemplateRef, readTemplateValues } from './templateInput';

const asChat = { show: { sendAs: ['chat'] } };
const asTemplate = { show: { sendAs: ['template'] } };

export const TEMPLATE_RECIPE =
	"Create a template with exactly one button of type URL whose URL is https://<your n8n host>/webhook-waiting/{{1}} (your n8n's WEBHOOK_URL followed by webhook-waiting/{{1}}), for example with Template → Create, and wait until it is approved. The node fills {{1}} with the rest of the response link.";

const properties: INodeProperties[] = [
	phoneNumberField,
	defaultCountryCodeField,
	{
		displayName: 'Send As',
		name: 'sendAs',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Chat',
				value: 'chat',
				description:
					'Free text with the response link(s) appended. WhatsApp delivers it only within 24 hours of the customer’s last message.',
			},
			{
				name: 'Template',
				value: 'template',
				description:
					'An approved template with one dynamic URL button that opens the response page. Always delivered, also outside the 24-hour window.',
			},
		],
		default: 'chat',
		description:
			'How the question goes out: as a chat (within 24 hours of the person’s last message) or as an approved template with a URL button',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: asChat,
		description:
			'The question. The response link(s) are added below it. A chat reaches the person only within 24 hours of their last message to you; otherwise choose Send As: Template.',
	},
	{
		...templateNameField,
		displayOptions: asTemplate,
		description: `Name of an approved template with exactly one dynamic URL button. ${TEMPLATE_RECIPE}`,
	},
	{ ...languageField, displayOptions: asTemplate },
	{ ...variablesField, displayOptions: asTemplate },
	responseTypeField,
	approvalOptionsField,
	formFieldsField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [limitWaitTimeOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendAndWait'] } },
	properties,
);

/** What each item sent: kept in the waiting execution and output when it continues. */
type SentRecord = IDataObject;

/** `question`: what the person was asked, shown on the response page above the choices. */
type Outgoing =
	| { kind: 'chat'; send: Parameters<typeof sendChat>[1]; question: string }
	| { kind: 'template'; send: Parameters<typeof sendTemplate>[1]; question: string };

export async function execute(
	this: IExecuteFunctions,
	client: MessageCentralClient,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const settings = readResponseSettings(this);
	const waitTill = readWaitTill(this);

	// Links are signed for this execution and node; each carries its item.
	(this as { setSignatureValidationRequired?: () => void }).setSignatureValidationRequired?.();
	const link = (itemIndex: number, choice?: 'approve' | 'decline') =>
		this.getSignedResumeUrl(
			choice ? { item: String(itemIndex), choice } : { item: String(itemIndex) },
		);

	// Read, check and send as every per-item operation does (all items checked
	// before the first message; continueOnFail; progress in the error).
	const sendAll = perItem<Outgoing>({
		// One message after the other, in item order.
		concurrency: 1,
		async prepare(itemIndex, client) {
			return await prepare(this, client, itemIndex, settings, link);
		},
		async run(out, itemIndex, client) {
			const { messageId } =
				out.kind === 'chat'
					? await sendChat(client, out.send, itemIndex)
					: await sendTemplate(client, out.send, itemIndex).catch((error) => {
							throw withTemplateAdvice(this, error, itemIndex);
						});
			return { ...out.send.recipient, messageId, question: out.question };
		},
	});
	const records: SentRecord[] = (await sendAll.call(this, client)).map((item) => item.json);
	if (records.every((json) => 'error' in json)) {
		return records.map((json, i) => ({ json, pairedItem: { item: i } }));
	}

	// n8n keeps this node's input with the waiting execution and, when the
	// wait limit passes, continues with that input unchanged. Putting the
	// records in its place makes a timed-out item say so, and lets the
	// response page find what each item sent (docs/n8n-mechanics.md#send-and-wait).
	// They travel with the execution in n8n's database, not in this process, so
	// the answer may arrive on any webhook process (docs/queue-mode.md#in-process-state).
	items.splice(
		0,
		items.length,
		...records.map((json, i) => ({
			json: 'error' in json ? json : { ...json, responded: false, timedOut: true, data: {} },
			pairedItem: { item: i },
		})),
	);
	await this.putExecutionToWait(waitTill ?? WAIT_INDEFINITELY);
	return records.map((json, i) => ({
		json: 'error' in json ? json : { ...json, waitingForResponse: true },
		pairedItem: { item: i },
	}));
}

async function prepare(
	ctx: IExecuteFunctions,
	client: MessageCentralClient,
	itemIndex: number,
	settings: ResponseSettings,
	link: (itemIndex: number, choice?: 'approve' | 'decline') => string,
): Promise<Outgoing> {
	const senderId = await readSenderId(ctx, client, itemIndex);
	const recipient = readRecipient(ctx, itemIndex);
	const sendAs = ctx.getNodeParameter('sendAs', itemIndex, 'chat') as string;
	if (sendAs === 'template') {
		const ref = readTemplateRef(ctx, itemIndex);
		const { variables } = readTemplateValues(ctx, itemIndex);
		const url = link(itemIndex);
		// The button's URL is <n8n>/webhook-waiting/{{1}}: {{1}} is what follows it.
		const marker = `/${ctx.getExecutionId()}/`;
		const ctaVariables = [url.slice(url.indexOf(marker) + 1)];
		const sentAs = canTravelAsList(variables) ? 'query' : 'file';
		return {
			kind: 'template',
			send: { senderId, recipient, ...ref, variables, ctaVariables, sentAs },
			// The template's text is Message Central's; its name and values say what was asked.
			question: [`Template "${ref.templateName}"`, ...variables].join('\n'),
		};
	}
	const message = readQuestion(ctx, itemIndex);
	const links =
		settings.type === 'approval'
			? [
					`${settings.approval.approveLabel}: ${link(itemIndex, settings.approval.declineLabel ? 'approve' : undefined)}`,
					...(settings.approval.declineLabel
						? [`${settings.approval.declineLabel}: ${link(itemIndex, 'decline')}`]
						: []),
				]
			: [`Answer here: ${link(itemIndex)}`];
	const added = `\n\n${links.join('\n')}`;
	checkChatText(ctx, message, itemIndex, added);
	return {
		kind: 'chat',
		send: { senderId, recipient, message: `${message.trimEnd()}${added}` },
		question: message.trim(),
	};
}

/**
 * The question as a person will read it. Unlike other text fields, an object
 * is not refused here: n8n's approval tool hands the message the tool's
 * parameters, and the person deciding must see them, one readable line per
 * field, never "[object Object]".
 */
function readQuestion(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = itemParameter(ctx, 'message', itemIndex, '');
	const text = textOf(value);
	if (!('text' in text)) return readableLines(value);
	const raw = rawParameters(ctx).message;
	if (typeof raw !== 'string' || !raw.startsWith('=')) return text.text;
	const marked = raw.slice(1).replace(TOOL_PARAMETERS, PARAMETERS_MARK);
	if (!marked.includes(PARAMETERS_MARK) || !text.text.includes('[object Object]')) return text.text;
	// n8n's approval tool (whatsAppNowHitlTool) writes `{{ $tool.parameters }}`
	// inside its default text, where the object becomes "[object Object]" and
	// the manager would approve blind: those places show the parameters as
	// lines instead (docs/operations.md#ai-agents).
	const parameters = readableLines(ctx.evaluateExpression('{{ $tool.parameters }}', itemIndex));
	const rest = ctx.evaluateExpression(marked, itemIndex);
	return String(rest).split(PARAMETERS_MARK).join(parameters);
}

/** `{{ $tool.parameters }}` written alone in an expression's text (the approval tool's default). */
const TOOL_PARAMETERS = /\{\{\s*\$tool\.parameters\s*\}\}/g;
const PARAMETERS_MARK = '\u2063tool-parameters\u2063';

function readWaitTill(ctx: IExecuteFunctions): Date | undefined {
	const limit = ctx.getNodeParameter('options.limitWaitTime', 0, {}) as {
		values?: Record<string, unknown>;
	};
	const until = waitLimitDate(limit.values, Date.now());
	if (typeof until === 'string') {
		throw new NodeOperationError(ctx.getNode(), `Limit Wait Time: ${until}`, {
			description: 'Fix the option or remove it. Nothing was sent.',
		});
	}
	return until;
}

/** 804 on a template send here almost always means the template has no dynamic URL button. */
function withTemplateAdvice(ctx: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
	if (responseCodeOf(error) !== 804) return error;
	const templateName = String(ctx.getNodeParameter('templateName', itemIndex, ''));
	const advice = new NodeOperationError(
		ctx.getNode(),
		`Template "${templateName}" does not take the response link (804): it needs exactly one dynamic URL button`,
		{ itemIndex, description: `${TEMPLATE_RECIPE} Nothing was sent for this item.` },
	);
	advice.context.responseCode = 804;
	return advice;
}
