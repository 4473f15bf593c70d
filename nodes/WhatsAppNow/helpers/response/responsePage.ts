/**
 * The pages a person sees after tapping the link of Send and Wait for
 * Response. They are opened on phones, from a WhatsApp chat: one column, large
 * tap targets, readable at 390 px, and self-contained (inline styles, no
 * scripts, fonts or images from elsewhere). Every text that comes from the
 * workflow is escaped.
 */
import {
	formInputName,
	type ApprovalChoices,
	type FormField,
	type ResponseType,
} from './responseForm';

export interface ResponsePage {
	type: ResponseType;
	/** The message that was sent, shown above the choices. */
	message: string;
	approval: ApprovalChoices;
	fields: readonly FormField[];
	/** The choice of the link that was opened (chat approvals have one link per choice). */
	preselected?: 'approve' | 'decline';
	errors?: readonly string[];
	values?: Readonly<Record<string, string>>;
}

export function escapeHtml(text: unknown): string {
	return String(text ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
	);
}

const STYLE = `*{box-sizing:border-box}body{margin:0;font:17px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#efeae2;color:#111b21}
main{max-width:480px;margin:0 auto;padding:20px 16px 32px}
.card{background:#fff;border-radius:12px;padding:20px 18px;box-shadow:0 1px 2px rgba(0,0,0,.12)}
h1{font-size:21px;margin:0 0 12px}
.message{white-space:pre-wrap;overflow-wrap:anywhere;background:#d9fdd3;border-radius:8px;padding:12px 14px;margin:0 0 18px}
label{display:block;font-weight:600;margin:14px 0 6px}
input,select,textarea{width:100%;font:inherit;padding:12px;border:1px solid #8696a0;border-radius:8px;background:#fff;color:inherit}
textarea{min-height:140px;resize:vertical}
button{display:block;width:100%;min-height:52px;font:inherit;font-weight:600;border:0;border-radius:26px;margin:12px 0 0;cursor:pointer}
.primary{background:#008069;color:#fff}.secondary{background:#fff;color:#b3261e;border:2px solid #b3261e}
.chosen{outline:3px solid #111b21;outline-offset:2px}
.errors{background:#fde8e7;color:#8c1d18;border-radius:8px;padding:10px 14px;margin:0 0 14px}
.errors p{margin:4px 0}.req{color:#b3261e}.note{color:#54656f;font-size:15px;margin-top:18px}
.ok{color:#008069}.bad{color:#b3261e}`;

function document(title: string, body: string): string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><div class="card">${body}</div></main></body></html>`;
}

/** The page with the choices, the text box or the form. */
export function renderResponsePage(page: ResponsePage): string {
	const errors = page.errors?.length
		? `<div class="errors" role="alert">${page.errors.map((e) => `<p>${escapeHtml(e)}</p>`).join('')}</div>`
		: '';
	const message = page.message.trim()
		? `<div class="message">${escapeHtml(page.message)}</div>`
		: '';
	const title = page.type === 'approval' ? 'Your decision' : 'Your answer';
	return document(
		title,
		`<h1>${title}</h1>${message}${errors}<form method="post" enctype="multipart/form-data">${controls(page)}</form>`,
	);
}

function controls(page: ResponsePage): string {
	if (page.type === 'approval') {
		const mark = (choice: 'approve' | 'decline') => (page.preselected === choice ? ' chosen' : '');
		const decline = page.approval.declineLabel
			? `<button class="secondary${mark('decline')}" name="choice" value="decline">${escapeHtml(page.approval.declineLabel)}</button>`
			: '';
		return `<button class="primary${mark('approve')}" name="choice" value="approve">${escapeHtml(page.approval.approveLabel)}</button>${decline}`;
	}
	if (page.type === 'freeText') {
		return `<label for="text">Your answer</label><textarea id="text" name="text" required>${escapeHtml(page.values?.text ?? '')}</textarea><button class="primary">Send</button>`;
	}
	const inputs = page.fields.map((field, index) => {
		const name = formInputName(index);
		const value = page.values?.[name] ?? '';
		const required = field.required ? ' required' : '';
		const label = `<label for="${name}">${escapeHtml(field.label)}${field.required ? ' <span class="req">*</span>' : ''}</label>`;
		if (field.type === 'dropdown') {
			const options = ['', ...field.choices]
				.map(
					(choice) =>
						`<option value="${escapeHtml(choice)}"${choice === value ? ' selected' : ''}>${escapeHtml(choice || 'Choose…')}</option>`,
				)
				.join('');
			return `${label}<select id="${name}" name="${name}"${required}>${options}</select>`;
		}
		const type =
			field.type === 'number' ? 'number" step="any' : field.type === 'date' ? 'date' : 'text';
		return `${label}<input id="${name}" name="${name}" type="${type}" value="${escapeHtml(value)}"${required}>`;
	});
	return `${inputs.join('')}<button class="primary">Send</button>`;
}

/** A page with one message: recorded, already answered, or a link that does not work. */
export function renderNoticePage(tone: 'ok' | 'error', heading: string, text: string): string {
	return document(
		heading,
		`<h1 class="${tone === 'ok' ? 'ok' : 'bad'}">${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p><p class="note">You can close this page.</p>`,
	);
}
