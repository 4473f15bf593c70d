/**
 * Template buttons: the node's list (one entry per button, edited in the UI)
 * → the payloads Message Central's `buttons` field takes, plus the rules of
 * its API document: up to 3 quick replies, or up to 2 call-to-action buttons
 * (at most one URL and one phone number), never both kinds together.
 */
import type { FieldProblem } from '../fields/fieldProblem';
import { cleanBusinessNumber, isBusinessNumber } from '../phone/phoneNumber';
import { findMalformed, findPlaceholders } from './placeholders';

/** One entry of the node's `buttons.button` list. */
export interface ButtonInput {
	type?: string;
	text?: string;
	url?: string;
	urlExample?: string;
	phoneNumber?: string;
}

export type ButtonPayload =
	| { type: 'QUICK_REPLY'; text: string }
	| { type: 'URL'; text: string; url: string; example?: string }
	| { type: 'PHONE_NUMBER'; text: string; value: string };

export const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'] as const;

export const BUTTON_LIMITS = { text: 25, quickReplies: 3, callToAction: 2 };

const HTTP_URL = /^https?:\/\/\S+$/i;

export function buildButtons(inputs: ButtonInput[]): {
	payloads: ButtonPayload[];
	problems: FieldProblem[];
} {
	const payloads: ButtonPayload[] = [];
	const problems: FieldProblem[] = [];
	inputs.forEach((input, i) => {
		const field = `Buttons → button ${i + 1}`;
		const built = buildButton(input);
		if ('problem' in built) problems.push({ field, message: built.problem });
		else payloads.push(built.payload);
	});
	problems.push(
		...checkButtonSet(
			inputs.map((b) =>
				String(b.type ?? '')
					.trim()
					.toUpperCase(),
			),
		),
	);
	return { payloads, problems };
}

function buildButton(input: ButtonInput): { payload: ButtonPayload } | { problem: string } {
	const type = String(input.type ?? '')
		.trim()
		.toUpperCase();
	const text = String(input.text ?? '').trim();
	if (!(BUTTON_TYPES as readonly string[]).includes(type)) {
		return { problem: `type must be QUICK_REPLY, URL or PHONE_NUMBER, not "${input.type ?? ''}"` };
	}
	if (text === '') return { problem: 'Text is empty; every button needs a label' };
	const length = [...text].length;
	if (length > BUTTON_LIMITS.text) {
		return {
			problem: `Text "${text}" is ${length} characters long; WhatsApp allows at most ${BUTTON_LIMITS.text}`,
		};
	}
	if (type === 'QUICK_REPLY') return { payload: { type, text } };
	if (type === 'PHONE_NUMBER') {
		const value = cleanBusinessNumber(input.phoneNumber);
		if (!isBusinessNumber(value)) {
			return {
				problem: value
					? `Phone Number "${input.phoneNumber}" is not a phone number with country code (digits only, e.g. 919876543210)`
					: 'Phone Number is empty; a call button needs the number to call, with country code (e.g. 919876543210)',
			};
		}
		return { payload: { type, text, value } };
	}
	return buildUrlButton(
		text,
		String(input.url ?? '').trim(),
		String(input.urlExample ?? '').trim(),
	);
}

function buildUrlButton(
	text: string,
	url: string,
	example: string,
): { payload: ButtonPayload } | { problem: string } {
	if (!HTTP_URL.test(url)) {
		return {
			problem: url
				? `URL "${url}" is not a web address; start it with https:// and leave out spaces`
				: 'URL is empty; a link button needs the address to open (e.g. https://www.example.com)',
		};
	}
	const malformed = findMalformed(url);
	if (malformed.length > 0) {
		return {
			problem: `URL contains "${malformed[0]}"; the only variable a URL may hold is {{1}}, at its very end`,
		};
	}
	const variables = findPlaceholders(url);
	if (variables.length === 0) return { payload: { type: 'URL', text, url } };
	if (variables.length > 1 || variables[0].number !== 1 || variables[0].end !== url.length) {
		return {
			problem: `URL "${url}" must have its variable as {{1}} at the very end (e.g. https://www.example.com/order/{{1}})`,
		};
	}
	if (example === '') {
		return {
			problem:
				"URL Example is empty; a dynamic URL needs a sample of the full address for Meta's review (e.g. https://www.example.com/order/12345)",
		};
	}
	// A bare sample value ("12345") completes the URL's fixed part.
	const fullExample = /^https?:\/\//i.test(example)
		? example
		: url.slice(0, variables[0].start) + example;
	if (!HTTP_URL.test(fullExample) || findPlaceholders(fullExample).length > 0) {
		return {
			problem: `URL Example "${example}" must be the full address with a sample value in place of {{1}}, without spaces`,
		};
	}
	return { payload: { type: 'URL', text, url, example: fullExample } };
}

/** The document's limits on how many buttons of which kinds one template may carry. */
function checkButtonSet(types: string[]): FieldProblem[] {
	const field = 'Buttons';
	const count = (type: string) => types.filter((t) => t === type).length;
	const quickReplies = count('QUICK_REPLY');
	const urls = count('URL');
	const phones = count('PHONE_NUMBER');
	const problems: FieldProblem[] = [];
	if (quickReplies > 0 && urls + phones > 0) {
		problems.push({
			field,
			message:
				'quick replies cannot be mixed with URL or phone number buttons; use either up to 3 quick replies or up to 2 call-to-action buttons',
		});
	}
	if (quickReplies > BUTTON_LIMITS.quickReplies) {
		problems.push({
			field,
			message: `${quickReplies} quick replies given; a template can have at most ${BUTTON_LIMITS.quickReplies}`,
		});
	}
	if (urls + phones > BUTTON_LIMITS.callToAction) {
		problems.push({
			field,
			message: `${urls + phones} call-to-action buttons given; a template can have at most ${BUTTON_LIMITS.callToAction} (one URL and one phone number)`,
		});
	} else if (urls > 1 || phones > 1) {
		problems.push({
			field,
			message: `two ${urls > 1 ? 'URL' : 'phone number'} buttons given; a template can have one URL button and one phone number button at most`,
		});
	}
	return problems;
}
