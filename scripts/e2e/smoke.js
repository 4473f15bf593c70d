#!/usr/bin/env node
'use strict';
/**
 * Install smoke check against a real n8n: fresh user folder, install-package.sh,
 * start n8n, set up the owner, log in, and check that every node and credential
 * the package declares is in n8n's type lists; then stop and clean up.
 *
 *   node scripts/e2e/smoke.js <2|1> [<packageDir>|<tarball.tgz>] [--port N] [--keep]
 *
 * <packageDir> defaults to the repository root (build it first). --keep leaves the
 * user folder (and n8n stopped) for a look. Exit code 0 only when all checks pass.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const e2e = require('./n8n');

const REPO = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
	const out = { major: argv[0], source: REPO, port: 0, keep: false };
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--keep') out.keep = true;
		else if (a === '--port') out.port = Number(argv[++i]);
		else out.source = path.resolve(a);
	}
	return out;
}

/** The node type and credential names the installed package declares, read with n8n's own node. */
function declaredTypes(info, pkgDir) {
	const script = `
		const path = require('path');
		const pkg = require(path.join(${JSON.stringify(pkgDir)}, 'package.json'));
		const load = (f) => {
			const mod = require(path.join(${JSON.stringify(pkgDir)}, f));
			const cls = mod[path.basename(f).split('.')[0]];
			if (typeof cls !== 'function') throw new Error(f + ' does not export ' + path.basename(f).split('.')[0]);
			return new cls();
		};
		const nodes = (pkg.n8n.nodes || []).map((f) => pkg.name + '.' + load(f).description.name);
		const credentials = (pkg.n8n.credentials || []).map((f) => load(f).name);
		process.stdout.write(JSON.stringify({ name: pkg.name, version: pkg.version, nodes, credentials }));
	`;
	const r = spawnSync(info.node, ['-e', script], {
		env: { ...process.env, NODE_PATH: path.join(info.dir, 'node_modules') },
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`cannot load the installed package's files:\n${r.stderr}`);
	return JSON.parse(r.stdout);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const info = e2e.n8nInfo(args.major);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-smoke-${info.major}-`));
	const results = [];
	const check = (name, ok, detail = '') => {
		results.push(ok);
		console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
	};
	let instance;
	try {
		console.log(`n8n ${info.version}, user folder ${userFolder}`);
		const inst = spawnSync(
			'bash',
			[path.join(__dirname, 'install-package.sh'), userFolder, args.source],
			{
				stdio: 'inherit',
			},
		);
		if (inst.status !== 0) throw new Error('install-package.sh failed');

		const nodesPkg = JSON.parse(
			fs.readFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'),
		);
		const [pkgName] = Object.keys(nodesPkg.dependencies);
		const pkgDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', pkgName);
		const declared = declaredTypes(info, pkgDir);
		check(
			'package files load under n8n',
			true,
			`${declared.nodes.length} nodes, ${declared.credentials.length} credentials`,
		);

		const port = args.port || (await e2e.freePort());
		const t0 = Date.now();
		instance = await e2e.startN8n({ major: info.major, userFolder, port });
		check(
			'n8n starts and answers /healthz',
			true,
			`${((Date.now() - t0) / 1000).toFixed(1)} s on port ${port}`,
		);

		const client = await e2e.ownerClient(instance);
		check('owner set up and logged in', Boolean(client.cookie));

		const nodeTypes = (await client.nodeTypes()).map((t) => t.name);
		for (const n of declared.nodes) check(`node type ${n} listed`, nodeTypes.includes(n));
		const credTypes = (await client.credentialTypes()).map((t) => t.name);
		for (const c of declared.credentials)
			check(`credential type ${c} listed`, credTypes.includes(c));

		const log = fs.readFileSync(instance.logFile, 'utf8');
		const loadErrors = log
			.split('\n')
			.filter((l) => l.includes(pkgName) && /error|fail|skipping/i.test(l));
		check(
			'no load errors for the package in the log',
			loadErrors.length === 0,
			loadErrors.slice(0, 3).join(' | '),
		);
	} catch (err) {
		check('smoke run', false, err.message);
	} finally {
		if (instance) await instance.stop();
		if (!args.keep) fs.rmSync(userFolder, { recursive: true, force: true });
		else console.log(`kept ${userFolder}`);
	}
	const failed = results.filter((r) => !r).length;
	console.log(`${results.length - failed} passed, ${failed} failed`);
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(`[e2e] ERROR: ${err.message}`);
		process.exit(1);
	},
);
