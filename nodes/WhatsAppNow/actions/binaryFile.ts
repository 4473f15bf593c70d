import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface BinaryFile {
	buffer: Buffer;
	fileName: string;
	mimeType: string;
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

/** Multipart part for a file, with its name and MIME type. */
export function appendFile(form: FormData, field: string, file: BinaryFile) {
	form.append(field, new Blob([new Uint8Array(file.buffer)], { type: file.mimeType }), file.fileName);
}
