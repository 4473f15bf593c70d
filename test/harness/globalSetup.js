// Builds dist/ (the bundles the engine tests load, test/harness/shipped.ts) before any test file runs.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
	execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build.js')], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
};
