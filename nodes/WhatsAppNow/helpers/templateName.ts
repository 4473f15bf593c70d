/** Template names as Message Central saves them (docs/message-central-api.md#template-name-normalisation). */
export const MAX_TEMPLATE_NAME_LENGTH = 512;

/**
 * Message Central's normalisation (`Abhishek786` → `abhishek_786`): lower
 * case, runs of spaces and hyphens become "_", other characters are dropped,
 * and "_" goes between a letter and a digit. The sandbox applies the same rule.
 */
export function normaliseTemplateName(name: string): string {
	return String(name ?? '')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_')
		.replace(/[^a-z0-9_]/g, '')
		.replace(/([a-z])(?=[0-9])/g, '$1_')
		.replace(/([0-9])(?=[a-z])/g, '$1_');
}

/**
 * Whether a name is safe to submit: changes the user can predict (upper case
 * to lower case, spaces and hyphens to "_") pass; a name Message Central would
 * save in a form the user may not expect is refused with that form, so the
 * user types it and uses the same name everywhere afterwards.
 */
export function checkTemplateName(raw: string): string | undefined {
	const name = String(raw ?? '').trim();
	const normalised = normaliseTemplateName(name);
	if (normalised === '') {
		return `"${name}" has no letters or digits that Message Central keeps; use lower-case letters, digits and "_" (e.g. order_update)`;
	}
	if (normalised.length > MAX_TEMPLATE_NAME_LENGTH) {
		return `is ${normalised.length} characters long once normalised; WhatsApp allows at most ${MAX_TEMPLATE_NAME_LENGTH}`;
	}
	const dropped = [...new Set(name.replace(/[A-Za-z0-9\s_-]/g, ''))];
	if (dropped.length > 0) {
		return `"${name}" will be saved as "${normalised}" (Message Central drops ${dropped.map((c) => `"${c}"`).join(' ')}); type that name`;
	}
	if (/[A-Za-z][0-9]|[0-9][A-Za-z]/.test(name)) {
		return `"${name}" will be saved as "${normalised}" (Message Central puts "_" between letters and digits); type that name`;
	}
	return undefined;
}
