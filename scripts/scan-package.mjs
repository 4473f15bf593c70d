#!/usr/bin/env node
/**
 * npm run scan: n8n's own checks for community packages, run the way n8n runs
 * them before it verifies a package (@n8n/scan-community-package): its ESLint
 * configuration, with inline `eslint-disable` comments ignored, over
 *   1. the sources: package.json, nodes/ and credentials/;
 *   2. the packed tarball, as npm would publish it: its compiled .js files and
 *      its package.json.
 * Exits non-zero on any error. The network parts of n8n's scanner (fetching
 * the package and its provenance from the registry) are left out: the package
 * is checked before it is published (docs/n8n-mechanics.md#n8ns-checks-for-community-packages).
 * Needs dist/ (npm run build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What n8n's scanner lints in a published tarball. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function packTarball() {
	if (!fs.existsSync(path.join(root, 'dist')))
		throw new Error('dist/ is missing: run npm run build');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-scan-'));
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	const [{ filename, entryCount }] = JSON.parse(out);
	const unpacked = path.join(dir, 'package');
	execFileSync('tar', ['-xzf', path.join(dir, path.basename(filename)), '-C', dir]);
	return { dir, unpacked, entryCount };
}

async function main() {
	let failed = false;
	const report = (label, result) => {
		if (result.passed) {
			console.log(`ok   ${label}`);
			return;
		}
		failed = true;
		console.log(`FAIL ${label}: ${result.message}`);
		if (result.details) console.log(result.details);
	};

	report(
		'sources (package.json, nodes/, credentials/)',
		await analyzePackage(root, SOURCE_FILE_PATTERNS),
	);
	const { dir, unpacked, entryCount } = packTarball();
	try {
		report(
			`packed tarball (${entryCount} files: its .js files and package.json)`,
			await analyzePackage(unpacked, TARBALL_FILE_PATTERNS),
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	if (failed) process.exit(1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
