#!/usr/bin/env node
'use strict';
/**
 * npm run build: dist/ as the package ships it.
 *
 * Each node and the credential is one self-contained file, bundled by esbuild
 * from the TypeScript sources: n8n loads community nodes without installing
 * their dependencies on n8n Cloud (and verified packages may have none), so the
 * libraries the code uses (libphonenumber-js) come inside the file, from their
 * ES modules so that only what is used is kept. `n8n-workflow` stays outside:
 * n8n provides it. Node's built-ins other than crypto are not used at all
 * (n8n's community-node rules; docs/n8n-mechanics.md#no-runtime-dependencies).
 * Type checking is `npm run typecheck`'s job. Icons and codex files are copied
 * by gulp (gulpfile.js).
 *
 *   node scripts/build.js            the bundles only (what the tests load); a
 *                                    forbidden require is reported, not fatal
 *   node scripts/build.js --assets   also icons and codex files, and a forbidden
 *                                    require fails the build (npm run build)
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const STRICT = process.argv.includes('--assets');
const dist = path.join(root, 'dist');

/** The files n8n loads (package.json "n8n"), without their .ts suffix. */
const ENTRIES = [
	'credentials/MessageCentralApi.credentials',
	'nodes/WhatsAppNow/WhatsAppNow.node',
	'nodes/WhatsAppNowTrigger/WhatsAppNowTrigger.node',
];

/** Provided by n8n at run time (a peer dependency); never bundled. */
const PROVIDED = ['n8n-workflow'];

/** What a shipped file may require: n8n's community-node rules allow these and nothing else. */
const ALLOWED_AT_RUN_TIME = new Set([...PROVIDED, 'crypto', 'node:crypto']);

async function bundle() {
	const result = await esbuild.build({
		absWorkingDir: root,
		entryPoints: ENTRIES.map((entry) => `${entry}.ts`),
		outdir: dist,
		outbase: root,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		// n8n 1.x runs on Node 20, n8n 2.x on Node 24.
		target: 'node20',
		external: PROVIDED,
		// ES modules first, so that esbuild can leave out what is not used.
		mainFields: ['module', 'main'],
		// Readable output: n8n's reviewers and scanner read the shipped files.
		minify: false,
		legalComments: 'eof',
		logLevel: 'warning',
		metafile: true,
	});
	const refused = [];
	const bundled = new Set();
	for (const [file, output] of Object.entries(result.metafile.outputs)) {
		for (const { path: required } of output.imports) {
			if (!ALLOWED_AT_RUN_TIME.has(required)) refused.push(`${file} requires "${required}"`);
		}
		const foreign = Object.keys(output.inputs).filter((input) => input.includes('node_modules/'));
		const packages = [...new Set(foreign.map(packageOf))];
		for (const name of packages) bundled.add(name);
		console.log(
			`${path.relative(root, path.join(root, file))}: ${(output.bytes / 1024).toFixed(0)} KB` +
				(packages.length ? ` (bundled: ${packages.join(', ')})` : ''),
		);
	}
	if (refused.length) {
		const message = `Shipped files may require only ${[...ALLOWED_AT_RUN_TIME].join(', ')}:\n  ${[...new Set(refused)].join('\n  ')}`;
		if (STRICT) throw new Error(message);
		console.warn(`warning: ${message}`);
	}
	return bundled;
}

/** "node_modules/libphonenumber-js/es6/x.js" → "libphonenumber-js" */
function packageOf(input) {
	const after = input.slice(input.lastIndexOf('node_modules/') + 'node_modules/'.length);
	const parts = after.split('/');
	return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * The licence texts of the bundled libraries, shipped beside the bundles
 * (their licences ask for it): dist/THIRD_PARTY_LICENSES.txt.
 */
function writeThirdPartyLicenses(packages) {
	const sections = [...packages].sort().map((name) => {
		const dir = path.join(root, 'node_modules', name);
		const { version, license } = JSON.parse(
			fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
		);
		const file = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
		const text = file
			? fs.readFileSync(path.join(dir, file), 'utf8').trim()
			: `License: ${license}`;
		return `${name} ${version} (${license})\n\n${text}`;
	});
	const line = '-'.repeat(72);
	fs.writeFileSync(
		path.join(dist, 'THIRD_PARTY_LICENSES.txt'),
		`Libraries bundled into the files of this package:\n\n${sections.join(`\n\n${line}\n\n`)}\n`,
	);
}

async function main() {
	// npm run build starts from an empty dist/; the tests' quick rebuild only replaces the bundles.
	if (STRICT) fs.rmSync(dist, { recursive: true, force: true });
	const packages = await bundle();
	writeThirdPartyLicenses(packages);
	if (process.argv.includes('--assets')) {
		const gulp = path.join(root, 'node_modules', 'gulp', 'bin', 'gulp.js');
		const { status } = require('node:child_process').spawnSync(
			process.execPath,
			[gulp, 'build:assets'],
			{ cwd: root, stdio: 'inherit' },
		);
		if (status !== 0) process.exit(status ?? 1);
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
