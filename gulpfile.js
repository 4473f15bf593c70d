const { src, dest } = require('gulp');

// Node and credential descriptions reference icons as `file:../../icons/*.svg`
// relative to their compiled files, so the icons sit in dist/icons.
function copyIcons() {
	return src('icons/*.{png,svg}').pipe(dest('dist/icons'));
}

exports['build:icons'] = copyIcons;
