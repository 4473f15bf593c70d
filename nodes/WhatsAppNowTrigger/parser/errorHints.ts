/**
 * What to do about the error codes users meet (docs/whatsapp.md#error-codes-users-meet),
 * in words a person or an AI agent reading a failed status can act on.
 */
export const ERROR_HINTS: Readonly<Record<number, string>> = {
	131047:
		'More than 24 hours have passed since the customer last wrote: send a template instead of a free-form message.',
	131056: 'Too many messages to this customer in a short time: wait before sending again.',
	130429: 'The business number sent too fast: lower the send rate and try again later.',
	132000: "The values did not match the template's placeholders: give one value per {{n}}.",
	132018:
		'A template value had a line break, a tab or more than 4 spaces in a row: put it on one line.',
	131026:
		'The message could not be delivered: the number may not be on WhatsApp, or may not have accepted the latest terms.',
};
