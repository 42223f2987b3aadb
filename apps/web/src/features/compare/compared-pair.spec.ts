import { pickComparedPair, type PairableCopy } from './compared-pair';

const copy = (nodeIndex: number, sha256: string, path = 'junit.xml', state = 'available'): PairableCopy => ({ nodeIndex, path, state, sha256 });
const where = (pair: { base: PairableCopy | null; head: PairableCopy | null }) => [pair.base && `${pair.base.nodeIndex}:${pair.base.sha256}`, pair.head && `${pair.head.nodeIndex}:${pair.head.sha256}`];

describe('pickComparedPair', () => {
  test('matched by container: that container’s copy on each side', () => {
    expect(where(pickComparedPair([copy(0, 'a'), copy(1, 'b')], [copy(0, 'a'), copy(1, 'c')], 'junit.xml', 1))).toEqual(['1:b', '1:c']);
  });

  test('matched by path: the container whose copies differ, not the first container’s identical pair', () => {
    expect(where(pickComparedPair([copy(0, 'same'), copy(1, 'old')], [copy(0, 'same'), copy(1, 'new')], 'junit.xml', null))).toEqual(['1:old', '1:new']);
  });

  test('matched by path: a file that changed while moving containers pairs its two versions', () => {
    expect(where(pickComparedPair([copy(2, 'old')], [copy(0, 'new')], 'junit.xml', null))).toEqual(['2:old', '0:new']);
  });

  test('matched by path: a copy added in another container is shown beside an old copy', () => {
    expect(where(pickComparedPair([copy(0, 'a')], [copy(0, 'a'), copy(1, 'b')], 'junit.xml', null))).toEqual(['0:a', '1:b']);
  });

  test('matched by path: a copy gone from one container shows the removed version beside a remaining one', () => {
    expect(where(pickComparedPair([copy(0, 'a'), copy(1, 'b')], [copy(0, 'a')], 'junit.xml', null))).toEqual(['1:b', '0:a']);
  });

  test('only available copies of that exact path count; a side without one is null', () => {
    const base = [copy(0, 'x', 'junit.xml', 'pending'), copy(0, 'y', 'junit.xml.bak')];
    expect(where(pickComparedPair(base, [copy(0, 'z')], 'junit.xml', null))).toEqual([null, '0:z']);
  });
});
