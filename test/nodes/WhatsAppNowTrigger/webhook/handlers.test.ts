import { createHmac } from 'node:crypto';
import type { IHookFunctions } from 'n8n-workflow';

import { WhatsAppNowTrigger } from '../../../../nodes/WhatsAppNowTrigger/WhatsAppNowTrigger.node';
import {
	TriggerServer,
	type SentResponse,
	type TriggerOptions,
} from '../../../harness/webhookHarness';
import {
	CONVERSATION,
	CUSTOMER,
	DISPLAY_NUMBER,
	PHONE_NUMBER_ID,
	PRICING,
	TS_ISO,
	V16_ERROR,
	WABA_ID,
	change,
	contact,
	entry,
	inbound,
	notification,
	single,
	status,
	typed,
	value,
	type Json,
} from '../fixtures';

const SECRET = 'trigger-secret-7f3a';
const WITH_SECRET = { webhookSecret: SECRET };

let trigger: TriggerServer | undefined;
/** The version under test: every test below runs for saved nodes (1) and new ones (1.1). */
let typeVersion = 1;

async function start(options: TriggerOptions = {}): Promise<TriggerServer> {
	trigger = await TriggerServer.start({ typeVersion, ...options });
	return trigger;
}

afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

function sign(body: string | Buffer, secret = SECRET): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * A POST whose answer must be 200 with an execution of these many items:
 * written by the node before n8n has the run (version 1), or by n8n once it
 * has accepted the run (1.1).
 */
function expectStarted(response: SentResponse, count: number) {
	expect(response.status).toBe(200);
	expect(response.call?.items).toHaveLength(count);
	expect(response.call?.answeredBy).toBe(typeVersion === 1 ? 'node' : 'n8n');
	return response.call!.items!.map((item) => item.json);
}

function expectNoExecution(response: SentResponse, status: number) {
	expect(response.status).toBe(status);
	expect(response.call?.items).toBeUndefined();
	expect(response.call?.unanswered ?? false).toBe(false);
}

/** Every log line and every answer the trigger gave, to check the secret never appears. */
function everythingSeen(server: TriggerServer, responses: SentResponse[]): string {
	return JSON.stringify([
		server.calls.map((call) => [call.logs, call.items]),
		responses.map((r) => r.text),
	]);
}

/** Two entries, three changes: a message, two statuses (one failed) and an account error. */
function mixedPayload(): Json {
	const text = typed('text', { body: 'Hi there' });
	return notification([
		entry([
			change(value({ contacts: [contact(CUSTOMER, 'Asha')], messages: [text] })),
			change(
				value({
					statuses: [status('delivered', { conversation: CONVERSATION, pricing: PRICING })],
				}),
			),
		]),
		entry(
			[
				change(
					value({
						statuses: [status('failed', { errors: [V16_ERROR] })],
						errors: [{ code: 131056, title: 'Pair rate limit hit' }],
					}),
				),
			],
			'second-waba',
		),
	]);
}

