'use strict';
/** Reading /proc (Linux) for the by-hand benchmarks: who is whose child, and CPU ticks. */
const fs = require('node:fs');

/**
 * Every process: pid -> { ppid, ticks (utime + stime), comm }, plus `cmd` (its
 * command line) with { cmdline: true }, to tell a reused pid from the process
 * that had it before.
 */
function procSnapshot({ cmdline = false } = {}) {
	const out = new Map();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			const close = stat.lastIndexOf(')');
			const comm = stat.slice(stat.indexOf('(') + 1, close);
			// After "pid (comm) ": state ppid ... utime (index 11) stime (index 12).
			const f = stat
				.slice(close + 2)
				.split(' ')
				.map((x) => Number(x));
			const p = { ppid: f[1], ticks: f[11] + f[12], comm };
			if (cmdline) p.cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
			out.set(Number(d), p);
		} catch {
			// gone meanwhile
		}
	}
	return out;
}

module.exports = { procSnapshot };
