/** Template names as Message Central saves them (docs/message-central-api.md#template-name-normalisation). */
export const MAX_TEMPLATE_NAME_LENGTH = 512;

/**
 * Message Central's normalisation (`Abhishek786` → `abhishek_786`): lower
 * case, runs of spaces and hyphens become "_", other characters are dropped,
 * and "_" goes between a letter and a digit. The sandbox applies the same rule.
 * The one place the package normalises: Create predicts the saved name with
 * it, and every send and lookup turns a typed name (`Spring Sale2`) into the
 * saved one (`spring_sale_2`) before the request.
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
 * Why a typed name cannot become a template name, or undefined when it can.
 * Message Central accepts any name and saves it normalised, so only names
 * that keep no letter or digit once normalised, or run past WhatsApp's
 * length limit, are refused.
 */
export function checkTemplateName(raw: string): string | undefined {
	const name = String(raw ?? '').trim();
	const normalised = normaliseTemplateName(name);
	// "- -" or a name only in another script keeps just "_": no name at all.
	if (!/[a-z0-9]/.test(normalised)) {
		return `"${name}" has no letters or digits that Message Central keeps; use lower-case letters, digits and "_" (e.g. order_update)`;
	}
	if (normalised.length > MAX_TEMPLATE_NAME_LENGTH) {
		return `is ${normalised.length} characters long once normalised; WhatsApp allows at most ${MAX_TEMPLATE_NAME_LENGTH}`;
	}
	return undefined;
}
