/**
 * WhatsApp's template language codes (docs/whatsapp.md#template-rules):
 * a lower-case language code, optionally "_" and an upper-case region
 * (en, en_US, pt_BR, fil).
 */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/** Language names people type instead of a code, with the codes WhatsApp uses for them. */
const CODES_BY_NAME: Record<string, string[]> = {
	afrikaans: ['af'],
	albanian: ['sq'],
	arabic: ['ar'],
	bengali: ['bn'],
	bangla: ['bn'],
	bulgarian: ['bg'],
	chinese: ['zh_CN', 'zh_HK', 'zh_TW'],
	croatian: ['hr'],
	czech: ['cs'],
	danish: ['da'],
	dutch: ['nl'],
	english: ['en', 'en_US', 'en_GB'],
	filipino: ['fil'],
	finnish: ['fi'],
	french: ['fr'],
	german: ['de'],
	greek: ['el'],
	gujarati: ['gu'],
	hebrew: ['he'],
	hindi: ['hi'],
	hungarian: ['hu'],
	indonesian: ['id'],
	italian: ['it'],
	japanese: ['ja'],
	kannada: ['kn'],
	korean: ['ko'],
	malay: ['ms'],
	malayalam: ['ml'],
	marathi: ['mr'],
	norwegian: ['nb'],
	persian: ['fa'],
	polish: ['pl'],
	portuguese: ['pt_BR', 'pt_PT'],
	punjabi: ['pa'],
	romanian: ['ro'],
	russian: ['ru'],
	serbian: ['sr'],
	spanish: ['es', 'es_ES', 'es_MX'],
	swahili: ['sw'],
	swedish: ['sv'],
	tamil: ['ta'],
	telugu: ['te'],
	thai: ['th'],
	turkish: ['tr'],
	ukrainian: ['uk'],
	urdu: ['ur'],
	vietnamese: ['vi'],
};

/**
 * Why a language is not a WhatsApp language code, with a suggestion that
 * helps: the codes of a language written as its name ("english" → en,
 * en_US), the code rewritten when only its case or separator is off
 * ("en-us" → en_US), otherwise the pattern with examples. Undefined when it is a code.
 */
export function languageCodeProblem(language: string): string | undefined {
	if (LANGUAGE_CODE.test(language)) return undefined;
	const name = language.toLowerCase().replace(/[^a-z]/g, '');
	const codes = CODES_BY_NAME[name] ?? CODES_BY_NAME[language.toLowerCase().split(/[^a-z]/)[0]];
	if (codes) {
		const listed = codes.map((code) => `"${code}"`).join(' or ');
		return `"${language}" is a language name, not a WhatsApp language code; use ${listed}`;
	}
	const parts = /^([a-z]{2,3})[-_ ]([a-z]{2})$/i.exec(language) ?? /^([a-z]{2,3})$/i.exec(language);
	if (parts) {
		const suggestion = parts[2]
			? `${parts[1].toLowerCase()}_${parts[2].toUpperCase()}`
			: parts[1].toLowerCase();
		return `"${language}" is not a WhatsApp language code; write it like "${suggestion}" (language in lower case, "_", region in upper case)`;
	}
	return `"${language}" is not a WhatsApp language code: a lower-case language code, optionally "_" and an upper-case region, e.g. en, en_US, hi, pt_BR`;
}
