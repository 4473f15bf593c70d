import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * Whose memory a delivery touches: the workflow and its trigger node. Node ids
 * alone are not enough: two workflows imported from one file share them, and
 * one would hold back events only the other had seen.
 */
export function triggerScope(context: IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''} ${context.getNode().id}`;
}