describe.each([1, 1.1])('trigger typeVersion %s', (version) => {
	beforeAll(() => {
		typeVersion = version;
	});

	describe('POST with authentication none', () => {
		test('answers 200 at once and starts one execution with an item per event, in payload order', async () => {
			const server = await start();
			const response = await server.send({ body: mixedPayload() });
			expect(response.json).toEqual({ received: 4, selected: 4 });
			expect(response.headers['content-type']).toMatch(/^application\/json/);
			const items = expectStarted(response, 4);
			expect(server.executions).toHaveLength(1);
			expect(items.map((item) => [item.event, item.status ?? item.type ?? item.code])).toEqual([
				['message', 'text'],
				['status', 'delivered'],
				['status', 'failed'],
				['error', 131056],
			]);
			expect(items[0]).toMatchObject({
				event: 'message',
				from: CUSTOMER,
				name: 'Asha',
				type: 'text',
				text: 'Hi there',
				timestamp: TS_ISO,
				context: null,
				media: null,
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_NUMBER,
				businessAccountId: WABA_ID,
			});
			expect(items[1]).toMatchObject({
				event: 'status',
				messageId: 'wamid.out.1',
				status: 'delivered',
				recipientId: CUSTOMER,
				errors: [],
			});
			expect(items[2]).toMatchObject({
				status: 'failed',
				errors: [{ code: 131047, title: 'Re-engagement message' }],
			});
			expect(items[3]).toMatchObject({
				event: 'error',
				code: 131056,
				title: 'Pair rate limit hit',
				businessAccountId: 'second-waba',
			});
			for (const item of items) expect(item).not.toHaveProperty('raw');
		});

		test('needs no credential', async () => {
			const server = await start({ parameters: { authentication: 'none' } });
			expectStarted(await server.send({ body: inbound(typed('text', { body: 'x' })) }), 1);
			expect(server.calls[0].logs).toEqual([]);
		});

		test('options.includeRaw adds the untouched source object', async () => {
			const server = await start({ parameters: { options: { includeRaw: true } } });
			const message = typed('image', {
				id: 'media-1',
				mime_type: 'image/jpeg',
				sha256: 'abc',
				caption: 'Look',
			});
			const [item] = expectStarted(await server.send({ body: inbound(message) }), 1);
			expect(item.raw).toEqual(message);
			expect(item).toMatchObject({
				type: 'image',
				text: 'Look',
				media: { id: 'media-1', mimeType: 'image/jpeg', caption: 'Look' },
			});
		});

		test('keeps per-field warnings on the item', async () => {
			const server = await start();
			const [item] = expectStarted(
				await server.send({ body: single({ statuses: [status('read', { timestamp: 'soon' })] }) }),
				1,
			);
			expect(item.timestamp).toBeNull();
			expect(item.warnings).toEqual(expect.arrayContaining([expect.stringContaining('timestamp')]));
		});

		test('unreadable parts are logged (capped) and the readable events still start the execution', async () => {
			const server = await start();
			const broken = Array.from({ length: 7 }, () => 'not an entry');
			const response = await server.send({
				body: notification([...broken, entry([change(value({ statuses: [status('read')] }))])]),
			});
			expectStarted(response, 1);
			const [log] = response.call!.logs;
			expect(log).toMatchObject({ level: 'warn', metadata: { node: 'WhatsApp Now Trigger' } });
			expect(log.message).toContain(
				'7 part(s) of a delivery produced no event: entry[0]: expected an object',
			);
			expect(log.message).toContain('(and 2 more)');
		});

		test('a payload with no events answers 200 and starts nothing', async () => {
			const server = await start();
			for (const body of [notification([]), notification([entry([])]), single({})]) {
				const response = await server.send({ body });
				expectNoExecution(response, 200);
				expect(response.json).toEqual({ received: 0, selected: 0 });
			}
			expect(server.executions).toEqual([]);
		});
	});

	describe('filters', () => {
		test('events and statuses select the items; the rest are dropped', async () => {
			const server = await start({ parameters: { events: ['statuses'], statuses: ['failed'] } });
			const response = await server.send({ body: mixedPayload() });
			expect(response.json).toEqual({ received: 4, selected: 1 });
			const [item] = expectStarted(response, 1);
			expect(item).toMatchObject({ event: 'status', status: 'failed' });
		});

		test('messages and errors only', async () => {
			const server = await start({ parameters: { events: ['messages', 'errors'] } });
			const items = expectStarted(await server.send({ body: mixedPayload() }), 2);
			expect(items.map((item) => item.event)).toEqual(['message', 'error']);
		});

		test('selections given by expressions, as a list or a comma-separated string, filter the same way', async () => {
			const server = await start({
				parameters: { events: '={{ ["statuses"] }}', statuses: '=read, failed' },
			});
			const items = expectStarted(
				await server.send({
					body: single({ statuses: [status('sent'), status('read'), status('failed')] }),
				}),
				2,
			);
			expect(items.map((item) => item.status)).toEqual(['read', 'failed']);
		});

		test('a payload whose events are all filtered out starts no execution', async () => {
			const server = await start({ parameters: { events: ['statuses'], statuses: ['read'] } });
			const response = await server.send({
				body: single({ statuses: [status('sent'), status('delivered')] }),
			});
			expectNoExecution(response, 200);
			expect(response.json).toEqual({ received: 2, selected: 0 });
			expectNoExecution(await server.send({ body: inbound(typed('text', { body: 'hi' })) }), 200);
			expectStarted(await server.send({ body: single({ statuses: [status('read')] }) }), 1);
			expect(server.executions).toHaveLength(1);
		});
	});

	describe('options.businessNumbers (accounts with several WhatsApp numbers)', () => {
		const OTHER_NUMBER = {
			display_phone_number: '919876500000',
			phone_number_id: '200000000000001',
		};
		const twoNumbers = () =>
			notification([
				entry([
					change(value({ statuses: [status('delivered', { id: 'wamid.ours' })] })),
					change(value({ statuses: [status('delivered', { id: 'wamid.theirs' })] }, OTHER_NUMBER)),
				]),
			]);

		test('only events for the listed numbers start the workflow (display number by digits, or ID)', async () => {
			const server = await start({
				parameters: { options: { businessNumbers: '+1 555-078-3881, 447911123456' } },
			});
			const response = await server.send({ body: twoNumbers() });
			expect(response.json).toEqual({ received: 2, selected: 1 });
			const [item] = expectStarted(response, 1);
			expect(item).toMatchObject({
				messageId: 'wamid.ours',
				displayPhoneNumber: DISPLAY_NUMBER,
				phoneNumberId: PHONE_NUMBER_ID,
			});
		});

		test('a phone-number ID works as well; several numbers may be listed', async () => {
			const server = await start({
				parameters: { options: { businessNumbers: `200000000000001,${PHONE_NUMBER_ID}` } },
			});
			const items = expectStarted(await server.send({ body: twoNumbers() }), 2);
			expect(items.map((item) => item.messageId)).toEqual(['wamid.ours', 'wamid.theirs']);
		});

		test('a delivery for another number is answered 200 and starts nothing', async () => {
			const server = await start({
				parameters: { options: { businessNumbers: '200000000000001' } },
			});
			const response = await server.send({ body: single({ statuses: [status('read')] }) });
			expectNoExecution(response, 200);
			expect(response.json).toEqual({ received: 1, selected: 0 });
			expect(server.executions).toEqual([]);
		});

		test('empty means every number', async () => {
			const server = await start({ parameters: { options: { businessNumbers: '' } } });
			expectStarted(await server.send({ body: twoNumbers() }), 2);
		});
	});

	describe('bodies that are not notifications answer 400 and start nothing', () => {
		const cases: Array<[string, Record<string, string>, string]> = [
			['text/plain that is not JSON', { 'content-type': 'text/plain' }, 'hello'],
			['no Content-Type and not JSON', {}, '{"object": '],
			[
				'octet-stream that is not JSON',
				{ 'content-type': 'application/octet-stream' },
				'\u0000\u0001',
			],
			['an empty body', { 'content-type': 'text/plain' }, ''],
			[
				'another object',
				{ 'content-type': 'application/json' },
				JSON.stringify({ object: 'page', entry: [] }),
			],
			['no object field', { 'content-type': 'application/json' }, JSON.stringify({ entry: [] })],
			['a JSON array', { 'content-type': 'application/json' }, '[]'],
			['JSON null', { 'content-type': 'application/json' }, 'null'],
			[
				'a JSON string holding the object',
				{ 'content-type': 'application/json' },
				JSON.stringify(JSON.stringify(notification([]))),
			],
			[
				'form fields',
				{ 'content-type': 'application/x-www-form-urlencoded' },
				'object=whatsapp_business_account',
			],
		];
		test.each(cases)('%s', async (_name, headers, body) => {
			const server = await start();
			const response = await server.send({ method: 'POST', headers, body });
			expectNoExecution(response, 400);
			expect(response.json).toEqual({ error: expect.any(String) });
			expect(response.call?.logs).toEqual([
				expect.objectContaining({ level: 'warn', message: expect.stringContaining('(400)') }),
			]);
		});

		test('invalid JSON labelled application/json is answered 422 by n8n before the node runs', async () => {
			const server = await start();
			const response = await server.send({
				headers: { 'content-type': 'application/json' },
				body: '{"object":',
			});
			expect(response.status).toBe(422);
			expect(response.call).toBeUndefined();
			expect(server.executions).toEqual([]);
		});

		test('JSON under another or no Content-Type is still read, byte order mark included', async () => {
			// One delivery sent three ways: each must start a run, so repeats are let through.
			const server = await start({ parameters: { options: { ignoreRepeats: false } } });
			const body = JSON.stringify(single({ statuses: [status('read')] }));
			const variants: Array<Record<string, string>> = [
				{ 'content-type': 'text/plain; charset=utf-8' },
				{},
				{ 'content-type': 'application/vnd.relay+json' },
			];
			for (const headers of variants) {
				expectStarted(await server.send({ method: 'POST', headers, body: `\ufeff${body}` }), 1);
			}
		});
	});

	describe('authentication token', () => {
		// One delivery sent several ways: repeats are let through (held back by default; see "repeated deliveries").
		const options = {
			parameters: { authentication: 'token', options: { ignoreRepeats: false } },
			credentials: WITH_SECRET,
		};

		test('accepts the secret in header x-webhook-token or query token', async () => {
			const server = await start(options);
			const body = single({ statuses: [status('sent')] });
			expectStarted(await server.send({ body, headers: { 'x-webhook-token': SECRET } }), 1);
			expectStarted(await server.send({ body, query: { token: SECRET } }), 1);
			expectStarted(
				await server.send({
					body,
					query: { token: 'wrong' },
					headers: { 'x-webhook-token': SECRET },
				}),
				1,
			);
		});

		test('a missing or wrong token answers 401, logs why, starts nothing and never shows the secret', async () => {
			const server = await start(options);
			const body = single({ statuses: [status('sent')] });
			const responses = [
				await server.send({ body }),
				await server.send({ body, headers: { 'x-webhook-token': 'wrong' } }),
				await server.send({ body, query: { token: `${SECRET}x` } }),
				await server.send({ body, headers: { 'x-webhook-token': SECRET.toUpperCase() } }),
				await server.send({ body, query: { token: '' } }),
			];
			for (const response of responses) {
				expectNoExecution(response, 401);
				expect(response.json).toEqual({ error: 'Unauthorized' });
				expect(response.call?.logs).toEqual([
					expect.objectContaining({ level: 'warn', message: expect.stringContaining('(401)') }),
				]);
			}
			expect(responses[0].call?.logs[0].message).toContain('no token');
			expect(responses[1].call?.logs[0].message).toContain('does not match');
			expect(everythingSeen(server, responses)).not.toContain(SECRET);
		});

		test('the token is checked before the body: a bad body without the token is 401', async () => {
			const server = await start(options);
			expectNoExecution(
				await server.send({ headers: { 'content-type': 'text/plain' }, body: 'junk' }),
				401,
			);
			expectNoExecution(
				await server.send({
					headers: { 'content-type': 'text/plain', 'x-webhook-token': SECRET },
					body: 'junk',
				}),
				400,
			);
		});

		test('an empty Webhook Secret fails closed', async () => {
			const server = await start({
				parameters: { authentication: 'token' },
				credentials: { webhookSecret: '' },
			});
			const response = await server.send({
				body: single({ statuses: [status('sent')] }),
				query: { token: '' },
			});
			expectNoExecution(response, 401);
			expect(response.call?.logs[0].message).toContain('Webhook Secret');
		});

		test('a credential that cannot be read fails closed', async () => {
			const server = await start({
				parameters: { authentication: 'token' },
				credentials: WITH_SECRET,
			});
			server.credentialsHelper.store.clear();
			const response = await server.send({
				body: single({ statuses: [status('sent')] }),
				headers: { 'x-webhook-token': SECRET },
			});
			expectNoExecution(response, 401);
			expect(response.call?.logs.map((log) => log.message).join('\n')).toContain(
				'credential could not be read',
			);
		});
	});

	describe('authentication signature', () => {
		const options = {
			parameters: { authentication: 'signature', options: { ignoreRepeats: false } },
			credentials: WITH_SECRET,
		};
		// Spacing n8n's JSON parse would not reproduce: only the raw bytes verify.
		const body = `{ "object" : "whatsapp_business_account",\n  "entry": ${JSON.stringify(single({ statuses: [status('read')] }).entry)} }`;

		test('accepts an HMAC-SHA256 of the raw bytes keyed with the Webhook Secret', async () => {
			const server = await start(options);
			const headers = { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) };
			const [item] = expectStarted(await server.send({ body, headers }), 1);
			expect(item).toMatchObject({ event: 'status', status: 'read' });
			// Upper-case hex and prefix are the same signature.
			expectStarted(
				await server.send({
					body,
					headers: { ...headers, 'x-hub-signature-256': sign(body).toUpperCase() },
				}),
				1,
			);
		});

		test('a missing, malformed, foreign or re-serialised signature answers 401 and starts nothing', async () => {
			const server = await start(options);
			const json = { 'content-type': 'application/json' };
			const reserialised = JSON.stringify(JSON.parse(body));
			const responses = [
				await server.send({ body, headers: json }),
				await server.send({ body, headers: { ...json, 'x-hub-signature-256': 'sha256=zz' } }),
				await server.send({
					body,
					headers: { ...json, 'x-hub-signature-256': sign(body).slice('sha256='.length) },
				}),
				await server.send({
					body,
					headers: { ...json, 'x-hub-signature-256': sign(body, 'another-secret') },
				}),
				await server.send({
					body,
					headers: { ...json, 'x-hub-signature-256': sign(reserialised) },
				}),
				await server.send({
					body: `${body} `,
					headers: { ...json, 'x-hub-signature-256': sign(body) },
				}),
			];
			for (const response of responses) expectNoExecution(response, 401);
			expect(responses[0].call?.logs[0].message).toContain('no X-Hub-Signature-256 header');
			expect(responses[3].call?.logs[0].message).toContain('does not match');
			expect(everythingSeen(server, responses)).not.toContain(SECRET);
		});

		test('without n8n’s raw body the signature cannot be checked: 401 with a clear log', async () => {
			const server = await start({
				...options,
				alterRequest: (request) => {
					Reflect.deleteProperty(request, 'rawBody');
					Reflect.deleteProperty(request, 'readRawBody');
				},
			});
			const response = await server.send({
				body,
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
			});
			expectNoExecution(response, 401);
			expect(response.call?.logs[0].message).toContain('raw request body is not available');
		});

		test('a signed body that is not a notification is 400 once the signature holds', async () => {
			const server = await start(options);
			const other = '{"object":"page"}';
			const response = await server.send({
				body: other,
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(other) },
			});
			expectNoExecution(response, 400);
		});
	});

	describe('GET handshake (the setup webhook)', () => {
		const subscribe = (token: string | undefined, challenge = '1158201444') => ({
			'hub.mode': 'subscribe',
			'hub.challenge': challenge,
			...(token === undefined ? {} : { 'hub.verify_token': token }),
		});

		test('with no secret any verify token gets the challenge back as plain text', async () => {
			const server = await start();
			for (const token of ['anything', undefined]) {
				const response = await server.send({ query: subscribe(token) });
				expect(response.status).toBe(200);
				expect(response.text).toBe('1158201444');
				expect(response.headers['content-type']).toMatch(/^text\/plain/);
				expect(response.call?.webhookName).toBe('setup');
				expect(response.call?.items).toBeUndefined();
			}
		});

		test('an empty Webhook Secret counts as no secret', async () => {
			const server = await start({
				parameters: { authentication: 'signature' },
				credentials: { webhookSecret: '' },
			});
			expect((await server.send({ query: subscribe('whatever') })).text).toBe('1158201444');
		});

		test('with a secret only the matching verify token is answered; others get 403', async () => {
			const server = await start({
				parameters: { authentication: 'signature' },
				credentials: WITH_SECRET,
			});
			const ok = await server.send({ query: subscribe(SECRET, 'abc-123') });
			expect([ok.status, ok.text]).toEqual([200, 'abc-123']);
			const refused = [
				await server.send({ query: subscribe('wrong') }),
				await server.send({ query: subscribe(undefined) }),
			];
			for (const response of refused) {
				expect(response.status).toBe(403);
				expect(response.text).not.toContain('1158201444');
				expect(response.call?.logs[0]).toMatchObject({
					level: 'warn',
					message: expect.stringContaining('hub.verify_token'),
				});
			}
			expect(everythingSeen(server, [ok, ...refused])).not.toContain(SECRET);
			expect(server.executions).toEqual([]);
		});

		test('the challenge is echoed as text that browsers do not sniff', async () => {
			const server = await start();
			const response = await server.send({ query: subscribe('t', '<script>alert(1)</script>') });
			expect(response.text).toBe('<script>alert(1)</script>');
			expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
			expect(response.headers['x-content-type-options']).toBe('nosniff');
		});

		test('a plain GET answers 200 so reachability checks pass; another hub.mode is 400', async () => {
			const server = await start();
			const plain = await server.send();
			expect(plain.status).toBe(200);
			expect(plain.text).toContain('WhatsApp Now Trigger');
			const other = await server.send({
				query: { 'hub.mode': 'unsubscribe', 'hub.challenge': '1' },
			});
			expect(other.status).toBe(400);
			expect(server.executions).toEqual([]);
		});

		test('a credential that cannot be read refuses the handshake when authentication needs it', async () => {
			const server = await start({
				parameters: { authentication: 'token' },
				credentials: WITH_SECRET,
			});
			server.credentialsHelper.store.clear();
			expect((await server.send({ query: subscribe(SECRET) })).status).toBe(403);
		});
	});

	describe('routing and lifecycle', () => {
		test('other methods and paths never reach the node', async () => {
			const server = await start();
			expect((await server.send({ method: 'PUT', body: {} })).status).toBe(404);
			expect((await server.send({ path: '/webhook/other/webhook', body: {} })).status).toBe(404);
			expect(server.calls).toEqual([]);
		});

		test('webhook lifecycle methods make no remote call and never fail', async () => {
			const {
				checkExists,
				create,
				delete: remove,
			} = new WhatsAppNowTrigger().webhookMethods.default;
			const hooks = {} as IHookFunctions;
			await expect(checkExists.call(hooks)).resolves.toBe(true);
			await expect(create.call(hooks)).resolves.toBe(true);
			await expect(remove.call(hooks)).resolves.toBe(true);
		});

		test('the setup notice gives the e-mail steps', () => {
			const notice = new WhatsAppNowTrigger().description.properties.find(
				(p) => p.type === 'notice',
			);
			expect(notice?.displayName).toEqual(expect.stringContaining('operations@messagecentral.com'));
			expect(notice?.displayName).toEqual(
				expect.stringMatching(/Customer ID.*brand name.*e-mail.*URL/s),
			);
		});
	});

	describe('repeated deliveries', () => {
		const delivery = () =>
			single({ messages: [typed('text', { body: 'Where is my order?' }, { id: 'wamid.REPEAT' })] });

		test('the same message delivered again starts nothing the second time, and says so', async () => {
			const server = await start();
			const [item] = expectStarted(await server.send({ body: delivery() }), 1);
			expect(item).toMatchObject({ messageId: 'wamid.REPEAT', chatInput: 'Where is my order?' });
			const again = await server.send({ body: delivery() });
			expectNoExecution(again, 200);
			expect(again.json).toEqual({ received: 1, selected: 0, repeated: 1 });
			expect(again.call?.logs).toEqual([
				expect.objectContaining({
					level: 'info',
					message: expect.stringContaining('within 10 minutes'),
				}),
			]);
			expect(server.executions).toHaveLength(1);
		});

		test('a status is a repeat only with the same value: sent, then delivered, start twice', async () => {
			const server = await start();
			expectStarted(await server.send({ body: single({ statuses: [status('sent')] }) }), 1);
			expectStarted(await server.send({ body: single({ statuses: [status('delivered')] }) }), 1);
			expectNoExecution(await server.send({ body: single({ statuses: [status('sent')] }) }), 200);
		});

		test('in one delivery, only the new events start; a copy inside the delivery counts as a repeat', async () => {
			const server = await start();
			expectStarted(await server.send({ body: delivery() }), 1);
			const fresh = typed('text', { body: 'Hello?' }, { id: 'wamid.NEW' });
			const response = await server.send({
				body: single({
					messages: [fresh, fresh, typed('text', { body: 'x' }, { id: 'wamid.REPEAT' })],
				}),
			});
			const items = expectStarted(response, 1);
			expect(items.map((i) => i.messageId)).toEqual(['wamid.NEW']);
			expect(response.json).toEqual({ received: 3, selected: 1, repeated: 2 });
		});

		test('another trigger node (another workflow) gets the same delivery too', async () => {
			const first = await start();
			expectStarted(await first.send({ body: delivery() }), 1);
			await first.close();
			const second = await start();
			expectStarted(await second.send({ body: delivery() }), 1);
		});

		test('with Ignore Repeated Deliveries off, every delivery starts a run', async () => {
			const server = await start({ parameters: { options: { ignoreRepeats: false } } });
			expectStarted(await server.send({ body: delivery() }), 1);
			expectStarted(await server.send({ body: delivery() }), 1);
		});
	});
});

