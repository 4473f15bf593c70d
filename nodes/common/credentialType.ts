/**
 * The credential type both nodes use, for code that asks n8n for the
 * credential. The credential class and the node descriptions spell it as a
 * literal, which n8n's lint rules check.
 */
export const CREDENTIAL_TYPE = 'messageCentralApi';
