import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

// The project's own ESLint rules, stricter than n8n's default and wider: every
// TypeScript file (tests, sandbox, benchmarks, scripts), and for what ships
// (package.json, nodes/, credentials/) n8n-nodes-base 2.0's rule sets and
// @n8n/eslint-plugin-community-nodes' recommended rules as pinned here.
// eslint.config.mjs stays exactly n8n's default (what `n8n-node cloud-support`
// requires) and `npm run lint:n8n` runs it; `npm run lint` runs both:
//   eslint -c eslint.strict.config.mjs --max-warnings=0 .
const legacy = (name) => n8nNodesBase.configs[name].rules;

export default [
	{
		ignores: [
			'dist/**',
			'.build/**',
			'node_modules/**',
			'coverage/**',
			'docs/**',
			'eslint.config.mjs',
			'eslint.strict.config.mjs',
			'gulpfile.js',
			'jest.config.js',
		],
	},
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
		plugins: { '@typescript-eslint': tseslint.plugin },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: legacy('community'),
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...legacy('credentials'),
			// Meant for n8n's main repository (its own description says so); community
			// credentials link a full URL, which @n8n/community-nodes checks.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...legacy('nodes'),
			// These predate NodeConnectionTypes and demand the string 'main', which
			// @n8n/community-nodes/node-connection-type-literal forbids.
			'n8n-nodes-base/node-class-description-inputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		...communityNodes.configs.recommended,
		files: ['package.json', 'credentials/**/*.ts', 'nodes/**/*.ts'],
		rules: communityNodes.configs.recommended.rules,
	},
];
