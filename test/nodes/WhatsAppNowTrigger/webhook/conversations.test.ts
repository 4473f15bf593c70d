import { TriggerServer, type TriggerOptions } from '../../../harness/webhookHarness';
import { CUSTOMER, single, status, typed, type Json } from '../fixtures';

/**
 * Issue 29's trigger rules through n8n's webhook path over real HTTP:
 * Combine Messages Within, Stop and Resume Keywords, and the repeat memory
 * per workflow and trigger node.
 */

const servers: TriggerServer[] = [];

async function start(options: TriggerOptions = {}): Promise<TriggerServer> {
	const server = await TriggerServer.start(options);
	servers.push(server);
	return server;
}

afterEach(async () => {
	// A call still waiting out a burst would outlive its server otherwise.
	await Promise.all(servers.map(async (server) => await server.settled()));
	await Promise.all(servers.splice(0).map(async (server) => await server.close()));
});

const textMessage = (body: string, extra: Json = {}) =>
	single({ messages: [typed('text', { body }, extra)] });

/**
 * Long enough that three requests to a local server always fit in it, even on
 * a loaded machine; nothing here measures how long anything takes.
 */
const WINDOW_SECONDS = 4;

describe('Combine Messages Within', () => {
	test('off (the default): three messages start three runs, each item as before', async () => {
		const server = await start();
		for (const body of ['hi', 'I ordered on Monday', 'where is it?']) {
			const response = await server.send({ body: textMessage(body) });
			expect(response.json).toEqual({ received: 1, selected: 1 });
		}
		await server.settled();
		expect(server.executions.map((items) => items.map((item) => item.json.chatInput))).toEqual([
			['hi'],
			['I ordered on Monday'],
			['where is it?'],
		]);
		expect(server.executions[0][0].json.messages).toBeUndefined();
	});

	test('three messages within the window start one run holding all three; each delivery is answered 200 before it', async () => {
		const server = await start({ parameters: { options: { combineWithin: WINDOW_SECONDS } } });
		const responses = [];
		for (const body of ['hi', 'I ordered on Monday', 'where is it?']) {
			responses.push(await server.send({ body: textMessage(body) }));
		}
		for (const response of responses) {
			expect(response.status).toBe(200);
			expect(response.json).toEqual({ received: 1, selected: 1, held: 1 });
		}
		// The first delivery's answer came back while its webhook call was still waiting.
		expect(responses[0].call?.result).toBeUndefined();

		await server.settled();
		expect(server.executions).toHaveLength(1);
		const [item] = server.executions[0].map((entry) => entry.json);
		expect(item.chatInput).toBe('hi\nI ordered on Monday\nwhere is it?');
		const messages = item.messages as Array<Record<string, unknown>>;
		expect(messages.map((message) => message.text)).toEqual([
			'hi',
			'I ordered on Monday',
			'where is it?',
		]);
		expect(item).toMatchObject({
			event: 'message',
			from: CUSTOMER,
			sessionId: CUSTOMER,
			messageId: messages[2].messageId,
			timestamp: messages[2].timestamp,
			context: messages[2].context,
		});
		// The deliveries that joined started nothing and were answered by the node itself.
		for (const response of responses.slice(1)) {
			expect(response.call?.items).toBeUndefined();
			expect(response.call?.unanswered).toBe(false);
		}
	});

	test('a status is never held, even while a burst is open', async () => {
		const server = await start({ parameters: { options: { combineWithin: WINDOW_SECONDS } } });
		const opened = await server.send({ body: textMessage('hi') });
		const delivered = await server.send({ body: single({ statuses: [status('delivered')] }) });
		// Its run started before the burst's: the status call returned while the first still waits.
		expect(delivered.call?.items?.map((item) => item.json.status)).toEqual(['delivered']);
		expect(opened.call?.result).toBeUndefined();
		await server.settled();
		expect(opened.call?.items?.map((item) => item.json.chatInput)).toEqual(['hi']);
		expect(server.executions).toHaveLength(2);
	});
});

describe('Stop and Resume Keywords', () => {
	async function flagsOf(options: TriggerOptions, bodies: Json[]) {
		const server = await start(options);
		for (const body of bodies) await server.send({ body });
		await server.settled();
		return server.executions.map(([item]) => [item.json.text, item.json.optOut, item.json.optIn]);
	}

	test("by default, STOP, Meta's Stop promotions button, UNSUBSCRIBE and START are flagged; other texts are not", async () => {
		const flags = await flagsOf({}, [
			textMessage(' stop '),
			single({
				messages: [typed('button', { text: 'Stop promotions', payload: 'Stop promotions' })],
			}),
			textMessage('Unsubscribe'),
			textMessage('START'),
			textMessage('please stop sending these'),
			single({ messages: [typed('image', { id: 'media-1', caption: 'STOP' })] }),
		]);
		expect(flags).toEqual([
			[' stop ', true, false],
			['Stop promotions', true, false],
			['Unsubscribe', true, false],
			['START', false, true],
			['please stop sending these', false, false],
			['STOP', false, false],
		]);
	});

	test('the keywords are options: a list of your own replaces the defaults; a word in both is a stop', async () => {
		const flags = await flagsOf(
			{
				parameters: {
					options: { stopKeywords: 'ALTO, Baja', resumeKeywords: 'volver\nSUBSCRIBE, baja' },
				},
			},
			[textMessage('baja'), textMessage('STOP'), textMessage('Subscribe')],
		);
		expect(flags).toEqual([
			['baja', true, false],
			['STOP', false, false],
			['Subscribe', false, true],
		]);
	});

	test('statuses carry no opt-out flags', async () => {
		const server = await start();
		await server.send({ body: single({ statuses: [status('read')] }) });
		expect(server.executions[0][0].json).not.toHaveProperty('optOut');
	});
});

describe('repeat memory per workflow and trigger node', () => {
	const delivery = () =>
		single({ messages: [typed('text', { body: 'Where is my order?' }, { id: 'wamid.SHARED' })] });
	const NODE_ID = '0b6f1f9e-1d2c-4c1e-9a51-2f7f3c1d4e5a';

	test('two workflows imported from one file (one node id) each start on a delivery', async () => {
		const first = await start({ workflowId: 'imported-1', nodeId: NODE_ID });
		const second = await start({ workflowId: 'imported-2', nodeId: NODE_ID });
		expect((await first.send({ body: delivery() })).call?.items).toHaveLength(1);
		const again = await second.send({ body: delivery() });
		expect(again.json).toEqual({ received: 1, selected: 1 });
		expect(again.call?.items).toHaveLength(1);
	});

	test('one workflow and node still holds the repeat back', async () => {
		const first = await start({ workflowId: 'one-workflow', nodeId: NODE_ID });
		const second = await start({ workflowId: 'one-workflow', nodeId: NODE_ID });
		expect((await first.send({ body: delivery() })).call?.items).toHaveLength(1);
		const again = await second.send({ body: delivery() });
		expect(again.json).toEqual({ received: 1, selected: 0, repeated: 1 });
	});
});
