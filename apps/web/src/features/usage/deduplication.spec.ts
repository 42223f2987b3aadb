import { deduplicationTable } from './deduplication';

const entry = (project: string, logicalBytes: number, physicalBytes: number) => ({
  project,
  bytes: logicalBytes,
  artifacts: 1,
  logicalBytes,
  physicalBytes,
  savedBytes: Math.max(0, logicalBytes - physicalBytes),
});

describe('deduplicationTable', () => {
  it('lists projects by physical bytes, with what deduplication saved of each and in total', () => {
    const table = deduplicationTable({
      totalBytes: 1300,
      byProject: [entry('lib', 300, 300), entry('app', 1000, 250), entry('docs', 0, 0)],
      logicalBytes: 1300,
      physicalBytes: 550,
      savedBytes: 750,
      daily: [],
    });
    expect(table.rows).toEqual([
      { project: 'lib', logicalBytes: 300, physicalBytes: 300, savedBytes: 0, savedPercent: 0 },
      { project: 'app', logicalBytes: 1000, physicalBytes: 250, savedBytes: 750, savedPercent: 75 },
      { project: 'docs', logicalBytes: 0, physicalBytes: 0, savedBytes: 0, savedPercent: 0 },
    ]);
    expect(table.total).toEqual({ project: 'Total', logicalBytes: 1300, physicalBytes: 550, savedBytes: 750, savedPercent: 58 });
  });
});
