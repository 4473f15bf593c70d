import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { canTravelAsList } from '../../helpers/fields/variableList';
import type { Recipient } from '../../helpers/phone/phoneNumber';
import { sendTemplate, type TemplateMessage } from '../../transport/api';
import {
	ctaVariablesField,
	defaultCountryCodeField,
	languageField,
	phoneNumberField,
	skipNumbersField,
	templateNameField,
	throughputCollection,
	variablesField,
} from '../common.descriptions';
import { readRecipient, readSenderId, readSkipList, SKIPPED } from '../itemInput';
import { perItem } from '../perItem';
import { readTemplateRef, readTemplateValues } from './templateInput';

const properties: INodeProperties[] = [
	phoneNumberField,
	defaultCountryCodeField,
	templateNameField,
	languageField,
	variablesField,
	ctaVariablesField,
	skipNumbersField,
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);

/** A message to send, or a recipient on the skip list (no request). */
type Prepared = TemplateMessage | { skip: Recipient };

export const execute = perItem<Prepared>({
	async prepare(itemIndex, client) {
		const recipient = readRecipient(this, itemIndex);
		if (readSkipList(this).has(recipient.to)) return { skip: recipient };
		const senderId = await readSenderId(this, client, itemIndex);
		const ref = readTemplateRef(this, itemIndex);
		const values = readTemplateValues(this, itemIndex);
		const travels = canTravelAsList(values.variables) && canTravelAsList(values.ctaVariables);
		return { senderId, recipient, ...ref, ...values, sentAs: travels ? 'query' : 'file' };
	},

	async run(message, itemIndex, client) {
		if ('skip' in message) return { success: false, skipped: SKIPPED, ...message.skip };
		const { messageId, response } = await sendTemplate(client, message, itemIndex);
		return { success: true, ...message.recipient, messageId, response, sentAs: message.sentAs };
	},
});
