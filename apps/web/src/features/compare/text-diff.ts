import { diffLines } from 'diff';

/** Each side of a text diff is read up to this many bytes (one `Range` request per side). */
export const COMPARE_TEXT_BYTES = 1024 * 1024;
/** Unchanged lines kept around each change; longer unchanged runs fold into one row. */
export const DIFF_CONTEXT_LINES = 3;
/**
 * Myers' diff costs (lines × edits): past this many edits, or this long, a browser tab would
 * freeze, so we say the files differ too much instead.
 */
export const MAX_EDIT_LENGTH = 4_000;
const DIFF_TIMEOUT_MS = 1_500;

export type DiffRow =
  | { kind: 'removed' | 'added' | 'same'; text: string; baseLine: number | null; headLine: number | null }
  | { kind: 'fold'; lines: number };

/** Lines without their terminator; a final newline does not make an empty last line. */
function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * The line diff of two texts (jsdiff's Myers diff) as rows to render, unchanged runs longer than
 * twice the context folded. Null when the texts differ too much to diff quickly.
 */
export function lineDiffRows(baseText: string, headText: string, context = DIFF_CONTEXT_LINES): DiffRow[] | null {
  const changes = diffLines(baseText, headText, { maxEditLength: MAX_EDIT_LENGTH, timeout: DIFF_TIMEOUT_MS });
  if (!changes) return null;
  const rows: DiffRow[] = [];
  let baseLine = 1;
  let headLine = 1;
  changes.forEach((change, index) => {
    const lines = splitLines(change.value);
    if (change.added || change.removed) {
      for (const text of lines) {
        if (change.added) rows.push({ kind: 'added', text, baseLine: null, headLine: headLine++ });
        else rows.push({ kind: 'removed', text, baseLine: baseLine++, headLine: null });
      }
      return;
    }
    // Context after the previous change and before the next one; the middle folds.
    const keepHead = index === 0 ? 0 : context;
    const keepTail = index === changes.length - 1 ? 0 : context;
    const folded = lines.length - keepHead - keepTail;
    lines.forEach((text, at) => {
      if (folded > 0 && at >= keepHead && at < lines.length - keepTail) {
        if (at === keepHead) rows.push({ kind: 'fold', lines: folded });
      } else {
        rows.push({ kind: 'same', text, baseLine, headLine });
      }
      baseLine += 1;
      headLine += 1;
    });
  });
  return rows;
}
