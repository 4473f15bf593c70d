import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

const root = resolve(__dirname, '..');

/** n8n's own loader, pointed at the built package as n8n points it at ~/.n8n/nodes/node_modules/<name>. */
describe('the built package as n8n loads it', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		if (!existsSync(join(root, 'dist/nodes/WhatsAppNow/WhatsAppNow.node.js'))) {
			throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
		}
		loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
	});

	test('ships without dependencies: package.json has none, and each file requires only what n8n provides', () => {
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
			string,
			unknown
		>;
		expect(pkg.dependencies).toBeUndefined();
		const shipped = [
			...(pkg.n8n as { nodes: string[]; credentials: string[] }).nodes,
			...(pkg.n8n as { nodes: string[]; credentials: string[] }).credentials,
		];
		const everyRequire = new Set<string>();
		for (const file of shipped) {
			const code = readFileSync(join(root, file), 'utf8');
			const required = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
			const allowed = ['n8n-workflow', 'crypto', 'node:crypto'];
			const foreign = [...new Set(required)].filter((name) => !allowed.includes(name));
			expect({ file, foreign }).toEqual({ file, foreign: [] });
			for (const name of required) everyRequire.add(name);
		}
		// The scan above found the requires there are: n8n-workflow is one.
		expect([...everyRequire]).toContain('n8n-workflow');
		// What the build bundled is credited.
		expect(readFileSync(join(root, 'dist/THIRD_PARTY_LICENSES.txt'), 'utf8')).toContain(
			'libphonenumber-js',
		);
	});

	test('lists both nodes and the credential', () => {
		expect(loader.packageName).toBe('n8n-nodes-whatsapp-now');
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(['whatsAppNow', 'whatsAppNowTrigger']);
		expect(Object.keys(loader.credentialTypes)).toEqual(['messageCentralApi']);
		const names = loader.types.nodes.map((n) => n.name).sort();
		expect(names).toEqual(['whatsAppNow', 'whatsAppNowTrigger']);
		expect(loader.types.nodes.map((n) => n.displayName).sort()).toEqual([
			'WhatsApp Now',
			'WhatsApp Now Trigger',
		]);
		expect(loader.types.credentials.map((c) => c.displayName)).toEqual(['Message Central API']);
	});

	test('each node and the credential resolve light and dark icons that exist in dist/', () => {
		const described = [...loader.types.nodes, ...loader.types.credentials] as Array<{
			name: string;
			iconUrl?: unknown;
		}>;
		for (const type of described) {
			const urls = type.iconUrl as { light: string; dark: string };
			expect(urls).toEqual({
				light: expect.stringMatching(/\.svg$/),
				dark: expect.stringMatching(/\.dark\.svg$/),
			});
			for (const url of [urls.light, urls.dark]) {
				const file = url.replace(/^icons\/n8n-nodes-whatsapp-now\//, '');
				expect(existsSync(join(root, file))).toBe(true);
			}
		}
	});

	test('the credential is declared by both nodes and the action node is usable as a tool', () => {
		for (const node of loader.types.nodes) {
			expect(node.credentials?.map((c) => c.name)).toEqual(['messageCentralApi']);
		}
		const action = loader.types.nodes.find((n) => n.name === 'whatsAppNow');
		expect(action?.usableAsTool).toBe(true);
	});

	test('each node has a codex: category Communication, aliases and documentation links', () => {
		for (const node of loader.types.nodes) {
			const codex = node.codex as {
				categories?: string[];
				alias?: string[];
				resources?: { primaryDocumentation?: Array<{ url: string }> };
			};
			expect(codex?.categories).toEqual(['Communication']);
			expect(codex?.alias).toEqual(expect.arrayContaining(['WhatsApp', 'Message Central']));
			expect(codex?.resources?.primaryDocumentation?.[0]?.url).toMatch(/^https:\/\//);
		}
	});
});
