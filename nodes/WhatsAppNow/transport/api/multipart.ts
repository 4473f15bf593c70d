import type { BinaryFile } from '../../helpers/media';

/** A multipart part for a file, with its name and MIME type. */
export function appendFile(form: FormData, field: string, file: BinaryFile) {
	const blob = new Blob([new Uint8Array(file.buffer)], { type: file.mimeType });
	form.append(field, blob, file.fileName);
}
