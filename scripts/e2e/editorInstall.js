'use strict';
/**
 * The package installed the way users install it: from the n8n editor,
 * Settings → Community Nodes, out of an npm registry. One stage per n8n
 * major, in its own user folder with nothing installed beforehand:
 *
 *   1. the packed package is published to a local registry (registry.js:
 *      Verdaccio on loopback, no uplinks);
 *   2. n8n starts with N8N_COMMUNITY_PACKAGES_REGISTRY pointing at it (and a
 *      .npmrc in its nodes folder, for the `npm outdated` behind "update
 *      available", which gets no registry from n8n); the owner installs n8n-nodes-whatsapp-now in headless chromium;
 *      the node is in the node panel; the credential and the examples are
 *      imported afterwards and the chat example runs against the sandbox;
 *   3. the same code with the patch version bumped is published; the editor
 *      offers it and Update applies it; the saved workflow runs again and its
 *      credential still tests OK;
 *   4. Uninstall: the node types are gone and the nodes folder keeps no file
 *      of the package (1.123.x leaves its line in the folder's package.json).
 *
 * n8n gates a registry other than npm's behind a licence feature
 * (feat:communityNodes:customRegistry, in 1.123.x and 2.41.1 alike). n8n's own
 * end-to-end mode (E2E_TESTS=true, which mounts /rest/e2e on this loopback
 * instance) switches that one feature on; everything else is n8n unchanged.
 * Screenshots of the install dialog and the installed package go to shotsDir
 * (docs/ only with npm run screenshots).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const e2e = require('./n8n');
const stack = require('./stack');
const browserKit = require('./browser');
const { startRegistry } = require('./registry');

const PACKAGE = require('../../package.json').name;
const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';
const CARD = '[data-test-id="community-package-card"]';
const TOKEN = '/auth/v1/authentication/token';
/** The registry setting the stage puts in the nodes folder (not the package's). */
const NPMRC = '.npmrc';

const run = (file, args, cwd) =>
	new Promise((resolve, reject) =>
		execFile(file, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) =>
			error ? reject(new Error(`${file} ${args[0]}: ${stderr || error.message}`)) : resolve(stdout),
		),
	);

/** The packed package unpacked into dir/package with its patch version bumped; answers that folder and version. */
async function bumpedCopy(dir) {
	const out = await run(
		'npm',
		['pack', stack.REPO, '--ignore-scripts', '--json', '--pack-destination', dir],
		dir,
	);
	await run('tar', ['-xzf', JSON.parse(out)[0].filename], dir);
	const folder = path.join(dir, 'package');
	const file = path.join(folder, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
	const [major, minor, patch] = pkg.version.split('.').map(Number);
	pkg.version = `${major}.${minor}.${patch + 1}`;
	fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
	return { folder, version: pkg.version };
}

/** Every file under a folder, relative to it. */
function filesUnder(root, dir = root) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? filesUnder(root, p) : [path.relative(root, p)];
	});
}

/** Runs the chat example with the n8n CLI; throws unless it sent exactly one chat through the sandbox. */
async function runChatExample(major, userFolder, sandbox) {
	const from = (await sandbox.control.state()).requestCount;
	const result = await stack.executeWorkflow(major, userFolder, stack.EXAMPLES.chatImage.id);
	const out = stack.nodeOutput(result.data, 'Send Chat') || [];
	const sent = (await sandbox.control.requests()).slice(from).filter((r) => r.path !== TOKEN);
	if (!result.ok || out.length !== 1 || out[0].success !== true)
		throw new Error(`the run failed: ${`${result.stdout}${result.stderr}`.slice(-300)}`);
	const type = (r) => r.query?.type ?? r.fields?.type;
	if (sent.length !== 1 || type(sent[0]) !== 'CHAT')
		throw new Error(`${sent.length} requests: ${sent.map((r) => `${r.method} ${r.path}`)}`);
	return `messageId ${String(out[0].messageId).slice(0, 14)}…`;
}

async function nodeTypesOfPackage(client) {
	return (await client.nodeTypes()).map((t) => t.name).filter((n) => n.startsWith(`${PACKAGE}.`));
}

/** Waits until the card of the package shows `version` (the page reloaded until then). */
async function waitForCard(page, base, version, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const text = await page
			.locator(CARD)
			.filter({ hasText: PACKAGE })
			.innerText({ timeout: 5000 })
			.catch(() => '');
		if (text.includes(`v${version}`)) return text;
		if (Date.now() > deadline) throw new Error(`no card for ${PACKAGE} v${version}: ${text}`);
		await page.goto(`${base}/settings/community-nodes`);
		await page.waitForTimeout(1000);
	}
}

