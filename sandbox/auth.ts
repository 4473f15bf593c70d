// Token issuing and checking: HS512 JWTs like Message Central's
// ({"alg":"HS512"} header, {sub, iat, exp} payload).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type ApiCall, param } from './call';
import { type ApiAnswer, failure, invalidAuth } from './envelope';
import { SANDBOX_CUSTOMER_ID, SANDBOX_KEY } from './state';

function b64url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

export interface JwtClaims {
	sub: string;
	iat: number;
	exp: number;
}

export class TokenAuthority {
	// "Expire every token" is a key rotation: older signatures stop verifying,
	// and a token issued in the same second afterwards still differs.
	private secret = randomBytes(64);

	constructor(private readonly customerId: string) {}

	issue(lifetimeSeconds: number, nowMs = Date.now()): string {
		const iat = Math.floor(nowMs / 1000);
		const claims: JwtClaims = { sub: this.customerId, iat, exp: iat + Math.floor(lifetimeSeconds) };
		const unsigned = `${b64url(JSON.stringify({ alg: 'HS512' }))}.${b64url(JSON.stringify(claims))}`;
		return `${unsigned}.${this.sign(unsigned)}`;
	}

	/** True for a token this authority signed with its current key, for our customer, not yet expired. */
	verify(token: string | undefined, nowMs = Date.now()): boolean {
		if (!token) return false;
		const parts = token.trim().split('.');
		if (parts.length !== 3) return false;
		const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
		const given = Buffer.from(parts[2]);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
		const claims = decodeJwt(token);
		if (!claims || claims.sub !== this.customerId) return false;
		// exp is exclusive: a token is dead at its exp second.
		return claims.exp * 1000 > nowMs;
	}

	revokeAll(): void {
		this.secret = randomBytes(64);
	}

	private sign(unsigned: string): string {
		return createHmac('sha512', this.secret).update(unsigned).digest('base64url');
	}
}

/** Reads the claims without checking the signature (what a client does with the token). */
export function decodeJwt(token: string): JwtClaims | null {
	try {
		const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
		if (typeof payload !== 'object' || payload === null) return null;
		const { sub, iat, exp } = payload as Record<string, unknown>;
		if (typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
		return { sub, iat, exp };
	} catch {
		return null;
	}
}

// ---- GET /auth/v1/authentication/token -------------------------------------

/** The token endpoint: 501 for an unknown customer, 800 (HTTP 401) for a wrong key. */
export function tokenEndpoint(call: ApiCall): ApiAnswer {
	const { rt } = call;
	if (param(call, 'customerId')?.trim() !== SANDBOX_CUSTOMER_ID) return failure(rt.config.errorStyle, 501);
	if (param(call, 'key')?.trim() !== SANDBOX_KEY) return invalidAuth();
	rt.state.tokensIssued += 1;
	return { status: 200, body: { status: 200, token: rt.tokens.issue(rt.config.tokenLifetimeSeconds) } };
}
