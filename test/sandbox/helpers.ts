// Shared helpers for the sandbox tests: real HTTP with axios, web FormData,
// XLSX files built with exceljs and a local webhook receiver.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import ExcelJS from 'exceljs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	type Sandbox,
	type SandboxOptions,
	SANDBOX_CUSTOMER_ID,
	SANDBOX_KEY,
	SANDBOX_SENDER_ID,
	TEMPLATE_PATH,
	TOKEN_PATH,
	startSandbox,
} from '../../sandbox';
// The receiver reads callbacks the way the sandbox reads its own requests.
import { readBody } from '../../sandbox/http-util';
import { parseJsonBody } from '../../sandbox/json';
import { ORDER_UPDATE_TEMPLATE } from '../fixtures/orderUpdateTemplate';

export { SEND_PATH, TEMPLATE_PATH, TOKEN_PATH } from '../../sandbox';

/** An axios client that never throws on HTTP status: tests assert on it. */
export function client(sb: Sandbox, token?: string): AxiosInstance {
	return axios.create({
		baseURL: sb.url,
		validateStatus: () => true,
		headers: token ? { authToken: token } : {},
	});
}

export async function fetchToken(sb: Sandbox): Promise<string> {
	const res = await axios.get(`${sb.url}${TOKEN_PATH}`, {
		params: { customerId: SANDBOX_CUSTOMER_ID, key: SANDBOX_KEY, scope: 'NEW' },
	});
	return (res.data as { token: string }).token;
}

export interface Harness {
	sb: Sandbox;
	api: AxiosInstance;
	token: string;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
	const sb = await startSandbox(options);
	const token = await fetchToken(sb);
	return { sb, api: client(sb, token), token };
}

type Fields = Record<string, string | undefined>;

export interface FilePart {
	field?: string;
	name: string;
	type: string;
	content: Buffer | string;
}

export function form(fields: Fields, ...files: FilePart[]): FormData {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.append(k, v);
	for (const f of files) {
		const bytes = typeof f.content === 'string' ? Buffer.from(f.content) : f.content;
		fd.append(f.field ?? 'file', new Blob([new Uint8Array(bytes)], { type: f.type }), f.name);
	}
	return fd;
}

export const PNG: FilePart = {
	name: 'banner.png',
	type: 'image/png',
	content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function xlsx(rows: Array<Array<string | number | null>>): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Contacts');
	for (const row of rows) ws.addRow(row);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function xlsxPart(rows: Array<Array<string | number | null>>): Promise<FilePart> {
	return { name: 'contacts.xlsx', type: XLSX_TYPE, content: await xlsx(rows) };
}

/**
 * The shared order-update template as Message Central's form fields, with
 * examples and footer of the sandbox tests' own; override per test.
 */
export function templateFields(overrides: Fields = {}): Fields {
	const { bodyExamples, ...template } = ORDER_UPDATE_TEMPLATE;
	return {
		phoneNumber: SANDBOX_SENDER_ID,
		...template,
		bodyValue: 'Kunal MSG3453',
		footer: 'Type STOP to unsubscribe',
		...overrides,
	};
}

export async function createTemplate(
	api: AxiosInstance,
	overrides: Fields = {},
	...files: FilePart[]
): Promise<AxiosResponse> {
	return api.post(TEMPLATE_PATH, form(templateFields(overrides), ...files));
}

export interface Received {
	headers: http.IncomingHttpHeaders;
	raw: string;
	body: unknown;
}

export interface Receiver {
	url: string;
	received: Received[];
	status: number;
	close(): Promise<void>;
}

/** A local webhook endpoint that stores every POST and answers `status`. */
export async function startReceiver(status = 200): Promise<Receiver> {
	const received: Received[] = [];
	const receiver: Receiver = { url: '', received, status, close: async () => undefined };
	const server = http.createServer((req, res) => {
		void readBody(req).then((body) => {
			const raw = body.toString('utf8');
			received.push({ headers: req.headers, raw, body: parseJsonBody(body) });
			res.writeHead(receiver.status).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
	receiver.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return receiver;
}

export async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
	const started = Date.now();
	while (!predicate()) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** statuses[0] of a status payload (the sandbox sends one per payload). */
export function statusOf(payload: unknown): Record<string, unknown> {
	return (valueOf(payload).statuses as Array<Record<string, unknown>>)[0];
}

export function valueOf(payload: unknown): Record<string, unknown> {
	const p = payload as { entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> };
	return p.entry[0].changes[0].value;
}
