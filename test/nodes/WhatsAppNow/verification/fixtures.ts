import { SEND_PATH, VALIDATE_PATH, type RecordedRequest, type Sandbox } from '../../../../sandbox';
import type { TestCredentialsHelper } from '../../../harness/credentialsHelper';
import { operationRunner } from '../../../harness/runWorkflow';

/** OTP sends: calls to the send endpoint without a WhatsApp Now `type`. */
export const codeSends = (sandbox: Sandbox): RecordedRequest[] =>
	sandbox.state.requests.filter((r) => r.path === SEND_PATH && !r.query.type);

export const codeChecks = (sandbox: Sandbox): RecordedRequest[] =>
	sandbox.state.requests.filter((r) => r.path === VALIDATE_PATH);

/** Runs the action node with the verification resource preset. */
export const runner = (ctx: { credentialsHelper: TestCredentialsHelper }, operation: string) =>
	operationRunner(ctx, 'verification', operation);