describe('version 1.1, the default for new nodes: what changes for n8n', () => {
	const description = new WhatsAppNowTrigger().description;

	test('new nodes get 1.1; saved nodes keep version 1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	test('n8n answers a delivery that starts a run with the node’s own body (responseData "")', () => {
		const post = description.webhooks?.find((webhook) => webhook.httpMethod === 'POST');
		expect(post).toMatchObject({ responseMode: 'onReceived', responseData: '' });
	});

	test.each([
		[1, 'node', 2],
		[1.1, 'n8n', 1],
	])(
		'version %s: a run is answered by the %s; Signature reads the credential %s time(s) for two deliveries',
		async (version, answeredBy, reads) => {
			const server = await start({
				typeVersion: version,
				parameters: { authentication: 'signature' },
				credentials: WITH_SECRET,
			});
			const read = jest.spyOn(server.credentialsHelper, 'getDecrypted');
			for (const id of ['wamid.a', 'wamid.b']) {
				const body = JSON.stringify(single({ statuses: [status('read', { id })] }));
				const response = await server.send({
					body,
					headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
				});
				expect(response.status).toBe(200);
				expect(response.json).toEqual({ received: 1, selected: 1 });
				expect(response.call?.answeredBy).toBe(answeredBy);
			}
			expect(read).toHaveBeenCalledTimes(reads);
		},
	);

	test('deliveries that start nothing are answered by the node at once in both versions', async () => {
		for (const version of [1, 1.1]) {
			const server = await start({
				typeVersion: version,
				parameters: { events: ['messages'] },
			});
			const response = await server.send({ body: single({ statuses: [status('read')] }) });
			expect(response.json).toEqual({ received: 1, selected: 0 });
			expect(response.call?.answeredBy).toBe('node');
			const repeat = inbound(typed('text', { body: 'hi' }));
			expect((await server.send({ body: repeat })).call?.items).toHaveLength(1);
			const again = await server.send({ body: repeat });
			expect(again.json).toEqual({ received: 1, selected: 0, repeated: 1 });
			expect(again.call?.answeredBy).toBe('node');
			await server.close();
			trigger = undefined;
		}
	});

	test('a body n8n does not read for 1.1 (no Content-Type n8n parses) is read by the node', async () => {
		const server = await start({
			typeVersion: 1.1,
			parameters: { authentication: 'signature' },
			credentials: WITH_SECRET,
		});
		const body = JSON.stringify(single({ statuses: [status('read')] }));
		const response = await server.send({
			body,
			headers: { 'content-type': 'application/octet-stream', 'x-hub-signature-256': sign(body) },
		});
		expect(response.status).toBe(200);
		expect(response.call?.items).toHaveLength(1);
	});
});

describe('version 1.1: a body that cannot be read', () => {
	test('is a failed signature (401) before it is a bad body, as in version 1', async () => {
		const server = await start({
			typeVersion: 1.1,
			parameters: { authentication: 'signature' },
			credentials: WITH_SECRET,
			alterRequest: (request) => {
				Reflect.deleteProperty(request, 'rawBody');
				Reflect.deleteProperty(request, 'body');
				Object.assign(request, {
					readRawBody: async () => {
						throw new Error('stream is not readable');
					},
				});
			},
		});
		const body = JSON.stringify(single({ statuses: [status('read')] }));
		const response = await server.send({
			body,
			headers: { 'content-type': 'application/octet-stream', 'x-hub-signature-256': sign(body) },
		});
		expectNoExecution(response, 401);
		expect(response.call?.logs[0].message).toContain('raw request body is not available');
	});
});
