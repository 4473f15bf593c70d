const { parallel, src, dest } = require('gulp');

// Node and credential descriptions reference icons as `file:../../icons/*.svg`
// relative to their compiled files, so the icons sit in dist/icons.
function copyIcons() {
	return src('icons/*.{png,svg}').pipe(dest('dist/icons'));
}

// n8n reads a node's codex (categories, aliases, documentation links) from the
// `.node.json` file beside its compiled `.node.js`.
function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:icons'] = copyIcons;
exports['build:assets'] = parallel(copyIcons, copyCodex);
