import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sheetRow } from '../../helpers/bulkRows';
import type { Recipient } from '../../helpers/phoneNumber';
import { canTravelAsList, joinList } from '../../helpers/variableList';
import { bulkHeader } from '../../helpers/xlsxHeader';
import { writeXlsx } from '../../helpers/xlsxWriter';
import type { MessageCentralClient } from '../../transport/client';
import type { ErrorContext } from '../../transport/errorMessages';
import { defaultCountryCodeField, phoneNumberField, throughputCollection } from '../common.descriptions';
import { executePerItem, type PerItemOperation } from '../perItem';
import { readRecipient, requireSenderId } from '../recipient';
import {
	ctaVariablesField,
	languageField,
	readTemplateRef,
	readTemplateValues,
	templateNameField,
	variablesField,
	type TemplateRef,
	type TemplateValues,
} from './templateFields';
import { messageIdOf, SEND_PATH, uploadBulkFile } from './send';

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

interface PreparedTemplate extends TemplateRef, TemplateValues {
	senderId: string;
	recipient: Recipient;
	/** 'file' when a value holds a comma, which the ", "-joined query list would split. */
	sentAs: 'query' | 'file';
}

export async function execute(
	this: IExecuteFunctions,
	client: MessageCentralClient,
): Promise<INodeExecutionData[]> {
	const operation: PerItemOperation<PreparedTemplate> = {
		async prepare(itemIndex, client) {
			const senderId = await requireSenderId(this, client, itemIndex);
			const recipient = readRecipient(this, itemIndex);
			const ref = readTemplateRef(this, itemIndex);
			const values = readTemplateValues(this, itemIndex);
			const travels = canTravelAsList(values.variables) && canTravelAsList(values.ctaVariables);
			return { senderId, recipient, ...ref, ...values, sentAs: travels ? 'query' : 'file' };
		},

		async run(prepared, itemIndex, client) {
			const { senderId, recipient, templateName, language, variables, ctaVariables, sentAs } = prepared;
			const errorContext: ErrorContext = {
				templateName,
				language,
				senderId,
				to: recipient.to,
				variablesGiven: variables.length,
				ctaVariablesGiven: ctaVariables.length,
			};
			let response: IDataObject;
			if (sentAs === 'file') {
				// The same message as a one-row bulk list: a spreadsheet cell carries any value intact.
				const file = await writeXlsx(bulkHeader(variables.length), [sheetRow({ ...recipient, variables, ctaVariables })]);
				response = await uploadBulkFile(client, {
					senderId,
					templateName,
					language,
					file,
					fileName: `${templateName}_${recipient.to}.xlsx`,
					itemIndex,
					errorContext,
				});
			} else {
				const qs: IDataObject = {
					flowType: 'WHATSAPP',
					type: 'BROADCAST',
					templateName,
					senderId,
					countryCode: recipient.countryCode,
					mobileNumber: recipient.mobileNumber,
					langId: language,
				};
				if (variables.length) qs.variables = joinList(variables);
				if (ctaVariables.length) qs.ctaVariables = joinList(ctaVariables);
				response = await client.request<IDataObject>({
					method: 'POST',
					path: SEND_PATH,
					qs,
					itemIndex,
					errorContext,
				});
			}
			return { success: true, ...recipient, messageId: messageIdOf(response), response, sentAs };
		},
	};
	return await executePerItem.call(this, client, operation);
}
