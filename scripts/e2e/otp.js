'use strict';
/**
 * The OTP sign-in example (examples/otp-sign-in.json) in a real n8n: a person
 * asks for a code through one production webhook, reads it on their phone
 * (here: from the sandbox's control endpoint), and signs in through another.
 * A wrong code and an expired one answer "try again" instead of failing.
 */
const stack = require('./stack');

const PHONE = '919876543222';
const SEND_PATH = 'otp-sign-in/send';
const CHECK_PATH = 'otp-sign-in/check';

async function postJson(url, body) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, json, text };
}

/** A GET on a POST-only webhook is refused with a hint once the webhook exists. */
const postWebhookKnown = (status, text) => status !== 404 || /POST/.test(text);

async function otpChecks({ st, must, helpers }) {
	const { n8n, sandbox, client } = st;
	const { id } = stack.EXAMPLES.otpSignIn;
	const sendUrl = `${n8n.baseUrl}/webhook/${SEND_PATH}`;
	const checkUrl = `${n8n.baseUrl}/webhook/${CHECK_PATH}`;

	const active = await must('OTP sign-in example activates (two production webhooks)', async () => {
		const wf = await client.getWorkflow(id);
		if (!wf.active) await client.activateWorkflow(id, wf.versionId);
		await stack.waitForWebhook(sendUrl, postWebhookKnown);
		await stack.waitForWebhook(checkUrl, postWebhookKnown);
		return `${new URL(sendUrl).pathname}, ${new URL(checkUrl).pathname}`;
	});
	if (!active) return;

	/** Asks for a code; answers the verification ID and the code the phone received. */
	const askForCode = async () => {
		const from = await helpers.requestCount(sandbox);
		const sent = await postJson(sendUrl, { phone: `+${PHONE}` });
		if (sent.status !== 200 || !sent.json || !sent.json.verificationId)
			throw new Error(`send answered ${sent.status} ${sent.text.slice(0, 200)}`);
		const problems = helpers.compareRequests(await helpers.newRequests(sandbox, from), [
			(r) => {
				const p = helpers.expectParams(r, {
					flowType: 'WHATSAPP',
					countryCode: '91',
					mobileNumber: PHONE.slice(2),
					otpLength: '6',
				});
				if (r.query && r.query.type !== undefined) p.push(`type = ${r.query.type}, expected none`);
				return p;
			},
		]);
		if (problems.length) throw new Error(problems.join('; '));
		const otp = await sandbox.control.lastOtp(PHONE);
		if (String(otp.verificationId) !== String(sent.json.verificationId))
			throw new Error(`the sandbox's last code is for ${otp.verificationId}`);
		return { verificationId: String(sent.json.verificationId), code: otp.code, sent: sent.json };
	};
	const wrongCode = (code) => (code === '000000' ? '111111' : '000000');

	let first;
	await must(
		'OTP sign-in: the send webhook answers a verification ID; the sandbox got the WhatsApp OTP call',
		async () => {
			first = await askForCode();
			if (!first.sent.expiresAt) throw new Error(`no expiresAt: ${JSON.stringify(first.sent)}`);
			return `verificationId ${first.verificationId}, a 6-digit code to +${PHONE}`;
		},
	);
	if (!first) return;

	await must(
		'OTP sign-in: a wrong code answers 401 "try again" with status WRONG_CODE',
		async () => {
			const r = await postJson(checkUrl, {
				verificationId: first.verificationId,
				code: wrongCode(first.code),
			});
			if (
				r.status !== 401 ||
				!r.json ||
				r.json.signedIn !== false ||
				r.json.status !== 'WRONG_CODE'
			)
				throw new Error(`${r.status} ${r.text.slice(0, 200)}`);
			return JSON.stringify(r.json);
		},
	);

	await must('OTP sign-in: the code from the phone signs in (200, signedIn true)', async () => {
		const r = await postJson(checkUrl, { verificationId: first.verificationId, code: first.code });
		if (r.status !== 200 || !r.json || r.json.signedIn !== true)
			throw new Error(`${r.status} ${r.text.slice(0, 200)}`);
		return JSON.stringify(r.json);
	});

	await must('OTP sign-in: an expired code answers 401 with status EXPIRED', async () => {
		const second = await askForCode();
		await sandbox.control.expireOtp(second.verificationId);
		const r = await postJson(checkUrl, {
			verificationId: second.verificationId,
			code: second.code,
		});
		if (r.status !== 401 || !r.json || r.json.status !== 'EXPIRED')
			throw new Error(`${r.status} ${r.text.slice(0, 200)}`);
		return JSON.stringify(r.json);
	});

	await must('OTP sign-in: every webhook call ran one successful execution', async () => {
		const list = await stack.waitForExecutions(
			client,
			id,
			(l) => l.length >= 5 && l.every((x) => x.status !== 'running' && x.status !== 'new'),
		);
		const ok = list.filter((x) => x.status === 'success' && x.mode === 'webhook');
		if (list.length !== 5 || ok.length !== 5)
			throw new Error(
				`${list.length} executions, ${ok.length} successful webhook runs (expected 5)`,
			);
		return '5 executions';
	});
}

module.exports = { otpChecks };
