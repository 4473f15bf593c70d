import {
	readFormFields,
	readResponse,
} from '../../../../../nodes/WhatsAppNow/helpers/response/responseForm';
import {
	renderNoticePage,
	renderResponsePage,
} from '../../../../../nodes/WhatsAppNow/helpers/response/responsePage';
import { waitLimitDate } from '../../../../../nodes/WhatsAppNow/helpers/response/waitLimit';

const fields = readFormFields({
	field: [
		{ label: 'Quantity', fieldType: 'number', required: true },
		{ label: 'Size', fieldType: 'dropdown', choices: 'S, M ,L', required: true },
		{ label: 'When', fieldType: 'date' },
		{ label: 'Note' },
	],
});

test('form fields: labels, types, choices trimmed', () => {
	expect(fields).toEqual([
		{ label: 'Quantity', type: 'number', required: true, choices: [] },
		{ label: 'Size', type: 'dropdown', required: true, choices: ['S', 'M', 'L'] },
		{ label: 'When', type: 'date', required: false, choices: [] },
		{ label: 'Note', type: 'text', required: false, choices: [] },
	]);
	expect(readFormFields({})).toBe('add at least one field');
});

describe('readResponse', () => {
	const form = fields as Exclude<typeof fields, string>;
	test('approval and free text', () => {
		expect(readResponse('approval', [], { choice: 'approve' })).toEqual({
			ok: true,
			data: { approved: true },
		});
		expect(readResponse('approval', [], { choice: 'decline' })).toEqual({
			ok: true,
			data: { approved: false },
		});
		expect(readResponse('approval', [], { choice: 'maybe' }).ok).toBe(false);
		expect(readResponse('freeText', [], { text: ' Yes ' })).toEqual({
			ok: true,
			data: { text: 'Yes' },
		});
		expect(readResponse('freeText', [], { text: ' ' }).ok).toBe(false);
	});
	test('a form: typed values under their labels; every problem listed, values kept for the page', () => {
		expect(
			readResponse('customForm', form, { field0: '2.5', field1: 'M', field2: '2026-12-24' }),
		).toEqual({
			ok: true,
			data: { Quantity: 2.5, Size: 'M', When: '2026-12-24', Note: '' },
		});
		expect(
			readResponse('customForm', form, {
				field0: 'two',
				field1: 'XL',
				field2: '24/12',
				field3: 'n',
			}),
		).toEqual({
			ok: false,
			errors: [
				'Quantity must be a number.',
				'Size: choose one of the options.',
				'When must be a date (YYYY-MM-DD).',
			],
			values: { field0: 'two', field1: 'XL', field2: '24/12', field3: 'n' },
		});
		expect(readResponse('customForm', form, {})).toMatchObject({
			ok: false,
			errors: ['Quantity is required.', 'Size is required.'],
		});
	});
});

test('pages escape every text from the workflow and load nothing from elsewhere', () => {
	const html = renderResponsePage({
		type: 'customForm',
		message: '<b>hi</b>',
		approval: { approveLabel: 'Yes' },
		fields: [{ label: 'A "quoted" <label>', type: 'dropdown', required: true, choices: ['x<y'] }],
		errors: ['<script>'],
		values: { field0: 'x<y' },
	});
	expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;');
	expect(html).toContain('A &quot;quoted&quot; &lt;label&gt;');
	expect(html).toContain('<option value="x&lt;y" selected>');
	expect(html).not.toMatch(/<script|src=|href=|@import|url\(/);
	expect(html).toContain('name="viewport" content="width=device-width,initial-scale=1"');
	expect(renderNoticePage('error', 'No <way>', 'x')).toContain('No &lt;way&gt;');
	const approval = renderResponsePage({
		type: 'approval',
		message: '',
		approval: { approveLabel: 'OK', declineLabel: 'No' },
		fields: [],
		preselected: 'decline',
	});
	expect(approval).toContain(
		'<button class="secondary chosen" name="choice" value="decline">No</button>',
	);
});

test('wait limit: an interval, a date, or what is wrong', () => {
	const now = Date.UTC(2026, 10, 30, 12);
	expect(waitLimitDate(undefined, now)).toBeUndefined();
	expect(
		waitLimitDate({ limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' }, now),
	).toEqual(new Date(now + 7_200_000));
	expect(
		waitLimitDate({ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-01T00:00:00Z' }, now),
	).toEqual(new Date('2026-12-01T00:00:00Z'));
	expect(waitLimitDate({ limitType: 'atSpecifiedTime', maxDateAndTime: 'soon' }, now)).toMatch(
		/is not a date and time/,
	);
	expect(
		waitLimitDate({ limitType: 'afterTimeInterval', resumeAmount: 0, resumeUnit: 'days' }, now),
	).toMatch(/must be a number above 0/);
});

test('a wait limit must end before 3000-01-01, the latest end n8n holds', () => {
	const now = Date.UTC(2026, 11, 7);
	const days = (resumeAmount: number) =>
		waitLimitDate({ limitType: 'afterTimeInterval', resumeAmount, resumeUnit: 'days' }, now);
	expect(days(365 * 900)).toBeInstanceOf(Date);
	expect(days(1e12)).toMatch(
		/^Amount 1000000000000 ends after 3000-01-01, later than n8n can wait/,
	);
	expect(days(1e300)).toMatch(/ends after 3000-01-01/);
	expect(
		waitLimitDate({ limitType: 'atSpecifiedTime', maxDateAndTime: '3000-01-01T00:00:00Z' }, now),
	).toMatch(/^Max Date and Time ends after 3000-01-01/);
});
