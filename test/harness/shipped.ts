import { join } from 'node:path';

import type * as CredentialModule from '../../credentials/MessageCentralApi.credentials';
import type * as ActionModule from '../../nodes/WhatsAppNow/WhatsAppNow.node';
import type * as TriggerModule from '../../nodes/WhatsAppNowTrigger/WhatsAppNowTrigger.node';

/**
 * The engine tests run the files the package ships: dist/, bundled by
 * scripts/build.js (jest's global setup builds it first), so that what is
 * bundled into them, and what is left out, is tested too. Only the types come
 * from the sources.
 */
const dist = join(__dirname, '..', '..', 'dist');
const load = <T>(file: string): T => require(join(dist, file)) as T;

export const { MessageCentralApi } = load<typeof CredentialModule>(
	'credentials/MessageCentralApi.credentials.js',
);
export const { WhatsAppNow } = load<typeof ActionModule>('nodes/WhatsAppNow/WhatsAppNow.node.js');
export const { WhatsAppNowTrigger } = load<typeof TriggerModule>(
	'nodes/WhatsAppNowTrigger/WhatsAppNowTrigger.node.js',
);
