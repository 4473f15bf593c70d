/** WhatsApp's media limits (docs/whatsapp.md#media-limits): which MIME types travel, and how large. */
/** A file as it is uploaded: its bytes, the name it travels under and its MIME type. */
export interface BinaryFile {
	buffer: Buffer;
	fileName: string;
	mimeType: string;
}

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

const MB = 1024 * 1024;

const KINDS: Record<MediaKind, { mimeTypes: string[]; maxBytes: number; label: string }> = {
	image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB, label: 'JPEG or PNG image' },
	video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB, label: 'MP4 or 3GP video' },
	audio: {
		mimeTypes: [
			'audio/aac',
			'audio/amr',
			'audio/mpeg',
			'audio/mp3',
			'audio/mp4',
			'audio/x-m4a',
			'audio/ogg',
		],
		maxBytes: 16 * MB,
		label: 'AAC, AMR, MP3, M4A or OGG audio',
	},
	document: {
		mimeTypes: [
			'application/pdf',
			'application/msword',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/vnd.ms-excel',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'application/vnd.ms-powerpoint',
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
			'text/plain',
		],
		maxBytes: 100 * MB,
		label: 'PDF, Word, Excel, PowerPoint or text document',
	},
	// Static stickers are limited to 100 KB, animated ones to 500 KB; the file alone does not say which.
	sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * 1024, label: 'WebP sticker' },
};

export function mediaKindOf(mimeType: string): MediaKind | undefined {
	const mime = normaliseMime(mimeType);
	return (Object.keys(KINDS) as MediaKind[]).find((kind) => KINDS[kind].mimeTypes.includes(mime));
}

/** Returns a problem description, or undefined when the file may be sent. */
export function checkMedia(
	mimeType: string,
	sizeBytes: number,
	allowed: MediaKind[] = Object.keys(KINDS) as MediaKind[],
): string | undefined {
	const kind = mediaKindOf(mimeType);
	if (!kind || !allowed.includes(kind)) {
		const labels = allowed.map((k) => KINDS[k].label).join('; ');
		return `MIME type "${mimeType || 'unknown'}" cannot be sent here. Allowed: ${labels}.`;
	}
	const { maxBytes } = KINDS[kind];
	if (sizeBytes === 0) {
		return `The file is empty (0 bytes); WhatsApp would deliver nothing. Check the node that read or downloaded it.`;
	}
	if (sizeBytes > maxBytes) {
		return `The ${kind} is ${formatBytes(sizeBytes)}; WhatsApp accepts at most ${formatBytes(maxBytes)} for this type.`;
	}
	return undefined;
}

/**
 * A template's media header (docs/whatsapp.md#media-limits): images and videos
 * as for chats, but a document header must be a PDF; Meta refuses other
 * documents only after the request. Returns a problem, or undefined.
 */
export function checkHeaderMedia(
	kind: 'image' | 'video' | 'document',
	mimeType: string,
	sizeBytes: number,
): string | undefined {
	if (kind === 'document' && normaliseMime(mimeType) !== 'application/pdf') {
		return `MIME type "${mimeType || 'unknown'}" cannot be sent here. Allowed: PDF (WhatsApp takes only PDF files as a template's document header; convert the file to PDF first).`;
	}
	return checkMedia(mimeType, sizeBytes, [kind]);
}

export function normaliseMime(mimeType: string): string {
	return String(mimeType ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

function formatBytes(bytes: number): string {
	return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
