// The outgoing half of webhooks: POSTs a payload to the callback URL the way
// Meta does (JSON, its user agent, X-Hub-Signature-256 when a secret is set).
// Every request stays tracked until it settles, so close() can destroy what is
// still in flight and jest exits on its own.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const CALLBACK_TIMEOUT_MS = 5000;

export class CallbackPoster {
	private readonly outgoing = new Set<http.ClientRequest>();
	private closed = false;

	/** Resolves with the HTTP status the callback URL answered; rejects when unreachable. */
	post(url: string, body: Buffer, secret: string | null): Promise<number> {
		const headers: Record<string, string | number> = {
			'content-type': 'application/json',
			'content-length': body.length,
			'user-agent': 'facebookexternalua',
		};
		if (secret) {
			const hmac = createHmac('sha256', secret).update(body).digest('hex');
			headers['x-hub-signature-256'] = `sha256=${hmac}`;
		}
		return new Promise((resolve, reject) => {
			if (this.closed) return reject(new Error('sandbox closed'));
			const target = new URL(url);
			const client = target.protocol === 'https:' ? https : http;
			// agent:false = one socket per call, closed afterwards: no pooled socket keeps jest alive.
			const options = { method: 'POST', headers, agent: false, timeout: CALLBACK_TIMEOUT_MS };
			const req = client.request(target, options);
			this.outgoing.add(req);
			let status: number | null = null;
			let failure: Error | null = null;
			let settled = false;
			const finish = (): void => {
				if (settled) return;
				settled = true;
				this.outgoing.delete(req);
				if (status !== null) resolve(status);
				else reject(failure ?? new Error('callback aborted'));
			};
			req.on('response', (res) => {
				status = res.statusCode ?? 0;
				res.resume();
				res.on('end', finish);
			});
			req.on('timeout', () => {
				req.destroy(new Error(`callback timed out after ${CALLBACK_TIMEOUT_MS} ms`));
			});
			req.on('error', (e) => {
				failure = e;
			});
			req.on('close', finish);
			req.end(body);
		});
	}

	/** Destroys every request in flight; later posts reject at once. */
	close(): void {
		this.closed = true;
		for (const req of this.outgoing) req.destroy();
		this.outgoing.clear();
	}
}
