import { isTokenExpired } from '../../../../nodes/WhatsAppNow/transport/token';

test('JWT expiry is read from the token, with a minute of margin', () => {
	const jwt = (claims: object) =>
		`eyJhbGciOiJIUzUxMiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
	const now = 1_700_000_000_000;
	expect(isTokenExpired(jwt({ exp: now / 1000 + 3600 }), now)).toBe(false);
	expect(isTokenExpired(jwt({ exp: now / 1000 + 30 }), now)).toBe(true);
	expect(isTokenExpired(jwt({ sub: 'C-1' }), now)).toBe(false);
	expect(isTokenExpired('opaque', now)).toBe(false);
	expect(isTokenExpired('', now)).toBe(true);
});
