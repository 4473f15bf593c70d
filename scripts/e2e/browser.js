'use strict';
/**
 * The editor in a real browser: Debian's chromium, headless, driven by
 * playwright-core (executablePath, a fresh user data folder). Logs in as the
 * owner, opens the example workflows and the WhatsApp Now nodes, checks what
 * the editor shows (operations, fields, the credential, the trigger's webhook
 * URL and its output), and takes the README's screenshots.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const stack = require('./stack');
const e2e = require('./n8n');

const LAUNCH_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Debian's chromium: the real binary behind the /usr/bin/chromium wrapper script, or what is on PATH. */
function chromiumPath() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium'])
		if (fs.existsSync(p)) return p;
	const w = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
		encoding: 'utf8',
	});
	return w.status === 0 ? w.stdout.trim() : null;
}

async function launch({ width = 1440, height = 1000 } = {}) {
	const executablePath = chromiumPath();
	if (!executablePath) throw new Error('chromium is not installed (apt-get install -y chromium)');
	const { chromium } = require('playwright-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: LAUNCH_FLAGS,
		viewport: { width, height },
		deviceScaleFactor: 1,
	});
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(30000);
	return {
		page,
		close: async () => {
			await context.close().catch(() => {});
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

async function login(page, baseUrl, userFolder) {
	const owner = e2e.ownerLogin(userFolder);
	await page.goto(`${baseUrl}/signin`);
	const email = 'input[type=email], input[name=email], input[name=emailOrLdapLoginId]';
	await page.waitForSelector(email, { timeout: 60000 });
	await page.fill(email, owner.email);
	await page.fill('input[type=password]', owner.password);
	await page.click('button:has-text("Sign in")');
	await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: 60000 });
}

async function openWorkflow(page, baseUrl, workflowId) {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60000 });
	await page.waitForTimeout(500);
	return await page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((e) => e.getAttribute('data-node-name')),
	);
}

async function openNode(page, nodeName) {
	await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await page.waitForSelector('[data-test-id="ndv"]');
	await page.waitForSelector('[data-test-id="node-parameters"]');
	await page.waitForTimeout(500);
}

/** 2.x has a close button, 1.x a "Back to canvas" link; Escape closes both. */
async function closeNode(page) {
	const close = await page.$(
		'[data-test-id="ndv-close-button"]:visible, [data-test-id="back-to-canvas"]:visible, :text("Back to canvas"):visible',
	);
	if (close) await close.click();
	else await page.keyboard.press('Escape');
	await page
		.waitForSelector('[data-test-id="ndv"]', { state: 'hidden', timeout: 5000 })
		.catch(() => page.keyboard.press('Escape'));
	await page.waitForTimeout(300);
}

/** Names of the visible parameters of the open node (data-test-id parameter-input-<name> / fixed-collection-<name>). */
async function visibleParameters(page) {
	return await page.$$eval('[data-test-id="node-parameters"] [data-test-id]', (els) => [
		...new Set(
			els
				.filter((e) => e.offsetParent !== null)
				.map((e) => e.getAttribute('data-test-id'))
				.map((id) => (id.match(/^(?:parameter-input|fixed-collection)-(.+)$/) || [])[1])
				.filter((name) => name && !['field', 'add', 'delete', 'value', 'item'].includes(name)),
		),
	]);
}

/** Opens an options parameter's dropdown and returns its visible option labels (first line of each). */
async function dropdownOptions(page, parameterName) {
	await page.click(`[data-test-id="parameter-input-${parameterName}"]`);
	await page.waitForTimeout(400);
	// Each option shows its name, then its description: keep the name (the first text leaf).
	const labels = await page.$$eval('.el-select-dropdown__item, [role=option]', (els) =>
		els
			.filter((e) => e.offsetParent !== null)
			.map((e) =>
				(
					[...e.querySelectorAll('*')].find(
						(x) => x.children.length === 0 && x.textContent.trim(),
					) || e
				).textContent.trim(),
			),
	);
	return labels;
}

async function chooseOption(page, parameterName, label) {
	await page.click(`[data-test-id="parameter-input-${parameterName}"]`);
	await page.waitForTimeout(300);
	await page.click(`.el-select-dropdown__item:visible:has-text("${label}")`);
	await page.waitForTimeout(400);
}

