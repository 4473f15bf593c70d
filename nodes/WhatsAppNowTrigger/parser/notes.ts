/**
 * A capped list of notes. A hostile 10 MB body can hold a million unreadable
 * parts; reporting each would make the report bigger than the body, so the list
 * keeps the first few and counts the rest.
 */
export class NoteLog {
	// Created on the first note: one log per event, and almost all stay empty.
	private notes: string[] | undefined;
	private count = 0;

	constructor(private readonly limit: number) {}

	add(note: string): void {
		this.count++;
		this.notes ??= [];
		if (this.notes.length < this.limit) this.notes.push(note);
	}

	get total(): number {
		return this.count;
	}

	/** The kept notes, plus one line saying how many were left out. */
	list(): string[] {
		const notes = this.notes ?? [];
		const leftOut = this.count - notes.length;
		return leftOut > 0 ? [...notes, `…and ${leftOut} more`] : [...notes];
	}
}

/** Per-object warnings: a handful says enough about one message or status. */
export const MAX_EVENT_WARNINGS = 10;
