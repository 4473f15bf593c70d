import { renderResponsePage } from '../../../../../nodes/WhatsAppNow/helpers/response/responsePage';

const approval = { approveLabel: 'Approve', declineLabel: 'Decline' };

describe('renderResponsePage', () => {
	test('shows what was asked above the choices, escaped, with its line breaks kept', () => {
		const html = renderResponsePage({
			type: 'approval',
			message: 'May we refund order 1001?\n<b>120 EUR</b>',
			approval,
			fields: [],
		});
		const asked = html.indexOf(
			'<div class="message">May we refund order 1001?\n&lt;b&gt;120 EUR&lt;/b&gt;</div>',
		);
		expect(asked).toBeGreaterThan(html.indexOf('<h1>Your decision</h1>'));
		expect(asked).toBeLessThan(html.indexOf('name="choice" value="approve"'));
		expect(html).not.toContain('<b>120 EUR</b>');
	});

	test('without a question (a link sent before pages showed it) the page still works', () => {
		const html = renderResponsePage({ type: 'freeText', message: '', approval, fields: [] });
		expect(html).not.toContain('class="message"');
		expect(html).toContain('<textarea id="text" name="text" required>');
	});
});
