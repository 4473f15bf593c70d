// Reading requests and writing answers with Node's http module.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedFile } from './state';

/** Large enough for WhatsApp's biggest media (100 MB documents). */
const MAX_BODY_BYTES = 110 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new BodyTooLargeError(`body larger than ${MAX_BODY_BYTES} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export interface UploadedFile extends RecordedFile {
	content: Buffer;
}

export interface ParsedForm {
	fields: Record<string, string>;
	files: UploadedFile[];
}

/**
 * Multipart and url-encoded bodies, parsed by the web Request built into Node 20.
 * Anything else (including an empty body) yields no fields.
 */
export async function parseForm(req: IncomingMessage, body: Buffer): Promise<ParsedForm> {
	const contentType = req.headers['content-type'] ?? '';
	const form: ParsedForm = { fields: {}, files: [] };
	const isForm = /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(contentType);
	if (body.length === 0 || !isForm) return form;
	// Always POST here: the web Request refuses a body on GET, yet Message
	// Central's "check template status" cURL sends form fields with GET.
	const data = await new Request(`http://sandbox${req.url ?? '/'}`, {
		method: 'POST',
		headers: { 'content-type': contentType },
		// Node's Buffer is a valid body; TS's DOM typings only want ArrayBuffer-backed views.
		body: body as unknown as BodyInit,
	}).formData();
	// forEach, not entries(): the project's lib has "dom" without "dom.iterable".
	const entries: Array<[string, FormDataEntryValue]> = [];
	data.forEach((value, field) => entries.push([field, value]));
	for (const [field, value] of entries) {
		if (typeof value === 'string') {
			form.fields[field] = value;
			continue;
		}
		const content = Buffer.from(await value.arrayBuffer());
		form.files.push({
			field,
			filename: value.name,
			mimeType: value.type || 'application/octet-stream',
			size: content.length,
			sha256: createHash('sha256').update(content).digest('hex'),
			base64: content.toString('base64'),
			content,
		});
	}
	return form;
}

export function queryObject(url: URL): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of url.searchParams) out[k] = v;
	return out;
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	// A text/* answer (a fault's HTML page) goes out as written.
	const raw = typeof body === 'string' && /^text\//.test(headers['content-type'] ?? '');
	const text = raw ? (body as string) : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}
