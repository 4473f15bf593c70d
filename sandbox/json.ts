// JSON values as the sandbox receives them: from control bodies, form fields and
// token payloads. One check and one reader, so every entry point agrees on them.

/**
 * Any non-null object, arrays included: a caller that refuses arrays says so
 * itself, because some inputs (a button given as an array) are reported by
 * what they lack rather than by their shape.
 */
export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** A JSON request body; an empty body reads as `{}` so bodiless control POSTs work. */
export function parseJsonBody(body: Buffer): unknown {
	if (body.length === 0) return {};
	return JSON.parse(body.toString('utf8')) as unknown;
}
