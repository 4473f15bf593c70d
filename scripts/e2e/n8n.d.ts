// Types for n8n.js (plain CommonJS so that bash, node and jest can all use it).

export declare const AUTH_COOKIE: 'n8n-auth';
export declare const BROWSER_ID: string;

export type N8nMajor = 1 | 2 | '1' | '2';

export interface N8nInfo {
	major: 1 | 2;
	/** The prepared n8n version, e.g. "2.41.1" or "1.123.81". */
	version: string;
	/** <cache>/n8n-<major> */
	dir: string;
	/** <dir>/node_modules/n8n/bin/n8n */
	main: string;
	/** The node binary that runs this n8n (Node 24 for 2.x). */
	node: string;
}

export interface N8nInstance {
	major: 1 | 2;
	version: string;
	userFolder: string;
	port: number;
	/** The n8n command it runs: `start` (main), `worker` or `webhook` (queue mode). */
	command: 'start' | 'worker' | 'webhook';
	/** http://127.0.0.1:<port> (a worker's health server) */
	baseUrl: string;
	pid: number;
	logFile: string;
	stop(timeoutMs?: number): Promise<boolean>;
}

export interface StartOptions {
	major: N8nMajor;
	userFolder: string;
	port: number | string;
	/** Default <userFolder>/n8n.log (appended). */
	logFile?: string;
	/** Extra environment, applied last (may override the defaults). */
	env?: Record<string, string>;
	/** Default `start`; `worker` listens on `port` with its health server, `webhook` is a webhook processor. */
	command?: 'start' | 'worker' | 'webhook';
	/** After the command, e.g. ['--concurrency=5'] for a worker. */
	args?: string[];
	/** Default 180000. */
	timeoutMs?: number;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface OwnerLogin {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface RestResponse {
	status: number;
	body: any;
	text: string;
}

export declare function cacheDir(): string;
export declare function n8nInfo(major: N8nMajor): N8nInfo;
export declare function n8nEnv(options: {
	major: N8nMajor;
	userFolder: string;
	port: number;
	brokerPort: number;
	extra?: Record<string, string>;
}): Record<string, string | undefined>;
export declare function startN8n(options: StartOptions): Promise<N8nInstance>;
export declare function stopN8n(userFolder: string, timeoutMs?: number): Promise<boolean>;
export declare function runningInstance(userFolder: string): N8nInstance | null;
export declare function runN8nCli(options: {
	major: N8nMajor;
	userFolder: string;
	args: string[];
	env?: Record<string, string>;
	timeoutMs?: number;
}): Promise<CliResult>;
export declare function parseExecuteOutput(stdout: string): any;
export declare function ownerLogin(userFolder: string): OwnerLogin;
export declare function ownerClient(
	instance: Pick<N8nInstance, 'baseUrl' | 'userFolder'>,
): Promise<N8nRestClient>;
export declare function freePort(): Promise<number>;

export declare class N8nRestClient {
	constructor(baseUrl: string);
	baseUrl: string;
	/** Value of the n8n-auth cookie, once logged in. */
	cookie: string | null;
	request(
		method: string,
		path: string,
		body?: unknown,
		options?: { timeoutMs?: number },
	): Promise<RestResponse>;
	/** Throws unless 2xx; unwraps n8n's { data } envelope. */
	call(
		method: string,
		path: string,
		body?: unknown,
		options?: { timeoutMs?: number },
	): Promise<any>;
	setupOwner(owner: {
		email: string;
		password: string;
		firstName?: string;
		lastName?: string;
	}): Promise<any>;
	login(email: string, password: string): Promise<any>;
	nodeTypes(): Promise<
		Array<{ name: string; displayName: string; version: number | number[]; [k: string]: any }>
	>;
	credentialTypes(): Promise<Array<{ name: string; displayName: string; [k: string]: any }>>;
	nodeTypeDescriptions(nodeInfos: Array<{ name: string; version: number }>): Promise<any[]>;
	createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<any>;
	getCredential(id: string): Promise<any>;
	testCredential(credential: {
		id: string;
		name?: string;
		type?: string;
		data?: Record<string, unknown>;
	}): Promise<{ status: 'OK' | 'Error'; message: string }>;
	createWorkflow(workflow: Record<string, unknown>): Promise<any>;
	getWorkflow(id: string): Promise<any>;
	activateWorkflow(id: string, versionId?: string): Promise<any>;
	deactivateWorkflow(id: string): Promise<any>;
	executions(workflowId?: string): Promise<any>;
	execution(id: string): Promise<any>;
}
