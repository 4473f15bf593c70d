// Issuing and checking tokens: HS512 JWTs like Message Central's
// ({"alg":"HS512"} header, {sub, iat, exp} payload). No HTTP here: the runtime
// owns one authority, and both the token endpoint and the authToken check use it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isObject } from './json';

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
		const exp = iat + Math.floor(lifetimeSeconds);
		const claims: JwtClaims = { sub: this.customerId, iat, exp };
		const header = b64url(JSON.stringify({ alg: 'HS512' }));
		const unsigned = `${header}.${b64url(JSON.stringify(claims))}`;
		return `${unsigned}.${this.sign(unsigned)}`;
	}

	/** True for a token signed with the current key, for our customer, not yet expired. */
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
		const json = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
		const payload = JSON.parse(json) as unknown;
		if (!isObject(payload)) return null;
		const { sub, iat, exp } = payload;
		if (typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
		return { sub, iat, exp };
	} catch {
		return null;
	}
}