/** Opens the node panel (the canvas's + button) and types `text` into its search. */
async function searchNodePanel(page, text) {
	await page.click('[data-test-id="node-creator-plus-button"]');
	await page.waitForSelector('[data-test-id="node-creator"]');
	await page.keyboard.type(text);
	await page.waitForTimeout(800);
}

function box(b, pad = 0) {
	return {
		x: Math.max(0, b.x - pad),
		y: Math.max(0, b.y - pad),
		width: b.width + 2 * pad,
		height: b.height + 2 * pad,
	};
}

/** Screenshot of the node panel's parameter column (from the tabs down to the last visible parameter). */
async function shootParameterColumn(page, file) {
	const r = await page.evaluate(() => {
		const params = document
			.querySelector('[data-test-id="node-parameters"]')
			.getBoundingClientRect();
		const tabs = document.querySelector('[data-test-id="tab-params"]');
		const top = tabs ? tabs.getBoundingClientRect().top - 12 : params.top;
		const items = [
			...document.querySelectorAll(
				'[data-test-id="node-parameters"] [data-test-id="parameter-item"], [data-test-id="node-parameters"] [data-test-id^="fixed-collection-"], [data-test-id="node-parameters"] [data-test-id="collection-parameter-add"]',
			),
		]
			.filter((e) => e.offsetParent !== null)
			.map((e) => e.getBoundingClientRect().bottom);
		const bottom = Math.min(Math.max(...items, params.top + 200) + 16, window.innerHeight);
		return { x: params.left - 8, y: top, width: params.width + 16, height: bottom - top };
	});
	await page.screenshot({ path: file, clip: box(r) });
}

/**
 * Every editor check for one running stack; `check(name, ok, detail)` records
 * each. Screenshots go to shotsDir (docs/ for the 2.x run).
 */
