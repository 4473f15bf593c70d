// The WhatsApp errors a sandbox message can end with, shaped as Meta puts them
// in `errors[]` of a failed status or an unsupported inbound message
// (codes and titles: docs/whatsapp.md#error-codes-users-meet).

export interface MetaError {
	code: number;
	title: string;
	message: string;
	error_data: { details: string };
	href?: string;
}

/** The WhatsApp errors users meet, with Meta's titles. */
export const META_ERRORS: Record<number, { title: string; details: string }> = {
	131047: {
		title: 'Re-engagement message',
		details:
			'Message failed to send because more than 24 hours have passed since the customer last ' +
			'replied to this number.',
	},
	131026: { title: 'Message undeliverable', details: 'Message Undeliverable.' },
	131056: {
		title: '(Business Account, Consumer Account) pair rate limit hit',
		details:
			'Message failed to send because there were too many messages sent from this phone number ' +
			'to the same phone number in a short period of time.',
	},
	130429: {
		title: 'Rate limit hit',
		details:
			'Message failed to send because there were too many messages sent from this phone number ' +
			'in a short period of time.',
	},
	132000: {
		title: 'Number of parameters does not match the expected number of params',
		details:
			'body: number of localizable_params (1) does not match the expected number of params (2)',
	},
	131051: {
		title: 'Unsupported message type',
		details: 'Message type is currently not supported.',
	},
};

/** Meta's error object for a code; an unknown code still yields a well-formed one. */
export function metaError(code: number, details?: string): MetaError {
	const known = META_ERRORS[code] ?? { title: 'Unknown error', details: 'Unknown error.' };
	return {
		code,
		title: known.title,
		message: known.title,
		error_data: { details: details ?? known.details },
		href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
	};
}
