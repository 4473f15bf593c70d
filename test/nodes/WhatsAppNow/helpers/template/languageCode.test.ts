import { languageCodeProblem } from '../../../../../nodes/WhatsAppNow/helpers/template/languageCode';

describe('languageCodeProblem', () => {
	test.each(['en', 'en_US', 'pt_BR', 'fil', 'zh_CN'])('%s is a code', (code) => {
		expect(languageCodeProblem(code)).toBeUndefined();
	});

	test.each([
		[
			'english',
			/^"english" is a language name, not a WhatsApp language code; use "en" or "en_US" or "en_GB"/,
		],
		['Portuguese (Brazil)', /use "pt_BR" or "pt_PT"/],
		['HINDI', /use "hi"/],
		['en-us', /write it like "en_US"/],
		['en US', /write it like "en_US"/],
		['EN', /write it like "en"/],
		['12', /e\.g\. en, en_US, hi, pt_BR$/],
		['klingon', /e\.g\. en, en_US, hi, pt_BR$/],
	])('%s', (language, message) => {
		expect(languageCodeProblem(language)).toMatch(message);
	});
});
