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

const os = require('node:os');

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64
const N8N_ROLES = /^(main|worker-\d+|webhook(-\d+)?|n8n)$/;

/** Machine-wide busy and total jiffies (/proc/stat, all CPUs). */
function machineTicks() {
	const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
	const total = f.reduce((a, b) => a + b, 0);
	const idle = f[3] + (f[4] || 0);
	return { total, busy: total - idle };
}

/**
 * Role of each process: the nearest ancestor (or itself) that is a root
 * (n8n instances, the sandbox, the postmaster, redis, this script).
 */
function ticksByRole(snap, roots) {
	const byRole = {};
	for (const [pid, p] of snap) {
		let role = null;
		for (let q = pid, hops = 0; q > 1 && hops < 50; hops++) {
			if (roots.has(q)) {
				role = roots.get(q);
				// An n8n's children: its JS task runner (the Code node runs there).
				if (q !== pid && N8N_ROLES.test(role)) role = `${role} runner`;
				break;
			}
			const parent = snap.get(q);
			if (!parent) break;
			q = parent.ppid;
		}
		// Anything else on the machine (another job would skew the figures).
		if (!role && p.ticks > 0) role = `other:${p.comm}`;
		if (role) byRole[role] = (byRole[role] || 0) + p.ticks;
	}
	return byRole;
}

/**
 * Starts a CPU measurement of the processes named in `pids` (role -> pid; this
 * script is "bench") and their children; the returned function answers CPU
 * seconds per role and the machine's busy share meanwhile.
 */
function cpuMeter(pids) {
	const roots = new Map([[process.pid, 'bench']]);
	for (const [role, pid] of Object.entries(pids)) if (pid) roots.set(pid, role);
	const before = procSnapshot({ cmdline: true });
	const m0 = machineTicks();
	return () => {
		const after = procSnapshot({ cmdline: true });
		const m1 = machineTicks();
		// Processes alive at both ends count their difference; new ones from zero.
		const delta = new Map();
		for (const [pid, p] of after) {
			const b = before.get(pid);
			delta.set(pid, { ...p, ticks: p.ticks - (b && b.cmd === p.cmd ? b.ticks : 0) });
		}
		const roles = ticksByRole(delta, roots);
		const cpuSeconds = {};
		for (const [r, t] of Object.entries(roles)) if (t > 0) cpuSeconds[r] = t / CLK_TCK;
		const total = m1.total - m0.total;
		return {
			cpuSeconds,
			busyShare: total ? (m1.busy - m0.busy) / total : null,
			cores: os.cpus().length,
		};
	};
}

module.exports = { procSnapshot, cpuMeter };
