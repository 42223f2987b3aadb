import { lineDiffRows, MAX_EDIT_LENGTH } from './text-diff';

const lines = (count: number, prefix = 'line') => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join('');

describe('lineDiffRows', () => {
  it('shows a replaced line as removed then added, with both sides numbered', () => {
    expect(lineDiffRows('a\nb\nc\n', 'a\nB\nc\n')).toEqual([
      { kind: 'same', text: 'a', baseLine: 1, headLine: 1 },
      { kind: 'removed', text: 'b', baseLine: 2, headLine: null },
      { kind: 'added', text: 'B', baseLine: null, headLine: 2 },
      { kind: 'same', text: 'c', baseLine: 3, headLine: 3 },
    ]);
  });

  it('folds long unchanged runs, keeping context around each change', () => {
    const base = `${lines(20)}old\n${lines(20, 'tail')}`;
    const head = `${lines(20)}new\n${lines(20, 'tail')}`;
    const rows = lineDiffRows(base, head, 3)!;
    expect(rows[0]).toEqual({ kind: 'fold', lines: 17 });
    expect(rows.slice(1, 4).map((row) => row.kind === 'same' && row.text)).toEqual(['line 18', 'line 19', 'line 20']);
    expect(rows[4]).toEqual({ kind: 'removed', text: 'old', baseLine: 21, headLine: null });
    expect(rows[5]).toEqual({ kind: 'added', text: 'new', baseLine: null, headLine: 21 });
    expect(rows.slice(6, 9).map((row) => row.kind === 'same' && row.text)).toEqual(['tail 1', 'tail 2', 'tail 3']);
    expect(rows[9]).toEqual({ kind: 'fold', lines: 17 });
    expect(rows).toHaveLength(10);
  });

  it('keeps the line numbers of both sides right after additions and removals', () => {
    const rows = lineDiffRows('a\nb\nc\n', 'x\ny\na\nc\n', 10)!;
    const c = rows.find((row) => row.kind === 'same' && row.text === 'c');
    expect(c).toEqual({ kind: 'same', text: 'c', baseLine: 3, headLine: 4 });
  });

  it('keeps markup as plain text for React to escape', () => {
    const rows = lineDiffRows('<b>x</b>\n', '<i>y</i>\n')!;
    expect(rows).toContainEqual({ kind: 'removed', text: '<b>x</b>', baseLine: 1, headLine: null });
  });

  it('gives up on texts that differ too much to diff in a browser tab', () => {
    const count = MAX_EDIT_LENGTH / 2 + 1;
    expect(lineDiffRows(lines(count, 'a'), lines(count, 'b'))).toBeNull();
  });
});
