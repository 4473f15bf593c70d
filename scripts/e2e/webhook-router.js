'use strict';
/**
 * A reverse proxy in front of several n8n webhook processors, as a load
 * balancer would be, for the queue-mode stage and the docs' advice
 * (docs/queue-mode.md#route-the-trigger-to-one-webhook-processor): requests
 * whose path starts with a pinned prefix (the WhatsApp Now Trigger's
 * /webhook/<webhookId>/) always go to one processor, so that its repeat memory
 * sees every delivery; everything else is spread round robin.
 *
 *   const router = await startWebhookRouter({
 *     targets: ['http://127.0.0.1:5679', 'http://127.0.0.1:5680'],
 *     pinned: [{ prefix: '/webhook/<webhookId>/', target: 0 }],
 *   });
 *   router.url; router.served; // requests per target
 *   await router.stop();
 */
const http = require('node:http');

async function startWebhookRouter({ targets, pinned = [], host = '127.0.0.1', port = 0 }) {
	const served = targets.map(() => 0);
	let turn = 0;
	const pick = (url) => {
		const pin = pinned.find((p) => url.startsWith(p.prefix));
		if (pin) return pin.target;
		turn = (turn + 1) % targets.length;
		return turn;
	};
	const server = http.createServer((req, res) => {
		const index = pick(req.url || '/');
		served[index]++;
		const target = new URL(req.url || '/', targets[index]);
		const upstream = http.request(
			target,
			{
				method: req.method,
				headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress },
			},
			(answer) => {
				res.writeHead(answer.statusCode || 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`router: ${error.message}`);
		});
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(port, host, resolve));
	const { port: bound } = server.address();
	return {
		url: `http://${host}:${bound}`,
		served,
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startWebhookRouter };
