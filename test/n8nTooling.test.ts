import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const n8nNode = join(root, 'node_modules', '.bin', 'n8n-node');

/** Runs a command in the repository as a contributor's machine would (not inside a CI job). */
function run(command: string, args: string[], env: Record<string, string> = {}) {
	const clean = { ...process.env };
	// npm reads these to decide where it runs (provenance is only possible in CI).
	for (const name of ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'RELEASE_MODE']) delete clean[name];
	const r = spawnSync(command, args, {
		cwd: root,
		encoding: 'utf8',
		env: { ...clean, NO_COLOR: '1', ...env },
		timeout: 60000,
	});
	// Colours and the prompt library's frame characters left out.
	const output = `${r.stdout}${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
	return { status: r.status, output };
}

describe("n8n's own tool (@n8n/node-cli) on this repository", () => {
	test('n8n-node cloud-support says ENABLED: strict mode and the default ESLint config', () => {
		const { status, output } = run(n8nNode, ['cloud-support']);
		expect(status).toBe(0);
		expect(output).toContain('Cloud support is ENABLED');
		expect(output).toContain('ESLint config: using default config');
		expect(output).not.toContain('NOT eligible');
	});

	test('eslint.config.mjs is, character for character, what cloud-support enable writes', () => {
		const written = "import { config } from '@n8n/node-cli/eslint';\n\nexport default config;\n";
		expect(readFileSync(join(root, 'eslint.config.mjs'), 'utf8')).toBe(written);
	});
});

describe('the release guard: publishing happens only in the release workflow', () => {
	test('with lifecycle scripts on, npm publish outside the release (no RELEASE_MODE) is refused by n8n-node prerelease', () => {
		const refused = run('npm', ['publish', '--dry-run', '--ignore-scripts=false']);
		expect(refused.status).not.toBe(0);
		expect(refused.output).toContain('n8n-node prerelease');
		expect(refused.output).toContain('npm run release');
		// What `n8n-node release` sets in the workflow lets the same command through.
		const released = run('npm', ['publish', '--dry-run', '--ignore-scripts=false'], {
			RELEASE_MODE: 'true',
		});
		expect(released.output).toContain('+ n8n-nodes-whatsapp-now@');
		expect(released.status).toBe(0);
	});

	test('a plain npm publish on a machine (scripts off by .npmrc) is refused: provenance is required', () => {
		// A closed loopback registry with a made-up token: nothing can leave the
		// machine (no retries: npm asks the registry about the version first).
		const { status, output } = run('npm', [
			'publish',
			'--fetch-retries=0',
			'--registry=http://127.0.0.1:9/',
			'--//127.0.0.1:9/:_authToken=not-a-token',
		]);
		expect(status).not.toBe(0);
		expect(output).toContain('Automatic provenance generation not supported');
	});

	test('the publish workflow publishes through npm run release (RELEASE_MODE, provenance)', () => {
		const workflow = readFileSync(join(root, '.github/workflows/publish.yml'), 'utf8');
		expect(workflow).toMatch(/^\s+id-token: write$/m);
		expect(workflow).toMatch(/^\s+run: npm run release$/m);
		expect(workflow).not.toMatch(/^\s+- run: npm publish/m);
	});
});