/** A picture of a locator's first visible match, without the badge and frame of n8n's end-to-end mode. */
async function shootAround(page, selector, file) {
	await page.addStyleTag({
		content: '[data-test-id="e2e-test-mode-marker"] { display: none !important; }',
	});
	const r = await page.locator(selector).first().boundingBox();
	if (!r) throw new Error(`${selector} is not visible`);
	await page.screenshot({ path: file, clip: browserKit.box(r, 8) });
}

async function editorInstallStage({ major, check, keep = false, shotsDir }) {
	const label = `n8n ${e2e.n8nInfo(major).version} editor install`;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `wan-e2e-install-${major}-`));
	const shots = shotsDir || path.join(userFolder, 'screenshots');
	fs.mkdirSync(shots, { recursive: true });
	const mustFor = stack.mustFor(check);
	let browser;
	// A failed check leaves a picture of the page in the user folder, which is kept.
	const must = async (name, fn) => {
		const ok = await mustFor(name, fn);
		const file = path.join(userFolder, `failed-${name.replace(/\W+/g, '-').slice(0, 50)}.png`);
		if (!ok && browser) await browser.page.screenshot({ path: file }).catch(() => {});
		return ok;
	};
	const t0 = Date.now();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const version = require('../../package.json').version;
	let registry;
	let sandbox;
	let n8n;
	let crashed = false;
	console.log(`\n== ${label} (user folder ${userFolder})`);
	try {
		if (
			!(await must(
				`${PACKAGE}@${version}, packed, is published to a local registry (Verdaccio on loopback, no uplinks)`,
				async () => {
					registry = await startRegistry({ dir: userFolder });
					await registry.publish(stack.REPO);
					return `${registry.url}, versions ${await registry.versions(PACKAGE)}`;
				},
			))
		)
			return;
		if (
			!(await must(
				'n8n starts with N8N_COMMUNITY_PACKAGES_REGISTRY at that registry, no package installed',
				async () => {
					sandbox = await stack.startSandboxCli({ logFile: path.join(userFolder, 'sandbox.log') });
					// n8n passes its registry to `npm pack`/`npm install`, not to the
					// `npm outdated` behind "update available", and 1.x runs npm with an
					// environment of its own: npm's project config in the nodes folder
					// (n8n's cwd for every npm command) names the registry for all of them.
					fs.mkdirSync(nodesDir, { recursive: true });
					fs.writeFileSync(path.join(nodesDir, NPMRC), `registry=${registry.url}\n`);
					n8n = await e2e.startN8n({
						major,
						userFolder,
						port: await e2e.freePort(),
						env: {
							N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url.replace(/\/$/, ''),
							E2E_TESTS: 'true',
						},
					});
					const r = await fetch(`${n8n.baseUrl}/rest/e2e/feature`, {
						method: 'PATCH',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ feature: CUSTOM_REGISTRY_FEATURE, enabled: true }),
					});
					if (r.status !== 200) throw new Error(`/rest/e2e/feature answered ${r.status}`);
					if (fs.existsSync(path.join(nodesDir, 'node_modules', PACKAGE)))
						throw new Error('the package is already in the nodes folder');
					return n8n.baseUrl;
				},
			))
		)
			return;
		const client = await e2e.ownerClient(n8n);
		const base = n8n.baseUrl.replace('127.0.0.1', 'localhost');
		browser = await browserKit.launch({ width: 1440, height: 1000 });
		const { page } = browser;
		await browserKit.login(page, base, userFolder);

		const installed = await must(
			'editor: Settings → Community Nodes → Install installs the package from the registry',
			async () => {
				await page.goto(`${base}/settings/community-nodes`);
				// The empty page's button (2.x: empty-state, 1.x: action-box), or the header's.
				await page
					.locator(
						[
							'[data-test-id="install-community-node-button"]:visible',
							'[data-test-id="empty-state"] button:visible',
							'[data-test-id="action-box"] button:visible',
						].join(', '),
					)
					.first()
					.click();
				const input = page
					.locator(
						'input[data-test-id="package-name-input"], [data-test-id="package-name-input"] input',
					)
					.first();
				await input.fill(PACKAGE);
				await page.click('[data-test-id="user-agreement-checkbox"]');
				await page.mouse.move(0, 0);
				await shootAround(
					page,
					'.el-dialog:visible',
					path.join(shots, 'community-install-dialog.png'),
				);
				await page.click('[data-test-id="install-community-package-button"]');
				const text = await waitForCard(page, base, version, 120000);
				await page.mouse.move(0, 0);
				await shootAround(
					page,
					`${CARD}:has-text("${PACKAGE}")`,
					path.join(shots, 'community-installed-package.png'),
				);
				return text.replace(/\s+/g, ' ').trim();
			},
		);
		if (!installed) return;
		await must(
			'the server loaded both nodes without a restart; the nodes folder lists the package',
			async () => {
				const types = await nodeTypesOfPackage(client);
				for (const n of ['whatsAppNow', 'whatsAppNowTrigger'])
					if (!types.includes(`${PACKAGE}.${n}`)) throw new Error(`${n} missing: ${types}`);
				const deps = JSON.parse(
					fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'),
				).dependencies;
				if (deps[PACKAGE] !== version)
					throw new Error(`nodes/package.json: ${JSON.stringify(deps)}`);
				return types.join(', ');
			},
		);
		await must('editor: the node panel finds WhatsApp Now', async () => {
			await page.goto(`${base}/workflow/new`);
			await page.waitForSelector('[data-test-id="node-creator-plus-button"]', { timeout: 60000 });
			await browserKit.searchNodePanel(page, 'WhatsApp Now');
			const names = await page.$$eval(
				'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
				(els) => els.map((e) => e.textContent.trim()),
			);
			if (!names.includes('WhatsApp Now')) throw new Error(`items: ${names}`);
			await page.keyboard.press('Escape');
			return names.filter((n) => n.startsWith('WhatsApp Now')).join(', ');
		});
		await must(
			'an example imported afterwards runs against the sandbox; its credential tests OK',
			async () => {
				await stack.importCredentialAndExamples({
					major,
					userFolder,
					sandboxUrl: sandbox.url,
					webhookSecret: stack.newSecret(),
				});
				const sent = await runChatExample(major, userFolder, sandbox);
				const test = await client.testCredential({ id: stack.CREDENTIAL.id });
				if (test.status !== 'OK') throw new Error(`credential: ${test.status} ${test.message}`);
				return sent;
			},
		);

		// ---- a newer version: offered by the editor, applied with Update
		let next;
		await must('a patch-bumped version is published to the registry', async () => {
			const dir = fs.mkdtempSync(path.join(userFolder, 'bump-'));
			const copy = await bumpedCopy(dir);
			await registry.publish(copy.folder);
			next = copy.version;
			return `versions ${await registry.versions(PACKAGE)}`;
		});
		const updated =
			next &&
			(await must(`editor: Update offers and installs v${next}`, async () => {
				await page.goto(`${base}/settings/community-nodes`);
				const card = page.locator(CARD).filter({ hasText: PACKAGE });
				await card.locator('button:has-text("Update")').click({ timeout: 30000 });
				await page.locator('button:has-text("Confirm update"):visible').click();
				const text = await waitForCard(page, base, next);
				const installedPkg = JSON.parse(
					fs.readFileSync(path.join(nodesDir, 'node_modules', PACKAGE, 'package.json'), 'utf8'),
				);
				if (installedPkg.version !== next)
					throw new Error(`the nodes folder holds ${installedPkg.version}`);
				return text.replace(/\s+/g, ' ').trim();
			}));
		if (updated) {
			await must(
				'after the update the saved workflow still runs and its credential still tests OK',
				async () => {
					const sent = await runChatExample(major, userFolder, sandbox);
					const test = await client.testCredential({ id: stack.CREDENTIAL.id });
					if (test.status !== 'OK') throw new Error(`credential: ${test.status} ${test.message}`);
					return sent;
				},
			);
		}

		// ---- uninstall
		await must(
			'editor: Uninstall removes the nodes; the nodes folder keeps no file of the package',
			async () => {
				await page.goto(`${base}/settings/community-nodes`);
				const card = page.locator(CARD).filter({ hasText: PACKAGE });
				await card.locator('[data-test-id="action-toggle"]').click();
				await page
					.locator(
						'[data-test-id="action-uninstall"]:visible, li:has-text("Uninstall package"):visible',
					)
					.first()
					.click();
				await page.locator('button:has-text("Confirm uninstall"):visible').click();
				await card.waitFor({ state: 'detached', timeout: 60000 });
				const types = await nodeTypesOfPackage(client);
				if (types.length) throw new Error(`still loaded: ${types}`);
				const left = filesUnder(nodesDir).filter((f) => f !== NPMRC);
				const ours = left.filter((f) => f.includes(PACKAGE) || f.endsWith('.tgz'));
				if (ours.length) throw new Error(`left behind: ${ours.join(', ')}`);
				// n8n's own list: 1.123.x leaves the uninstalled package's line in it.
				const deps =
					JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')).dependencies ||
					{};
				return `nodes folder: ${left.join(', ') || 'empty'}; its package.json lists ${JSON.stringify(deps)}`;
			},
		);
	} catch (error) {
		crashed = true;
		check(
			'editor install stage',
			false,
			String(error.stack || error)
				.split('\n')
				.slice(0, 3)
				.join(' '),
		);
	} finally {
		if (browser) await browser.close();
		if (n8n) await n8n.stop();
		if (sandbox) await sandbox.stop();
		if (registry) await registry.stop();
		const failed = crashed || mustFor.failures() > 0;
		console.log(`== ${label}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		if (failed || keep)
			console.log(`kept ${userFolder} (n8n.log, sandbox.log, registry/, screenshots)`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

module.exports = { editorInstallStage };
