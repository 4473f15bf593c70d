import { SANDBOX_SENDER_ID } from '../../../../sandbox';
import { runActionNode } from '../../../harness/runWorkflow';
import { useSandbox } from '../../../harness/sandboxFixture';
import { createParameters, templateRequests } from './fixtures';

const ctx = useSandbox();

const getStatus = (parameters: Record<string, unknown>, continueOnFail = false) =>
	runActionNode({
		credentialsHelper: ctx.credentialsHelper,
		parameters: { resource: 'template', operation: 'getStatus', language: 'en_US', ...parameters },
		continueOnFail,
	});

describe('template → getStatus', () => {
	test('of a created template: the template object plus the counts a send needs', async () => {
		const created = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: createParameters({
				name: 'Order Update',
				buttons: {
					button: [
						{ type: 'URL', text: 'Track', url: 'https://shop.example/t/{{1}}', urlExample: 'X1' },
						{ type: 'PHONE_NUMBER', text: 'Call', phoneNumber: '919876543210' },
					],
				},
			}),
		});
		const { name, id } = created.items[0].json as { name: string; id: string };

		const result = await getStatus({ templateName: name, templateId: id });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json).toEqual({
			name: 'order_update',
			id,
			status: 'PENDING',
			category: 'UTILITY',
			language: 'en_US',
			components: ctx.sandbox.state.templates[id].components,
			placeholderCount: 2,
			dynamicUrlCount: 1,
		});
		const lookup = templateRequests(ctx.sandbox).filter((r) => r.method === 'GET');
		expect(lookup).toHaveLength(1);
		expect(lookup[0].query).toEqual({
			phoneNumber: SANDBOX_SENDER_ID,
			templateName: 'order_update',
			templateId: id,
			templateLang: 'en_US',
		});
	});

	test('a rejected template carries its reason', async () => {
		const t = ctx.sandbox.seedTemplate({
			name: 'promo',
			status: 'REJECTED',
			rejected_reason: 'PROMOTIONAL',
		});
		const result = await getStatus({ templateName: 'promo', templateId: t.id });
		expect(result.items[0].json).toMatchObject({
			status: 'REJECTED',
			rejected_reason: 'PROMOTIONAL',
			placeholderCount: 0,
			dynamicUrlCount: 0,
		});
	});

	test("816: a name that is not the template ID's is explained", async () => {
		const t = ctx.sandbox.seedTemplate({ name: 'promo' });
		const result = await getStatus({ templateName: 'promo_2', templateId: t.id });
		expect(result.error?.message).toBe('Message Central found no template named "promo_2" (816)');
		expect(result.error?.description).toContain(
			`The name must be the one template ID "${t.id}" was created with.`,
		);
	});

	test('800: an unknown template ID is explained; continueOnFail gives an error item with the code', async () => {
		const result = await getStatus({ templateName: 'promo', templateId: '1021907252855200' }, true);
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({
					error: 'No template with ID "1021907252855200" exists for this account (800)',
					code: 800,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('817: name and ID both missing are refused before any request, in the same plain words', async () => {
		const result = await getStatus({ templateName: '={{ "" }}', templateId: '={{ "" }}' });
		expect(result.error?.message).toBe(
			'Template Name: missing; use the "name" output of Template → Create (item 0) (and 1 more problem)',
		);
		expect(result.error?.description).toContain(
			'Template ID: missing; use the "id" output of Template → Create',
		);
		expect(ctx.sandbox.state.requests).toEqual([]);
	});

	test('the name as typed at creation (Spring Sale2) finds the template saved as spring_sale_2', async () => {
		const created = await runActionNode({
			credentialsHelper: ctx.credentialsHelper,
			parameters: createParameters({ name: 'Spring Sale2' }),
		});
		const { id } = created.items[0].json as { id: string };
		expect(created.items[0].json).toMatchObject({
			name: 'spring_sale_2',
			requestedName: 'Spring Sale2',
		});

		const result = await getStatus({ templateName: 'Spring Sale2', templateId: id });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ name: 'spring_sale_2', id, status: 'PENDING' });
		const lookup = templateRequests(ctx.sandbox).filter((r) => r.method === 'GET');
		expect(lookup[0].query.templateName).toBe('spring_sale_2');
	});

	test.each([
		['!!!', '1', /^Template Name: "!!!" has no letters or digits that Message Central keeps/],
		['abhishek_786', 'abc', /^Template ID: "abc" is not a template ID; IDs are digits only/],
	])('%s / %s is refused before any request', async (templateName, templateId, message) => {
		const result = await getStatus({ templateName, templateId });
		expect(result.error?.message).toMatch(message);
		expect(ctx.sandbox.state.requests).toEqual([]);
	});

	test('an empty language is refused before any request', async () => {
		const result = await getStatus({
			templateName: 'promo',
			templateId: '1',
			language: '={{ "" }}',
		});
		expect(result.error?.message).toMatch(/^Language: missing/);
		expect(ctx.sandbox.state.requests).toEqual([]);
	});
});
