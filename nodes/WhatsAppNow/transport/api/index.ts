/**
 * Every Message Central call the action node makes, one function each: the
 * paths, query shapes, multipart parts and how to read the answer live in
 * this folder and nowhere else (docs/message-central-api.md#endpoints-used).
 * The token call is in ../token.ts, since the credential makes it.
 */
export * from './messages';
export * from './templates';
export * from './verification';
