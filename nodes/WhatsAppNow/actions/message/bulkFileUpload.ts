import { NodeOperationError } from 'n8n-workflow';

import { checkBulkHeader } from '../../helpers/xlsx/bulkSheet';
import type { BinaryFile } from '../../helpers/media';
import { summariseXlsx, XlsxReadError } from '../../helpers/xlsx/xlsxReader';
import { uploadBulkFile } from '../../transport/api';
import { readBinaryFile, readSenderId } from '../itemInput';
import { perItem } from '../perItem';
import { readTemplateRef, type TemplateRef } from './templateInput';

interface PreparedFile extends TemplateRef {
	senderId: string;
	file: BinaryFile;
	rows: number;
	variableCount: number;
}

/** Source "XLSX File": each input item uploads one ready contact list, after its header is checked. */
export const uploadFiles = perItem<PreparedFile>({
	async prepare(itemIndex, client) {
		const senderId = await readSenderId(this, client, itemIndex);
		const ref = readTemplateRef(this, itemIndex);
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
		const file = await readBinaryFile(this, itemIndex, property);
		const where = `Input Binary Field "${property}" (item ${itemIndex})`;
		const invalid = (message: string) =>
			new NodeOperationError(this.getNode(), `${where}: ${message}`, {
				itemIndex,
				description: FORMAT_HINT,
			});
		let summary;
		try {
			summary = await summariseXlsx(file.buffer);
		} catch (error) {
			const reason =
				error instanceof XlsxReadError ? error.message : `it could not be read (${String(error)})`;
			throw invalid(`"${file.fileName}" cannot be uploaded: ${reason}`);
		}
		const header = checkBulkHeader(summary.header);
		if (!header.ok) {
			const found = header.found.join(', ') || '(an empty first row)';
			throw invalid(
				`"${file.fileName}" has a wrong header row. Expected: ${header.expected.join(', ')}. Found: ${found}.`,
			);
		}
		if (summary.recipientRows === 0) {
			throw invalid(`"${file.fileName}" has no recipient rows below the header`);
		}
		if (summary.whitespace) {
			const { row, column, problem, rows } = summary.whitespace;
			const others = rows > 1 ? ` (and ${rows - 1} more row${rows > 2 ? 's' : ''})` : '';
			throw new NodeOperationError(
				this.getNode(),
				`${where}: "${file.fileName}" row ${row}${others}, column ${column}: the value has ${problem}`,
				{
					itemIndex,
					description:
						'WhatsApp refuses template values with a line break, a tab or more than 4 consecutive spaces, and only after Message Central accepted and charged the message (error 132018). Nothing was uploaded. Put each value on one line and collapse long runs of spaces, then upload the file again.',
				},
			);
		}
		const rows = summary.recipientRows;
		return { senderId, ...ref, file, rows, variableCount: header.variableCount };
	},

	async run({ senderId, templateName, language, file, rows, variableCount }, itemIndex, client) {
		const upload = {
			senderId,
			templateName,
			language,
			file: file.buffer,
			fileName: file.fileName,
			errorContext: { variablesGiven: variableCount },
		};
		const response = await uploadBulkFile(client, upload, itemIndex);
		return { success: true, rows, fileName: file.fileName, templateName, language, response };
	},
});

const FORMAT_HINT =
	"The first row must be exactly Country, Mobile, ctaVar1, ctaVar2, then var1..varN with N = the template's number of body placeholders (keep ctaVar1 and ctaVar2 even when they stay blank). Each later row is one recipient: country code, mobile number, CTA values, variable values.";
