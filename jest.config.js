/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// Type checking is `npm run typecheck`'s job; jest only transpiles, which keeps runs fast.
	transform: { '^.+\\.ts$': 'ts-jest' },
	setupFiles: ['<rootDir>/test/harness/setupEnv.ts'],
	// The engine tests load dist/ (test/harness/shipped.ts): built once per run.
	globalSetup: '<rootDir>/test/harness/globalSetup.js',
	testTimeout: 30000,
};
