import { StorageError } from '@stowage/domain';
import { artifactWorld, sink } from '../artifact-world.spec-helper';
import { downloadArtifact } from './download-artifact';

const get = (jobId: string, path: string, headers: Record<string, string> = {}, method = 'GET') => ({ jobId, nodeIndex: 0, path, method, headers });

describe('downloadArtifact', () => {
  test('answers the bytes inline with sandboxing headers and counts them as egress', async () => {
    const w = await artifactWorld();
    await w.artifact('dir/report.html', '<p>hello</p>');
    const answer = await downloadArtifact(w.ctx, w.member, get(w.job.id, 'dir/report.html'));
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-length': '12', 'content-disposition': 'inline; filename=report.html', 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=0, must-revalidate' });
    const out = sink();
    await answer.body!(out.destination);
    expect(out.bytes().toString()).toBe('<p>hello</p>');
    expect(w.tables.usageRecords.map((r) => [r.kind, r.bytes, r.day])).toEqual([['EGRESS', 12, '2026-06-01']]);
  });

  test('a single range is a 206; an unsatisfiable one a JSON 416; a matching etag a 304', async () => {
    const w = await artifactWorld();
    await w.artifact('letters.txt', 'abcdefghij');
    const partial = await downloadArtifact(w.ctx, w.member, get(w.job.id, 'letters.txt', { range: 'bytes=2-4' }));
    expect(partial.status).toBe(206);
    expect(partial.headers['content-range']).toBe('bytes 2-4/10');
    const out = sink();
    await partial.body!(out.destination);
    expect(out.bytes().toString()).toBe('cde');
    const beyond = await downloadArtifact(w.ctx, w.member, get(w.job.id, 'letters.txt', { range: 'bytes=50-60' }));
    expect(beyond).toMatchObject({ status: 416, json: { statusCode: 416, error: 'range_not_satisfiable' } });
    const cached = await downloadArtifact(w.ctx, w.member, get(w.job.id, 'letters.txt', { 'if-none-match': `"${'ab'.repeat(32)}"` }));
    expect(cached.status).toBe(304);
  });

  test('bytes gone from the store are a bytes_missing error naming the artifact, thrown before anything is written', async () => {
    const w = await artifactWorld();
    await w.artifact('logs/build.log', 'lost');
    w.ctx.storage.read = async (key: string) => {
      throw new StorageError('NOT_FOUND', `No object at ${key}`);
    };
    const answer = await downloadArtifact(w.ctx, w.member, get(w.job.id, 'logs/build.log'));
    const out = sink();
    await expect(answer.body!(out.destination)).rejects.toMatchObject({ kind: 'bytes_missing', message: expect.stringContaining('logs/build.log (container 0) are missing from storage') });
    expect(out.bytes().length).toBe(0);
  });

  test('redirects to the store where it presigns, counting the size as egress unless HEAD', async () => {
    const w = await artifactWorld({ presigns: true });
    const stored = await w.artifact('big.bin', 'x'.repeat(100));
    const answer = await downloadArtifact(w.ctx, w.member, get(w.job.id, 'big.bin'));
    expect(answer).toMatchObject({ status: 302, location: `https://store.test/${stored.storageKey}?signed` });
    await downloadArtifact(w.ctx, w.member, get(w.job.id, 'big.bin', {}, 'HEAD'));
    expect(w.tables.usageRecords.map((r) => r.bytes)).toEqual([100]);
  });

  test('refuses a caller who may not read the project with a 404', async () => {
    const w = await artifactWorld();
    await w.artifact('secret.txt');
    await expect(downloadArtifact(w.ctx, w.outsider, get(w.job.id, 'secret.txt'))).rejects.toMatchObject({ kind: 'not_found' });
    await expect(downloadArtifact(w.ctx, w.member, get(w.job.id, 'missing.txt'))).rejects.toMatchObject({ kind: 'not_found', message: 'artifact not found' });
  });
});
