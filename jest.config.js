/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// Type checking is `npm run typecheck`'s job; jest only transpiles, which keeps runs fast.
	transform: { '^.+\\.ts$': 'ts-jest' },
	setupFiles: ['<rootDir>/test/harness/setupEnv.ts'],
	testTimeout: 30000,
};
