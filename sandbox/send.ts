// POST /verification/v3/send: chat, single broadcast and bulk (XLSX) broadcast.
import { type ApiCall, fileOf, param } from './call';
import { type ApiAnswer, failure, success } from './envelope';
import { type SandboxMessage, type SandboxTemplate, SANDBOX_SENDER_ID } from './state';
import { bodyVariableCount, dynamicUrlCount, findTemplate } from './templates';
import { newWamid } from './webhooks';
import { readXlsx } from './xlsx';

/** A free-text WhatsApp message is at most 4096 characters. */
export const CHAT_MAX_LENGTH = 4096;

export const isCountryCode = (v: string | undefined): v is string => !!v && /^[1-9]\d{0,2}$/.test(v.trim());
export const isMobile = (v: string | undefined): v is string => !!v && /^\d{4,14}$/.test(v.trim());

/** Single-broadcast lists travel joined by ', ' (the document's cURL). */
export function splitList(v: string | undefined): string[] {
	return v === undefined ? [] : v.split(', ');
}

export function bulkHeader(variableCount: number): string[] {
	return ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', ...Array.from({ length: variableCount }, (_, i) => `var${i + 1}`)];
}

export async function send(call: ApiCall): Promise<ApiAnswer> {
	const style = call.rt.config.errorStyle;
	if (param(call, 'flowType')?.trim() !== 'WHATSAPP') return failure(style, 400);
	switch (param(call, 'type')?.trim()) {
		case 'CHAT':
			return chat(call);
		case 'BROADCAST':
			return broadcast(call);
		default:
			return failure(style, 400);
	}
}

function chat(call: ApiCall): ApiAnswer {
	const { rt } = call;
	const style = rt.config.errorStyle;
	if (param(call, 'senderId')?.trim() !== SANDBOX_SENDER_ID) return failure(style, 801);
	const mobileNumber = param(call, 'mobileNumber')?.trim();
	if (!mobileNumber) return failure(style, 829);
	const message = param(call, 'message');
	if (!message) return failure(style, 830);
	const countryCode = param(call, 'countryCode')?.trim();
	if (!isCountryCode(countryCode)) return failure(style, 511);
	if (!isMobile(mobileNumber) || message.length > CHAT_MAX_LENGTH) return failure(style, 400);
	if (rt.config.credits < 1) return failure(style, 805);

	const to = countryCode + mobileNumber;
	const file = fileOf(call);
	const accepted: SandboxMessage = {
		wamid: newWamid(to),
		to,
		countryCode,
		mobileNumber,
		type: 'CHAT',
		message,
		viaFile: false,
		requestId: call.record.id,
		at: Date.now(),
	};
	if (file) {
		accepted.file = { filename: file.filename, mimeType: file.mimeType, size: file.size, sha256: file.sha256 };
	}
	rt.accept(accepted, 'service');
	return success({
		verificationId: null,
		mobileNumber: to,
		responseCode: '200',
		errorMessage: null,
		timeout: null,
		smsCLI: null,
		transactionId: accepted.wamid,
	});
}

async function broadcast(call: ApiCall): Promise<ApiAnswer> {
	const { rt } = call;
	const style = rt.config.errorStyle;
	if (param(call, 'senderId')?.trim() !== SANDBOX_SENDER_ID) return failure(style, 801);
	const templateName = param(call, 'templateName')?.trim();
	const langId = param(call, 'langId')?.trim();
	const template = templateName && langId ? findTemplate(rt, templateName, langId) : undefined;
	if (!template || template.status !== 'APPROVED') return failure(style, 802);
	if (fileOf(call)) return bulk(call, template);
	if (param(call, 'mobileNumber')) return single(call, template);
	return failure(style, 803);
}

function single(call: ApiCall, template: SandboxTemplate): ApiAnswer {
	const { rt } = call;
	const style = rt.config.errorStyle;
	const countryCode = param(call, 'countryCode')?.trim();
	const mobileNumber = param(call, 'mobileNumber')?.trim();
	if (!isCountryCode(countryCode)) return failure(style, 511);
	if (!isMobile(mobileNumber)) return failure(style, 400);
	const variables = splitList(param(call, 'variables'));
	const ctaVariables = splitList(param(call, 'ctaVariables'));
	if (variables.length !== bodyVariableCount(template) || ctaVariables.length !== dynamicUrlCount(template)) {
		return failure(style, 804);
	}
	if (rt.config.credits < 1) return failure(style, 805);
	const to = countryCode + mobileNumber;
	rt.accept(
		{
			wamid: newWamid(to),
			to,
			countryCode,
			mobileNumber,
			type: 'BROADCAST',
			templateName: template.name,
			langId: template.language,
			variables,
			ctaVariables,
			viaFile: false,
			requestId: call.record.id,
			at: Date.now(),
		},
		template.category,
	);
	return success(null);
}

async function bulk(call: ApiCall, template: SandboxTemplate): Promise<ApiAnswer> {
	const { rt } = call;
	const style = rt.config.errorStyle;
	const file = fileOf(call);
	let sheet;
	try {
		sheet = await readXlsx(file?.content ?? Buffer.alloc(0));
	} catch {
		return failure(style, 803);
	}
	call.record.xlsx = sheet;
	if (sheet.rows.length === 0) return failure(style, 803);

	const variableCount = bodyVariableCount(template);
	const ctaCount = dynamicUrlCount(template);
	const expected = bulkHeader(variableCount);
	if (sheet.header.length !== expected.length || sheet.header.some((h, i) => h !== expected[i])) {
		return failure(style, 804);
	}
	// Extra cells beyond the header and blank unused ctaVar cells are ignored;
	// a missing value the template needs is not.
	const fits = (row: string[]): boolean =>
		isCountryCode(row[0]) &&
		isMobile(row[1]) &&
		row.slice(2, 2 + ctaCount).every((v) => v !== '') &&
		row.slice(4, 4 + variableCount).every((v) => v !== '');
	if (!sheet.rows.every(fits)) return failure(style, 804);
	if (rt.config.credits < sheet.rows.length) return failure(style, 805);

	sheet.rows.forEach((row, i) => {
		const to = row[0] + row[1];
		rt.accept(
			{
				wamid: newWamid(to),
				to,
				countryCode: row[0],
				mobileNumber: row[1],
				type: 'BROADCAST',
				templateName: template.name,
				langId: template.language,
				variables: row.slice(4, 4 + variableCount),
				ctaVariables: row.slice(2, 2 + ctaCount),
				viaFile: true,
				bulkRow: i + 1,
				requestId: call.record.id,
				at: Date.now(),
			},
			template.category,
		);
	});
	return success(null);
}
