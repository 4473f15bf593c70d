import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/WhatsAppNow/transport/network';
import { LOGIN_PATH, requestAuthToken } from '../nodes/WhatsAppNow/transport/token';

export class MessageCentralApi implements ICredentialType {
	// A literal, as in both nodes' descriptions: n8n's lint rules match the two.
	// Code that needs the name at run time uses transport/token.ts's CREDENTIAL_TYPE.
	name = 'messageCentralApi';

	displayName = 'Message Central API';

	icon: Icon = {
		light: 'file:../icons/messageCentral.svg',
		dark: 'file:../icons/messageCentral.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-whatsapp-now/n8n-nodes-whatsapp-now#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'C-380DAC85D9FF4D1',
			description:
				'Your Message Central customer ID (starts with "C-"). Find it in the Message Central console after logging in, on the home page or under your profile.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The password of your Message Central account, or its Base64-encoded key when Password Format is "Base64 Key"',
		},
		{
			displayName: 'Password Format',
			name: 'keyFormat',
			type: 'options',
			options: [
				{
					name: 'Plain Password',
					value: 'plain',
					description: 'The node Base64-encodes the password before sending it as the key',
				},
				{
					name: 'Base64 Key',
					value: 'base64',
					description: 'The password field already holds the Base64 key; it is sent as given',
				},
			],
			default: 'plain',
		},
		// Where credentials saved before Password Format existed keep their choice
		// (docs/public-contract.md#credential). Hidden, and marked
		// as a secret only because n8n's rules treat any name with "password" as one.
		{
			displayName: 'Password Encoding (Saved Before Password Format)',
			name: 'passwordEncoding',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Registered e-mail, sent to the token endpoint when set (optional)',
		},
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: '91',
			description: 'Country calling code, sent to the token endpoint when set (optional)',
		},
		{
			displayName: 'Default Sender ID',
			name: 'senderId',
			type: 'string',
			default: '',
			placeholder: '919876543210',
			description:
				'Your WhatsApp Business (WABA) number with country code, used when a node leaves its own Sender ID empty',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret the WhatsApp Now Trigger checks: the verify token of the subscription handshake, the shared token, or the HMAC key of signed deliveries',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				"Message Central's API host. Change it only for the bundled sandbox (e.g. http://127.0.0.1:4010) or a compatible host.",
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const authToken = await requestAuthToken(this.helpers, credentials);
		return { authToken };
	}

	// A function rather than a generic `={{$credentials.authToken}}` header: n8n 2.x
	// evaluates such expressions in an isolate on every request, which costs
	// more than the request itself on large per-item runs.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, authToken: String(credentials.authToken ?? '') },
	});

	// preAuthentication runs first during a test and throws the plain-language
	// login error; this request then proves the token endpoint answers with a token.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: LOGIN_PATH,
			method: 'GET',
			qs: {
				customerId: '={{$credentials.customerId.trim()}}',
				key: '={{$credentials.keyFormat === "base64" || $credentials.passwordEncoding === "base64" ? $credentials.password.trim() : $credentials.password.base64Encode()}}',
				scope: 'NEW',
			},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'responseCode',
					value: 800,
					message: 'Message Central rejected the Customer ID or password',
				},
			},
		],
	};
}
