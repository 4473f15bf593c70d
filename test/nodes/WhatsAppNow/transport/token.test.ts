import { tokenRenewalTime } from '../../../../nodes/WhatsAppNow/transport/token';

const jwt = (claims: object) =>
	`eyJhbGciOiJIUzUxMiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const now = 1_700_000_000_000;
/** The client's check: expired once the renewal time has come. */
const isTokenExpired = (token: unknown, at: number) => tokenRenewalTime(token) <= at;

test('JWT expiry is read from the token, with a minute of margin', () => {
	expect(isTokenExpired(jwt({ exp: now / 1000 + 3600 }), now)).toBe(false);
	expect(isTokenExpired(jwt({ exp: now / 1000 + 30 }), now)).toBe(true);
	expect(isTokenExpired(jwt({ sub: 'C-1' }), now)).toBe(false);
	expect(isTokenExpired('opaque', now)).toBe(false);
	expect(isTokenExpired('', now)).toBe(true);
});

test('the renewal time is the expiry less a minute; none without a token, never without exp', () => {
	expect(tokenRenewalTime(jwt({ exp: now / 1000 + 3600 }))).toBe(now + 3600_000 - 60_000);
	expect(tokenRenewalTime(jwt({ sub: 'C-1' }))).toBe(Infinity);
	expect(tokenRenewalTime('a.!!not-json!!.c')).toBe(Infinity);
	expect(tokenRenewalTime('opaque')).toBe(Infinity);
	expect(tokenRenewalTime('')).toBe(0);
	expect(tokenRenewalTime(undefined)).toBe(0);
});
