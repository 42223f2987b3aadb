import { execFileSync } from 'node:child_process';
import { artifactWorld, sink } from '../artifact-world.spec-helper';
import { archiveJobArtifacts } from './archive-job-artifacts';

/** Entry names of a zip, in the order they are stored (Python's zipfile). */
function entryNames(zip: Buffer): string[] {
  return JSON.parse(execFileSync('python3', ['-c', 'import zipfile,sys,io,json; print(json.dumps(zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).namelist()))'], { input: zip }).toString());
}

describe('archiveJobArtifacts', () => {
  test('zips a job\'s artifacts under <node>/<path> in byte order of their paths, and counts the bytes sent', async () => {
    const w = await artifactWorld();
    for (const path of ['é', 'a_b', 'B', 'a/b', 'a-b']) await w.artifact(path);
    await w.artifact('a/b', 'node one', { nodeIndex: 1 });
    const answer = await archiveJobArtifacts(w.ctx, w.member, { ref: w.ref, jobNumber: 1 });
    expect(answer.headers).toMatchObject({ 'content-type': 'application/zip', 'content-disposition': 'attachment; filename=app-1.zip' });
    const out = sink();
    await answer.body!(out.destination);
    expect(entryNames(out.bytes())).toEqual(['0/B', '0/a-b', '0/a/b', '0/a_b', '0/é', '1/a/b']);
    expect(w.tables.usageRecords.map((r) => r.bytes)).toEqual([out.bytes().length]);
  });

  test('one node under one prefix names entries by path', async () => {
    const w = await artifactWorld();
    await w.artifact('reports/a.html');
    await w.artifact('logs/x.log');
    const answer = await archiveJobArtifacts(w.ctx, w.member, { ref: w.ref, jobNumber: 1, nodeIndex: 0, prefix: 'reports/' });
    expect(answer.headers['content-disposition']).toBe('attachment; filename=app-1-0-reports.zip');
    const out = sink();
    await answer.body!(out.destination);
    expect(entryNames(out.bytes())).toEqual(['reports/a.html']);
  });

  test('refuses a caller who may not read the project', async () => {
    const w = await artifactWorld();
    await expect(archiveJobArtifacts(w.ctx, w.outsider, { ref: w.ref, jobNumber: 1 })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
