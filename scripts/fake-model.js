'use strict';
/**
 * A tiny OpenAI-compatible chat model for the AI agent example and its
 * end-to-end check, so that both run without the internet or an API key.
 * n8n's OpenAI Chat Model node (Responses API off) talks to it through an
 * `openAiApi` credential whose Base URL is this server's /v1.
 *
 * POST /v1/chat/completions (no streaming: an agent behind a webhook trigger
 * that answers at once never streams):
 *   - the last message is a tool result → a final text that quotes it;
 *   - tools are offered → a call of the first one, its arguments filled from
 *     the tool's JSON schema: a `message` (or text) argument gets a reply to the
 *     customer's last words, a phone argument the number found in the prompt
 *     (a model can invent numbers; the example takes the recipient from the
 *     trigger instead), anything else a placeholder;
 *   - else → a plain answer.
 * GET /v1/models lists the one model (the editor's model picker asks).
 * Every request is kept, for the checks: GET /__requests, POST /__reset.
 *
 *   const model = await startFakeModel({ port: 0 }); model.url → http://127.0.0.1:<port>/v1
 *   node scripts/fake-model.js [port]
 */
const http = require('node:http');

const MODEL = 'whatsapp-now-fake-model';

/** What the fake "says" to a customer: a fixed shape, so the checks can look for it. */
function replyTo(words) {
	return `Thanks for your message! You wrote: "${words}". (An answer from the fake model.)`;
}

function lastUserText(messages) {
	const user = [...messages].reverse().find((m) => m.role === 'user');
	if (!user) return '';
	if (typeof user.content === 'string') return user.content;
	return (user.content || []).map((part) => part.text || '').join(' ');
}

/** Arguments for a tool call, from the tool's JSON schema (nested objects too: the approval tool wraps them). */
function argumentsFor(schema, messages, key = '') {
	if (schema && (schema.type === 'object' || schema.properties)) {
		const args = {};
		for (const [name, child] of Object.entries(schema.properties || {})) {
			args[name] = argumentsFor(child, messages, name);
		}
		return args;
	}
	const type = schema && schema.type;
	if (type === 'number' || type === 'integer') return 1;
	if (type === 'boolean') return true;
	if (type === 'array') return [];
	if (/message|text|reply|answer/i.test(key)) return replyTo(lastUserText(messages));
	if (/phone|number|recipient|to$/i.test(key)) {
		const found = /\+?\d[\d ()-]{7,}\d/.exec(lastUserText(messages));
		return found ? found[0] : '+919876543210';
	}
	return `fake ${key}`;
}

function completion(message, finishReason) {
	return {
		id: `chatcmpl-fake-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: MODEL,
		choices: [
			{
				index: 0,
				message: { refusal: null, ...message },
				logprobs: null,
				finish_reason: finishReason,
			},
		],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

function answer(body, calls) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const last = messages[messages.length - 1];
	if (last && last.role === 'tool') {
		return completion(
			{
				role: 'assistant',
				content: `Done. The tool answered: ${String(last.content).slice(0, 200)}`,
			},
			'stop',
		);
	}
	const tools = Array.isArray(body.tools) ? body.tools : [];
	if (tools.length > 0) {
		const fn = tools[0].function;
		const id = `call_fake_${calls}`;
		const args = JSON.stringify(argumentsFor(fn.parameters, messages));
		return completion(
			{
				role: 'assistant',
				content: null,
				tool_calls: [{ id, type: 'function', function: { name: fn.name, arguments: args } }],
			},
			'tool_calls',
		);
	}
	return completion({ role: 'assistant', content: replyTo(lastUserText(messages)) }, 'stop');
}

function sendJson(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** Starts the fake on loopback; resolves to { url, port, requests, reset(), close() }. */
function startFakeModel({ port = 0, host = '127.0.0.1' } = {}) {
	const requests = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body = null;
			try {
				body = text ? JSON.parse(text) : null;
			} catch {
				return sendJson(res, 400, {
					error: { message: 'the body is not JSON', type: 'invalid_request_error' },
				});
			}
			const path = (req.url || '').split('?')[0];
			if (path === '/__requests') return sendJson(res, 200, requests);
			if (path === '/__reset') {
				requests.length = 0;
				return sendJson(res, 200, {});
			}
			const record = { at: Date.now(), method: req.method, path, body };
			requests.push(record);
			if (req.method === 'GET' && path.endsWith('/models')) {
				return sendJson(res, 200, {
					object: 'list',
					data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'fake' }],
				});
			}
			if (req.method === 'POST' && path.endsWith('/chat/completions') && body) {
				if (body.stream) {
					return sendJson(res, 400, {
						error: { message: 'the fake model does not stream', type: 'invalid_request_error' },
					});
				}
				calls++;
				record.answer = answer(body, calls);
				return sendJson(res, 200, record.answer);
			}
			sendJson(res, 404, {
				error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' },
			});
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			const actual = server.address().port;
			resolve({
				port: actual,
				url: `http://${host}:${actual}/v1`,
				model: MODEL,
				requests,
				reset: () => {
					requests.length = 0;
				},
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

module.exports = { startFakeModel, replyTo, MODEL };

if (require.main === module) {
	startFakeModel({ port: Number(process.argv[2] || 4020) }).then((model) => {
		console.log(`fake OpenAI-compatible model at ${model.url} (model "${model.model}")`);
	});
}