async function editorChecks({ st, check, shotsDir, failShotsDir, publicWebhookBase }) {
	const { n8n, sandbox } = st;
	const base = n8n.baseUrl.replace('127.0.0.1', 'localhost');
	fs.mkdirSync(shotsDir, { recursive: true });
	const shot = (name) => path.join(shotsDir, name);
	let browser;
	const step = async (name, fn) => {
		try {
			const detail = await fn();
			check(name, true, detail || '');
		} catch (error) {
			check(name, false, String(error && error.message ? error.message : error).split('\n')[0]);
			const file = path.join(
				failShotsDir || shotsDir,
				`failed-${name.replace(/\W+/g, '-').slice(0, 50)}.png`,
			);
			if (browser) await browser.page.screenshot({ path: file }).catch(() => {});
		}
	};
	try {
		browser = await launch({ width: 1440, height: 1500 });
	} catch (error) {
		check('editor: chromium starts', false, error.message.split('\n')[0]);
		return;
	}
	const { page } = browser;
	try {
		await step('editor: owner logs in', async () => {
			await login(page, base, n8n.userFolder);
			return new URL(page.url()).pathname;
		});

		await step('editor: bulk example opens with its nodes on the canvas', async () => {
			const names = await openWorkflow(page, base, stack.EXAMPLES.bulk.id);
			for (const n of ['Start', 'Customer List', 'Broadcast'])
				if (!names.includes(n)) throw new Error(`canvas lacks ${n}: ${names}`);
			return names.join(', ');
		});

		await step(
			'editor: WhatsApp Now node opens with the Send Template in Bulk fields',
			async () => {
				await openNode(page, 'Broadcast');
				const params = await visibleParameters(page);
				const want = [
					'resource',
					'operation',
					'templateName',
					'language',
					'source',
					'phoneNumber',
					'defaultCountryCode',
					'variables',
					'ctaVariables',
				];
				const missing = want.filter((p) => !params.includes(p));
				if (missing.length)
					throw new Error(`missing fields ${missing.join(', ')} (shown: ${params.join(', ')})`);
				await shootParameterColumn(page, shot('node-send-template-bulk.png'));
				return params.join(', ');
			},
		);

		await step('editor: Message operations listed', async () => {
			const ops = await dropdownOptions(page, 'operation');
			await page.keyboard.press('Escape');
			for (const o of ['Send Chat', 'Send Template', 'Send Template in Bulk'])
				if (!ops.includes(o)) throw new Error(`no "${o}" in ${ops}`);
			return ops.join(', ');
		});

		await step('editor: Template operations listed, with their fields', async () => {
			const resources = await dropdownOptions(page, 'resource');
			await page.keyboard.press('Escape');
			if (!resources.includes('Template')) throw new Error(`no Template resource in ${resources}`);
			await chooseOption(page, 'resource', 'Template');
			const ops = await dropdownOptions(page, 'operation');
			await page.keyboard.press('Escape');
			for (const o of ['Create', 'Get Status', 'Wait for Approval'])
				if (!ops.includes(o)) throw new Error(`no "${o}" in ${ops}`);
			await chooseOption(page, 'operation', 'Wait for Approval');
			const params = await visibleParameters(page);
			const missing = [
				'templateName',
				'templateId',
				'language',
				'timeoutMinutes',
				'pollIntervalSeconds',
			].filter((p) => !params.includes(p));
			if (missing.length) throw new Error(`Wait for Approval lacks ${missing.join(', ')}`);
			await closeNode(page);
			return ops.join(', ');
		});

		await step('editor: node panel lists all nine WhatsApp Now actions', async () => {
			if (await page.$('[data-test-id="ndv"]')) await closeNode(page);
			await searchNodePanel(page, 'WhatsApp Now');
			await page.click(
				'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]:has-text("WhatsApp Now")',
			);
			await page.waitForTimeout(800);
			const text = await page.$eval('[data-test-id="node-creator"]', (e) => e.innerText);
			const actions = [
				'Send message and wait for response',
				'Send a chat message',
				'Send a template message',
				'Send a template message in bulk',
				'Create a template',
				'Get the status of a template',
				'Wait for a template to be approved',
				'Send a verification code',
				'Check a verification code',
			];
			const missing = actions.filter((a) => !text.includes(a));
			if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
			const r = await page.evaluate(() => {
				const panel = document
					.querySelector('[data-test-id="node-creator"]')
					.getBoundingClientRect();
				const last = [...document.querySelectorAll('[data-test-id="node-creator"] *')]
					.filter(
						(e) =>
							e.children.length === 0 &&
							/Wait for a template to be approved|Check a verification code|Send a verification code|Triggers/.test(
								e.textContent,
							),
					)
					.map((e) => e.getBoundingClientRect().bottom);
				return {
					x: panel.left,
					y: panel.top,
					width: panel.width,
					height: Math.min(Math.max(...last, panel.top + 300) + 24, panel.bottom) - panel.top,
				};
			});
			await page.screenshot({ path: shot('editor-actions.png'), clip: box(r) });
			await page.keyboard.press('Escape');
			return `${actions.length} actions`;
		});

		await step('editor: credential opens, tests OK, shows no secret', async () => {
			await openWorkflow(page, base, stack.EXAMPLES.chatImage.id);
			await openNode(page, 'Send Chat');
			await page.click('[data-test-id="credential-edit-button"]');
			const dialog = '[data-test-id="editCredential-modal"]';
			await page.waitForSelector(dialog);
			await page.waitForSelector(`${dialog} :text("Connection tested successfully")`, {
				timeout: 30000,
			});
			const text = await page.$eval(dialog, (e) => e.innerText);
			for (const label of ['Customer ID', 'Password', 'Password Format', 'Base URL'])
				if (!text.includes(label)) throw new Error(`no "${label}" field`);
			const html = await page.content();
			if (html.includes(st.webhookSecret)) throw new Error('the page contains the webhook secret');
			// Unfold the dialog's scrolling areas so that every field is in the picture.
			await page.mouse.move(0, 0);
			const r = await page.$eval(dialog, (root) => {
				const scrolling = [root, ...root.querySelectorAll('*')].filter(
					(e) => e.scrollHeight > e.clientHeight + 2 && getComputedStyle(e).overflowY !== 'visible',
				);
				for (const e of scrolling) {
					e.style.overflow = 'visible';
					// It and every box up to the dialog grow with the content.
					for (let box = e; box && root.contains(box); box = box.parentElement) {
						box.style.maxHeight = 'none';
						box.style.height = 'auto';
					}
				}
				const d = root.querySelector('.el-dialog') || root;
				d.style.marginTop = '8px';
				const b = d.getBoundingClientRect();
				return {
					x: b.left,
					y: b.top,
					width: b.width,
					height: Math.min(b.height, window.innerHeight - b.top),
				};
			});
			await page.waitForTimeout(800);
			await page.screenshot({ path: shot('credential.png'), clip: box(r) });
			await page.keyboard.press('Escape');
			return 'Connection tested successfully';
		});

		const expectedProd = `${publicWebhookBase.replace(/\/$/, '')}${new URL(stack.productionUrl(n8n, 'triggerReply')).pathname}`;
		await step(
			'editor: trigger shows its Production URL (/webhook/<webhookId>/webhook)',
			async () => {
				await openWorkflow(page, base, stack.EXAMPLES.triggerReply.id);
				await openNode(page, 'WhatsApp Now Trigger');
				await page.click('[data-test-id="node-parameters"] :text("Webhook URLs")');
				await page.waitForTimeout(300);
				await page.click(
					'[data-test-id="radio-button-production"], [data-test-id="node-parameters"] :text("Production URL")',
				);
				await page.waitForTimeout(300);
				const text = await page.$eval('[data-test-id="node-parameters"]', (e) =>
					e.innerText.replace(/\s+/g, ''),
				);
				if (!text.includes(expectedProd)) throw new Error(`${expectedProd} not shown`);
				await shootParameterColumn(page, shot('trigger-setup.png'));
				return expectedProd;
			},
		);

		await step('editor: trigger output shows an inbound message (test event)', async () => {
			await page.click('[data-test-id="node-execute-button"]');
			await page.waitForTimeout(1500);
			const saved = (await sandbox.control.state()).config;
			await sandbox.control.configure({ callbackUrl: stack.testUrl(n8n, 'triggerReply') });
			let answer;
			try {
				answer = await sandbox.control.inbound({
					type: 'text',
					from: '919876543210',
					name: 'Asha',
					text: 'Where is my order?',
				});
			} finally {
				await sandbox.control.configure({ callbackUrl: saved.callbackUrl });
			}
			if (answer.callbackStatus !== 200)
				throw new Error(`test webhook answered ${answer.callbackStatus} ${answer.error || ''}`);
			await page
				.waitForSelector('[data-test-id="output-panel"] :text("Where is my order?")', {
					timeout: 20000,
				})
				.catch(async () => {
					await page.click('[data-test-id="radio-button-json"]');
					await page.waitForSelector('[data-test-id="output-panel"] :text("Where is my order?")', {
						timeout: 5000,
					});
				});
			await page.click('[data-test-id="radio-button-json"]').catch(() => {});
			// No hover tooltip over the output in the picture.
			await page.mouse.move(5, 5);
			await page.waitForTimeout(1200);
			const r = await page.evaluate(() => {
				const panel = document
					.querySelector('[data-test-id="output-panel"]')
					.getBoundingClientRect();
				const lines = [...document.querySelectorAll('[data-test-id="output-panel"] *')]
					.filter(
						(e) =>
							e.children.length === 0 && e.offsetParent !== null && e.textContent.trim() === ']',
					)
					.map((e) => e.getBoundingClientRect().bottom);
				const bottom = lines.length ? Math.max(...lines) + 24 : panel.top + 520;
				return {
					x: panel.left,
					y: panel.top,
					width: panel.width,
					height: Math.min(bottom, panel.bottom) - panel.top,
				};
			});
			await page.screenshot({ path: shot('trigger-output.png'), clip: box(r) });
			const text = await page.$eval('[data-test-id="output-panel"]', (e) => e.innerText);
			for (const f of ['"event"', '"from"', '"text"', '"messageId"'])
				if (!text.includes(f)) throw new Error(`output lacks ${f}`);
			return 'event, messageId, from, name, type, text shown';
		});
	} finally {
		await browser.close();
	}
}

module.exports = {
	chromiumPath,
	launch,
	login,
	openWorkflow,
	openNode,
	searchNodePanel,
	box,
	editorChecks,
	LAUNCH_FLAGS,
};
