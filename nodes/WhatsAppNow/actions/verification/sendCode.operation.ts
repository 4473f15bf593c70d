import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { FieldProblem } from '../../helpers/fields/fieldProblem';
import { sendVerificationCode, type CodeRequest } from '../../transport/api';
import {
	defaultCountryCodeField,
	phoneNumberField,
	throughputCollection,
} from '../common.descriptions';
import { problemsError, readRecipient, readText } from '../itemInput';
import { perItem } from '../perItem';

export const CODE_LENGTH = { min: 4, max: 8, default: 4 };

const CHANNELS = ['WHATSAPP', 'SMS'] as const;

const properties: INodeProperties[] = [
	phoneNumberField,
	defaultCountryCodeField,
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		options: [
			{
				name: 'WhatsApp',
				value: 'WHATSAPP',
				description: "The code arrives in WhatsApp, in Message Central's fixed OTP template",
			},
			{ name: 'SMS', value: 'SMS', description: 'The code arrives as a text message' },
		],
		default: 'WHATSAPP',
		description: 'How the code reaches the person',
	},
	{
		displayName: 'Code Length',
		name: 'codeLength',
		type: 'number',
		typeOptions: { minValue: CODE_LENGTH.min, maxValue: CODE_LENGTH.max, numberPrecision: 0 },
		default: 4,
		description: 'How many digits the code has, 4 to 8',
	},
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['verification'], operation: ['sendCode'] } },
	properties,
);

export const execute = perItem<CodeRequest>({
	async prepare(itemIndex) {
		const recipient = readRecipient(this, itemIndex);
		const channel = readText(this, 'channel', 'Channel', itemIndex, 'WHATSAPP').toUpperCase();
		const codeLength = Number(this.getNodeParameter('codeLength', itemIndex, CODE_LENGTH.default));
		const problems: FieldProblem[] = [];
		if (!(CHANNELS as readonly string[]).includes(channel)) {
			problems.push({ field: 'Channel', message: `must be WHATSAPP or SMS, not "${channel}"` });
		}
		if (
			!Number.isInteger(codeLength) ||
			codeLength < CODE_LENGTH.min ||
			codeLength > CODE_LENGTH.max
		) {
			problems.push({
				field: 'Code Length',
				message: `must be a whole number from ${CODE_LENGTH.min} to ${CODE_LENGTH.max}, not "${codeLength}"`,
			});
		}
		if (problems.length > 0) throw problemsError(this, problems, itemIndex);
		return { recipient, channel: channel as CodeRequest['channel'], codeLength };
	},

	async run(request, itemIndex, client) {
		const sent = await sendVerificationCode(client, request, itemIndex);
		if (sent.verificationId === null) {
			throw new NodeOperationError(
				this.getNode(),
				`Message Central answered without a verification ID (item ${itemIndex})`,
				{
					itemIndex,
					description: `The code may have been sent; without its ID it cannot be checked. Answer received: ${JSON.stringify(sent.response)?.slice(0, 300)}`,
				},
			);
		}
		const seconds = sent.expiresInSeconds;
		return {
			verificationId: sent.verificationId,
			...request.recipient,
			channel: request.channel,
			expiresInSeconds: seconds,
			expiresAt: seconds === null ? null : new Date(Date.now() + seconds * 1000).toISOString(),
		};
	},
});
