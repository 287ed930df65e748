// A readable diff between two texts, for the revisions page: paragraphs are
// matched first, then the words of a changed paragraph. Myers' O(ND)
// algorithm over tokens, with a work budget: two long texts that share
// little would cost O(N·D) steps, so past the budget the unmatched middle is
// shown as removed and added whole — still a correct diff (kept + added parts
// give the new text, kept + removed the old), only a coarser one.

export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** One row of a paragraph diff: a paragraph kept, added, removed, or changed (its words diffed). */
export type ParagraphDiff =
  | { kind: 'same'; text: string }
  | { kind: 'added'; text: string }
  | { kind: 'removed'; text: string }
  | { kind: 'changed'; parts: DiffPart[] };

/** Snake steps one diff may take before it settles for the coarse answer. */
export const DIFF_WORK_BUDGET = 2_000_000;

type Edit = { kind: DiffKind; index: number };

/**
 * The edit script from `before` to `after` (indices into the side the edit
 * belongs to), or null when finding a short one would take more than `budget` steps.
 */
function myers<T>(before: readonly T[], after: readonly T[], budget: number): Edit[] | null {
  const n = before.length;
  const m = after.length;
  const max = n + m;
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let work = 0;
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Only the diagonals -d..d are live at step d: keeping just those keeps memory at O(D²).
    trace.push(frontier.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!)
          ? frontier[offset + k + 1]!
          : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && before[x] === after[y]) {
        x++;
        y++;
        work++;
      }
      frontier[offset + k] = x;
      work++;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (work > budget) return null;
  }
  // Walk back through the saved frontiers: trace[d] is the frontier step d started from.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const saved = trace[d]!;
    const at = (k: number) => saved[k + d]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      edits.push({ kind: 'same', index: x });
    }
    // A step down is an insertion of the new side's token; a step right a deletion of the old side's.
    if (x === previousX) edits.push({ kind: 'added', index: previousY });
    else edits.push({ kind: 'removed', index: previousX });
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    edits.push({ kind: 'same', index: x });
  }
  return edits.reverse();
}

/** Edits between two token lists: common ends first (cheap), the middle by Myers within the budget. */
export function diffTokens<T>(before: readonly T[], after: readonly T[], budget = DIFF_WORK_BUDGET): Edit[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const middleBefore = before.slice(start, endBefore);
  const middleAfter = after.slice(start, endAfter);
  const middle = myers(middleBefore, middleAfter, budget) ?? [
    ...middleBefore.map((_, index) => ({ kind: 'removed' as const, index })),
    ...middleAfter.map((_, index) => ({ kind: 'added' as const, index })),
  ];
  const edits: Edit[] = [];
  for (let index = 0; index < start; index++) edits.push({ kind: 'same', index });
  for (const edit of middle) edits.push({ kind: edit.kind, index: edit.index + start });
  for (let index = endBefore; index < before.length; index++) edits.push({ kind: 'same', index });
  return edits;
}

/** Words, single punctuation marks and the spaces between them; joining the tokens gives the text back exactly. */
export function wordTokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu) ?? [];
}

/** The words of `after` against those of `before`, as runs of kept, removed and added text. */
export function diffWords(before: string, after: string, budget = DIFF_WORK_BUDGET): DiffPart[] {
  const oldTokens = wordTokens(before);
  const newTokens = wordTokens(after);
  const parts: DiffPart[] = [];
  for (const edit of diffTokens(oldTokens, newTokens, budget)) {
    const text = edit.kind === 'added' ? newTokens[edit.index]! : oldTokens[edit.index]!;
    const last = parts[parts.length - 1];
    if (last && last.kind === edit.kind) last.text += text;
    else parts.push({ kind: edit.kind, text });
  }
  return parts;
}

/**
 * Paragraphs of `after` against those of `before`: equal paragraphs are
 * kept; where some were removed and others added at the same place, they are
 * paired in order and their words diffed (an edited paragraph reads as one).
 */
export function diffParagraphs(before: readonly string[], after: readonly string[], budget = DIFF_WORK_BUDGET): ParagraphDiff[] {
  const rows: ParagraphDiff[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    const paired = Math.min(removed.length, added.length);
    for (let index = 0; index < paired; index++) rows.push({ kind: 'changed', parts: diffWords(removed[index]!, added[index]!, budget) });
    for (const text of removed.slice(paired)) rows.push({ kind: 'removed', text });
    for (const text of added.slice(paired)) rows.push({ kind: 'added', text });
    removed = [];
    added = [];
  };
  for (const edit of diffTokens(before, after, budget)) {
    if (edit.kind === 'removed') removed.push(before[edit.index]!);
    else if (edit.kind === 'added') added.push(after[edit.index]!);
    else {
      flush();
      rows.push({ kind: 'same', text: before[edit.index]! });
    }
  }
  flush();
  return rows;
}

/** The text one side of a word diff had: the old (kept + removed) or the new (kept + added). */
export function sideOf(parts: readonly DiffPart[], side: 'old' | 'new'): string {
  const skip: DiffKind = side === 'old' ? 'added' : 'removed';
  return parts
    .filter((part) => part.kind !== skip)
    .map((part) => part.text)
    .join('');
}

/** The paragraphs one side of a paragraph diff had. */
export function paragraphsOf(rows: readonly ParagraphDiff[], side: 'old' | 'new'): string[] {
  return rows.flatMap((row) => {
    if (row.kind === 'changed') return [sideOf(row.parts, side)];
    if (row.kind === 'same') return [row.text];
    return row.kind === (side === 'old' ? 'removed' : 'added') ? [row.text] : [];
  });
}
