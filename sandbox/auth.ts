// Authentication as the API applies it: GET /auth/v1/authentication/token hands
// out tokens, and every other endpoint first checks the authToken header.
// The tokens themselves come from the runtime's TokenAuthority (tokens.ts).
import type { IncomingMessage } from 'node:http';
import { type ApiCall, param } from './call';
import { type ApiAnswer, failure, invalidAuth } from './envelope';
import { SANDBOX_CUSTOMER_ID, SANDBOX_KEY } from './state';

/** The token endpoint: 501 for an unknown customer, 800 (HTTP 401) for a wrong key. */
export function tokenEndpoint(call: ApiCall): ApiAnswer {
	const { rt } = call;
	// The customer id is checked before the key, as Message Central does.
	if (param(call, 'customerId')?.trim() !== SANDBOX_CUSTOMER_ID) {
		return failure(rt.config.errorStyle, 501);
	}
	if (param(call, 'key')?.trim() !== SANDBOX_KEY) return invalidAuth();
	rt.state.tokensIssued += 1;
	const token = rt.tokens.issue(rt.config.tokenLifetimeSeconds);
	return { status: 200, body: { status: 200, token } };
}

/** null when the authToken header holds a live token, else the 800 answer. */
export function authorised(call: ApiCall, req: IncomingMessage): ApiAnswer | null {
	const token = req.headers.authtoken;
	return call.rt.tokens.verify(Array.isArray(token) ? token[0] : token) ? null : invalidAuth();
}
