#!/usr/bin/env node
/**
 * npm run lint:n8n: n8n's own linter, `n8n-node lint` (@n8n/node-cli), over
 * what the package ships: package.json, nodes/, credentials/ (and icons/), with
 * eslint.config.mjs exactly the default that `n8n-node cloud-support enable`
 * writes (the condition for n8n Cloud).
 *
 * Why a copy: `n8n-node lint` runs `eslint .`, and its default config lints
 * every .ts file under the folder it runs in. This repository also holds the
 * tests, the sandbox, the benchmarks and the scripts, which are not shipped
 * and use Node's APIs (fs, http, timers) on purpose; n8n's Cloud rules forbid
 * those in a node. So the shipped files are copied to .build/n8n-lint/ (with
 * node_modules linked) and the tool runs there, unchanged. The rest of the
 * repository is linted by eslint.strict.config.mjs (npm run lint).
 * Paths in the output point back at the repository's files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stage = path.join(root, '.build', 'n8n-lint');
/** What n8n lints and what its rules read (tsconfig.json: the import resolver; icons/: icon-validation). */
const SHIPPED = [
	'package.json',
	'eslint.config.mjs',
	'tsconfig.json',
	'nodes',
	'credentials',
	'icons',
];

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
for (const entry of SHIPPED)
	fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

const run = spawnSync(path.join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], {
	cwd: stage,
	encoding: 'utf8',
	env: { ...process.env, CI: 'true' },
});
const toRepo = (text) => (text || '').split(`${stage}${path.sep}`).join(`${root}${path.sep}`);
process.stdout.write(toRepo(run.stdout));
process.stderr.write(toRepo(run.stderr));
if (run.error) throw run.error;
process.exit(run.status ?? 1);
