import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { FieldProblem } from '../../helpers/fields/fieldProblem';
import {
	checkVerificationCode,
	type CodeCheck,
	type VerificationStatus,
} from '../../transport/api';
import {
	defaultCountryCodeField,
	phoneNumberField,
	throughputCollection,
} from '../common.descriptions';
import { problemsError, readRecipient, readText } from '../itemInput';
import { perItem } from '../perItem';
import { CODE_LENGTH } from './sendCode.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Verification ID',
		name: 'verificationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '{{ $json.verificationId }}',
		description: 'The verificationId output of Send Code for this person',
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		placeholder: '{{ $json.code }}',
		description:
			'The code the person typed: 4 to 8 digits (anything else is refused before asking Message Central)',
	},
	{
		...phoneNumberField,
		required: false,
		description:
			'Optional: the number the code was sent to. When set, Message Central also checks that the code belongs to it.',
	},
	defaultCountryCodeField,
	{
		...throughputCollection,
		options: [
			{
				displayName: 'Fail When Not Verified',
				name: 'failWhenNotVerified',
				type: 'boolean',
				default: false,
				description:
					'Whether a wrong, expired or already used code fails the node instead of answering verified false',
			},
			...(throughputCollection.options ?? []),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['verification'], operation: ['checkCode'] } },
	properties,
);

/** Why a check answered "not verified", for Fail When Not Verified. */
const NOT_VERIFIED_REASONS: Record<
	Exclude<VerificationStatus, 'VERIFICATION_COMPLETED'>,
	string
> = {
	WRONG_CODE: 'the code is wrong',
	EXPIRED: 'the code has expired; send a new one',
	ALREADY_VERIFIED: 'this verification was already completed with its code',
	FAILED:
		'Message Central ended this verification (too many wrong codes, or another number); send a new code',
};

export const execute = perItem<CodeCheck>({
	async prepare(itemIndex) {
		const verificationId = readText(this, 'verificationId', 'Verification ID', itemIndex).trim();
		const code = readText(this, 'code', 'Code', itemIndex).trim();
		const problems: FieldProblem[] = [];
		if (verificationId === '') {
			problems.push({
				field: 'Verification ID',
				message: 'is empty; use the verificationId output of Send Code',
			});
		} else if (/\s/.test(verificationId)) {
			problems.push({
				field: 'Verification ID',
				message: `"${verificationId}" is not a verification ID`,
			});
		}
		const digits = new RegExp(`^\\d{${CODE_LENGTH.min},${CODE_LENGTH.max}}$`);
		if (!digits.test(code)) {
			problems.push({
				field: 'Code',
				message: code
					? `"${code}" is not a code: codes are ${CODE_LENGTH.min} to ${CODE_LENGTH.max} digits`
					: 'is empty; pass the code the person typed',
			});
		}
		if (problems.length > 0) throw problemsError(this, problems, itemIndex);
		const phone = readText(this, 'phoneNumber', 'Phone Number', itemIndex).trim();
		return { verificationId, code, recipient: phone ? readRecipient(this, itemIndex) : undefined };
	},

	async run(check, itemIndex, client) {
		const { status, verified } = await checkVerificationCode(client, check, itemIndex);
		if (!verified && this.getNodeParameter('options.failWhenNotVerified', itemIndex, false)) {
			const reason = NOT_VERIFIED_REASONS[status as keyof typeof NOT_VERIFIED_REASONS];
			throw new NodeOperationError(
				this.getNode(),
				`The code was not verified (item ${itemIndex}): ${reason} (${status})`,
				{
					itemIndex,
					description:
						'Turn off "Fail When Not Verified" to get verified: false with the status instead, and branch on it with an If node.',
				},
			);
		}
		return { verified, status, verificationId: check.verificationId };
	},
});
