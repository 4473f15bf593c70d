import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { canTravelAsList } from '../../helpers/fields/variableList';
import { sendTemplate, type TemplateMessage } from '../../transport/api';
import {
	ctaVariablesField,
	defaultCountryCodeField,
	languageField,
	phoneNumberField,
	templateNameField,
	throughputCollection,
	variablesField,
} from '../common.descriptions';
import { readRecipient, readSenderId } from '../itemInput';
import { perItem } from '../perItem';
import { readTemplateRef, readTemplateValues } from './templateInput';

const properties: INodeProperties[] = [
	phoneNumberField,
	defaultCountryCodeField,
	templateNameField,
	languageField,
	variablesField,
	ctaVariablesField,
	throughputCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);

export const execute = perItem<TemplateMessage>({
	async prepare(itemIndex, client) {
		const senderId = await readSenderId(this, client, itemIndex);
		const recipient = readRecipient(this, itemIndex);
		const ref = readTemplateRef(this, itemIndex);
		const values = readTemplateValues(this, itemIndex);
		const travels = canTravelAsList(values.variables) && canTravelAsList(values.ctaVariables);
		return { senderId, recipient, ...ref, ...values, sentAs: travels ? 'query' : 'file' };
	},

	async run(message, itemIndex, client) {
		const { messageId, response } = await sendTemplate(client, message, itemIndex);
		return { success: true, ...message.recipient, messageId, response, sentAs: message.sentAs };
	},
});
