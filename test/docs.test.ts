import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const SOURCE_FOLDERS = ['nodes', 'credentials', 'sandbox', 'scripts', 'bench', 'test'];

function filesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return filesUnder(path);
		return /\.(ts|js|sh|md)$/.test(name) ? [path] : [];
	});
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

function anchorsOf(doc: string): Set<string> {
	const text = readFileSync(join(root, doc), 'utf8');
	return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1])));
}

const sources = SOURCE_FOLDERS.flatMap((folder) => filesUnder(join(root, folder)));
const citations = sources.flatMap((file) => {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/docs\/([\w-]+\.md)(?:#([\w-]+))?/g)].map((m) => ({
		file: relative(root, file),
		doc: `docs/${m[1]}`,
		anchor: m[2],
	}));
});

describe('the repository explains itself', () => {
	test('code cites the docs', () => {
		expect(citations.length).toBeGreaterThan(10);
	});

	test.each(citations.map((c) => [`${c.file} → ${c.doc}${c.anchor ? `#${c.anchor}` : ''}`, c]))(
		'%s exists',
		(_label, { doc, anchor }) => {
			const anchors = anchorsOf(doc);
			if (anchor) expect([...anchors]).toContain(anchor);
		},
	);

	test('nothing points at files outside the repository', () => {
		// This file names the outside references it looks for, so it is left out.
		const outside = sources.filter(
			(file) =>
				file !== __filename &&
				/\bFACTS\b|\bCONTRACT\b|VERIFYNOW|\.\.\/shared\//.test(readFileSync(file, 'utf8')),
		);
		expect(outside.map((file) => relative(root, file))).toEqual([]);
	});
});

/** The documents a reader follows links through. */
const DOCUMENTS = [
	'README.md',
	'CONTRIBUTING.md',
	'sandbox/SPEC.md',
	'scripts/e2e/README.md',
	'test/fixtures/xlsx/README.md',
	...readdirSync(join(root, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** Relative links of a Markdown text: [text](target) and <img src="target">, code spans left out. */
function linksOf(doc: string): Array<{ doc: string; target: string }> {
	const text = readFileSync(join(root, doc), 'utf8').replace(/```[\s\S]*?```|`[^`\n]*`/g, '');
	const targets = [
		...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]),
		...[...text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]),
	];
	return targets.filter((t) => !/^[a-z]+:/i.test(t)).map((target) => ({ doc, target }));
}

describe('every link between the documents resolves', () => {
	const links = DOCUMENTS.flatMap(linksOf);

	test('the documents link to each other', () => {
		expect(links.length).toBeGreaterThan(50);
	});

	test.each(links.map((l) => [`${l.doc} → ${l.target}`, l]))('%s', (_label, { doc, target }) => {
		const [file, anchor] = target.split('#');
		const path = file ? join(root, doc, '..', file) : join(root, doc);
		expect(statSync(path, { throwIfNoEntry: false })).toBeDefined();
		if (anchor && path.endsWith('.md')) {
			expect([...anchorsOf(relative(root, path))]).toContain(anchor);
		}
	});
});

test('the README stays a user guide: at most 300 lines', () => {
	expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(300);
});

describe('the documentation links n8n shows (codex resources, the credential) reach a README section', () => {
	const homepage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).homepage.split(
		'#',
	)[0];
	const codexUrls = [
		'WhatsAppNow/WhatsAppNow.node.json',
		'WhatsAppNowTrigger/WhatsAppNowTrigger.node.json',
	]
		.map((file) => readFileSync(join(root, 'nodes', file), 'utf8'))
		.flatMap((text) => [...text.matchAll(/"url": "([^"]+)"/g)].map((m) => m[1]));
	const credential = readFileSync(
		join(root, 'credentials/MessageCentralApi.credentials.ts'),
		'utf8',
	);
	const documentationUrl = /documentationUrl = '([^']+)'/.exec(credential)?.[1] ?? '';
	test.each([...codexUrls, documentationUrl])('%s', (url) => {
		const [page, anchor] = url.split('#');
		expect(page).toBe(homepage);
		expect([...anchorsOf('README.md')]).toContain(anchor);
	});
});
