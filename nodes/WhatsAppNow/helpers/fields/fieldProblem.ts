/** A problem with one input field, worded to follow the field's name. */
export interface FieldProblem {
	field: string;
	message: string;
}

/**
 * One message for a list of field problems of one input item: the first one,
 * the item, and a count of the others; every one of them in the details.
 */
export function describeProblems(
	problems: readonly FieldProblem[],
	itemIndex: number,
): {
	message: string;
	details: string;
} {
	const lines = problems.map((p) => `${p.field}: ${p.message}`);
	const others = lines.length - 1;
	const more = others > 0 ? ` (and ${others} more problem${others > 1 ? 's' : ''})` : '';
	return {
		message: `${lines[0]} (item ${itemIndex})${more}`,
		details: `${lines.length > 1 ? `${lines.join('\n')}\n` : ''}Nothing was sent to Message Central for this item.`,
	};
}
