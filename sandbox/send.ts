// POST /verification/v3/send: chat, single broadcast and bulk (XLSX) broadcast,
// with Message Central's checks in its order (docs/message-central-api.md).
import { type ApiCall, fileOf, param } from './call';
import { type ApiAnswer, failure, success } from './envelope';
import { type SandboxMessage, type SandboxTemplate, SANDBOX_SENDER_ID } from './state';
import { bodyVariableCount, dynamicUrlCount } from './template-rules';
import { findTemplate } from './templates';
import { newWamid } from './webhook-envelope';
import { readXlsx } from './xlsx';

/** A free-text WhatsApp message is at most 4096 characters. */
export const CHAT_MAX_LENGTH = 4096;

export const isCountryCode = (v: string | undefined): v is string =>
	!!v && /^[1-9]\d{0,2}$/.test(v.trim());
export const isMobile = (v: string | undefined): v is string => !!v && /^\d{4,14}$/.test(v.trim());

/** Single-broadcast lists travel joined by ', ' (Message Central's cURL example). */
export function splitList(v: string | undefined): string[] {
	return v === undefined ? [] : v.split(', ');
}

/** The exact header row a bulk upload must have for a template with N variables. */
export function bulkHeader(variableCount: number): string[] {
	const vars = Array.from({ length: variableCount }, (_, i) => `var${i + 1}`);
	return ['Country', 'Mobile', 'ctaVar1', 'ctaVar2', ...vars];
}

type MessageDetails = Omit<
	SandboxMessage,
	'wamid' | 'to' | 'countryCode' | 'mobileNumber' | 'requestId' | 'at'
>;

/** A message accepted by this call, with a fresh wamid; `to` is the WhatsApp id. */
function newMessage(
	call: ApiCall,
	countryCode: string,
	mobileNumber: string,
	details: MessageDetails,
): SandboxMessage {
	const to = countryCode + mobileNumber;
	return {
		wamid: newWamid(to),
		to,
		countryCode,
		mobileNumber,
		...details,
		requestId: call.record.id,
		at: Date.now(),
	};
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

	const accepted = newMessage(call, countryCode, mobileNumber, {
		type: 'CHAT',
		message,
		viaFile: false,
	});
	const file = fileOf(call);
	if (file) {
		const { filename, mimeType, size, sha256 } = file;
		accepted.file = { filename, mimeType, size, sha256 };
	}
	// Chats are service conversations: their statuses are priced as such.
	rt.accept(accepted, 'service');
	return success({
		verificationId: null,
		mobileNumber: accepted.to,
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
	// A file makes it bulk even when mobileNumber is given too.
	if (fileOf(call)) return bulk(call, template);
	if (param(call, 'mobileNumber')) return single(call, template);
	return failure(style, 803);
}

/** Accepts one templated message; `bulkRow` marks a row of an XLSX upload. */
function acceptBroadcast(
	call: ApiCall,
	template: SandboxTemplate,
	recipient: { countryCode: string; mobileNumber: string; bulkRow?: number },
	variables: string[],
	ctaVariables: string[],
): void {
	const { countryCode, mobileNumber, bulkRow } = recipient;
	const details: MessageDetails = {
		type: 'BROADCAST',
		templateName: template.name,
		langId: template.language,
		variables,
		ctaVariables,
		viaFile: bulkRow !== undefined,
	};
	if (bulkRow !== undefined) details.bulkRow = bulkRow;
	call.rt.accept(newMessage(call, countryCode, mobileNumber, details), template.category);
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
	const fits =
		variables.length === bodyVariableCount(template) &&
		ctaVariables.length === dynamicUrlCount(template);
	if (!fits) return failure(style, 804);
	if (rt.config.credits < 1) return failure(style, 805);
	acceptBroadcast(call, template, { countryCode, mobileNumber }, variables, ctaVariables);
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
	// Columns: Country, Mobile, ctaVar1, ctaVar2, var1..varN.
	const ctaOf = (row: string[]): string[] => row.slice(2, 2 + ctaCount);
	const varsOf = (row: string[]): string[] => row.slice(4, 4 + variableCount);
	// Extra cells beyond the header and blank unused ctaVar cells are ignored;
	// a missing value the template needs is not.
	const fits = (row: string[]): boolean =>
		isCountryCode(row[0]) &&
		isMobile(row[1]) &&
		ctaOf(row).every((v) => v !== '') &&
		varsOf(row).every((v) => v !== '');
	if (!sheet.rows.every(fits)) return failure(style, 804);
	// All or nothing: a file the balance cannot cover sends no row.
	if (rt.config.credits < sheet.rows.length) return failure(style, 805);

	sheet.rows.forEach((row, i) => {
		const recipient = { countryCode: row[0], mobileNumber: row[1], bulkRow: i + 1 };
		acceptBroadcast(call, template, recipient, varsOf(row), ctaOf(row));
	});
	return success(null);
}
