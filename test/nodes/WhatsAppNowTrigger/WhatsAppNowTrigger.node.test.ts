import type { INodeProperties } from 'n8n-workflow';

import { WhatsAppNow } from '../../../nodes/WhatsAppNow/WhatsAppNow.node';
import { WhatsAppNowTrigger } from '../../../nodes/WhatsAppNowTrigger/WhatsAppNowTrigger.node';

const trigger = new WhatsAppNowTrigger().description;
const action = new WhatsAppNow().description;

describe('the trigger description', () => {
	test("n8n's node panel merges it with the action node and shows the trigger's description for both", () => {
		// The editor's rule (useActionsGeneration.ts): a trigger whose type name minus
		// "Trigger" is an action node's name joins that node's entry, and the entry
		// takes the trigger's description.
		expect(trigger.name.replace('Trigger', '')).toBe(action.name);
		expect(trigger.description).toMatch(/^Send WhatsApp templates, bulk broadcasts, chats/);
		expect(trigger.description).toMatch(/one-time passwords/);
		expect(trigger.description).toMatch(/start workflows on inbound messages, delivery statuses/);
	});

	test('options.businessNumbers: a comma-separated string, empty by default', () => {
		const options = trigger.properties.find((p) => p.name === 'options')!;
		const field = (options.options as INodeProperties[]).find((o) => o.name === 'businessNumbers');
		expect(field).toMatchObject({ type: 'string', default: '' });
		expect(field?.description).toMatch(
			/Comma-separated.*digits only.*phone-number ID.*Empty means all/,
		);
	});
});
