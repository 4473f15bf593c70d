import type { INodeExecutionData } from 'n8n-workflow';

import type { TemplateComponent } from '../../../../sandbox';
import { runActionNode } from '../../../harness/runWorkflow';
import { useSandbox } from '../../../harness/sandboxFixture';
import { templateRequests } from './fixtures';

const ctx = useSandbox();

const BODY: TemplateComponent[] = [{ type: 'BODY', text: 'Hello {{1}}, welcome.' }];

const wait = (
	parameters: Record<string, unknown>,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
) =>
	runActionNode({
		credentialsHelper: ctx.credentialsHelper,
		parameters: {
			resource: 'template',
			operation: 'waitForApproval',
			language: 'en_US',
			pollIntervalSeconds: 5,
			timeoutMinutes: 1,
			...parameters,
		},
		...options,
	});

const polls = () => templateRequests(ctx.sandbox).filter((r) => r.method === 'GET');

describe('template → waitForApproval', () => {
	test('an approved template is returned at once', async () => {
		const t = ctx.sandbox.seedTemplate({ name: 'welcome', status: 'APPROVED', components: BODY });
		const result = await wait({ templateName: 'welcome', templateId: t.id });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			name: 'welcome',
			id: t.id,
			status: 'APPROVED',
			placeholderCount: 1,
			dynamicUrlCount: 0,
		});
		expect(polls()).toHaveLength(1);
	});

	test('sees the sandbox approve one template and reject another, each item on its own', async () => {
		const approved = ctx.sandbox.seedTemplate({
			name: 'welcome',
			status: 'PENDING',
			components: BODY,
		});
		const rejected = ctx.sandbox.seedTemplate({ name: 'promo', status: 'PENDING' });
		const timer = setTimeout(() => {
			ctx.sandbox.approveTemplate(approved.id);
			ctx.sandbox.rejectTemplate(rejected.id, 'PROMOTIONAL');
		}, 1000);

		const started = Date.now();
		const result = await wait(
			{ templateName: '={{ $json.name }}', templateId: '={{ $json.id }}' },
			{
				continueOnFail: true,
				items: [
					{ json: { name: 'welcome', id: approved.id } },
					{ json: { name: 'promo', id: rejected.id } },
				],
			},
		);
		clearTimeout(timer);
		const elapsed = Date.now() - started;

		expect(result.error).toBeUndefined();
		expect(result.items[0]).toEqual({
			json: expect.objectContaining({
				name: 'welcome',
				id: approved.id,
				status: 'APPROVED',
				placeholderCount: 1,
			}),
			pairedItem: { item: 0 },
		});
		expect(result.items[1]).toEqual({
			json: expect.objectContaining({
				error: `Meta rejected template "promo" (ID ${rejected.id}, en_US): PROMOTIONAL (the content is promotional; create it with category MARKETING)`,
				code: null,
			}),
			pairedItem: { item: 1 },
		});
		// Both polled at once, a poll interval apart: PENDING, then the decision.
		expect(polls()).toHaveLength(4);
		expect(elapsed).toBeGreaterThanOrEqual(4900);
		expect(elapsed).toBeLessThan(8000);
	});

	test('a rejection without continueOnFail fails the run with the reason', async () => {
		const t = ctx.sandbox.seedTemplate({
			name: 'promo',
			status: 'REJECTED',
			rejected_reason: 'INVALID_FORMAT',
		});
		const result = await wait({ templateName: 'promo', templateId: t.id });
		expect(result.error?.message).toBe(
			`Meta rejected template "promo" (ID ${t.id}, en_US): INVALID_FORMAT (the format is invalid: check variables, examples, buttons and media)`,
		);
		expect(result.items).toEqual([]);
	});

	test('times out with a clear error, never sleeping past the deadline', async () => {
		const t = ctx.sandbox.seedTemplate({ name: 'slow', status: 'PENDING' });
		const started = Date.now();
		const result = await wait({
			templateName: 'slow',
			templateId: t.id,
			timeoutMinutes: 0.05,
			pollIntervalSeconds: 30,
		});
		const elapsed = Date.now() - started;
		expect(result.error?.message).toBe(
			`Template "slow" (ID ${t.id}, en_US) was still PENDING after 3 seconds`,
		);
		expect(result.error?.description).toMatch(/Raise Timeout \(Minutes\)/);
		expect(elapsed).toBeGreaterThanOrEqual(2900);
		expect(elapsed).toBeLessThan(5000);
		// One poll at the start, the last one right at the deadline.
		expect(polls()).toHaveLength(2);
	});

	test('an unknown template fails at the first poll instead of waiting', async () => {
		const result = await wait({ templateName: 'nope', templateId: '1021907252855200' });
		expect(result.error?.message).toBe(
			'No template with ID "1021907252855200" exists for this account (800)',
		);
		expect(polls()).toHaveLength(1);
	});

	test('a timeout that is not above 0 is refused before any request', async () => {
		const result = await wait({ templateName: 'slow', templateId: '1', timeoutMinutes: 0 });
		expect(result.error?.message).toMatch(/^Timeout \(Minutes\): must be a number above 0/);
		expect(ctx.sandbox.state.requests).toEqual([]);
	});
});
