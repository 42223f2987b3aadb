import { execFileSync } from 'node:child_process';
import type { CreateShareLinkRequest } from '@stowage/contracts';
import { DomainError, type Principal } from '@stowage/domain';
import { artifactWorld, LATER, NOW, sink } from '../artifact-world.spec-helper';
import { createShareLink } from './create-share-link';
import { listShareLinks } from './list-share-links';
import { revokeShareLink } from './revoke-share-link';
import { getOrganizationShareLinks } from './get-organization-share-links';
import { setOrganizationShareLinks } from './set-organization-share-links';
import { archiveSharedArtifacts, downloadSharedArtifact, listSharedArtifacts } from './shared-artifacts';

const HOUR = 3600;
const DAY = 24 * HOUR;

function entryNames(zip: Buffer): string[] {
  return JSON.parse(execFileSync('python3', ['-c', 'import zipfile,sys,io,json; print(json.dumps(zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).namelist()))'], { input: zip }).toString());
}

/** The error a promise rejects with, as `kind: message`. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a failure');
}
const GONE = 'not_found: link not found';

async function world() {
  const w = await artifactWorld({ presigns: false });
  for (const path of ['dist/app.js', 'dist/sub/b.txt', 'dist-private/secret.txt', 'dist', 'other/x.txt']) await w.artifact(path, `content of ${path}`);
  await w.artifact('dist/node1.txt', 'node one', { nodeIndex: 1 });
  const share = (principal: Principal, request: Partial<CreateShareLinkRequest> = {}) =>
    createShareLink(w.ctx, principal, { project: w.ref, request: { target: { jobNumber: 1 }, expiresInSeconds: DAY, ...request } });
  const get = (secret: string, nodeIndex: number, path: string, headers: Record<string, string> = {}) =>
    downloadSharedArtifact(w.ctx, { secret, request: { nodeIndex, path, method: 'GET', headers } });
  const body = async (answer: { body?: (d: NodeJS.WritableStream & import('node:stream').Writable) => Promise<void> }) => {
    const out = sink();
    await answer.body!(out.destination);
    return out.bytes();
  };
  return { ...w, share, get, body };
}

describe('share links', () => {
  test('a folder link serves the files under it by whole segments, and nothing else whatever the request says', async () => {
    const w = await world();
    const created = await w.share(w.member, { path: 'dist/', note: 'for QA' });
    expect(created).toMatchObject({ path: 'dist', nodeIndex: null, note: 'for QA', state: 'active', target: { jobNumber: 1 }, useCount: 0 });
    expect(created.secret).toMatch(/^shr_[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`https://stowage.test/s/${created.secret}/listing`);
    const answer = await w.get(created.secret, 0, 'dist/sub/b.txt');
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'cache-control': 'private, no-store', 'content-security-policy': expect.stringContaining('sandbox'), 'x-content-type-options': 'nosniff' });
    expect((await w.body(answer)).toString()).toBe('content of dist/sub/b.txt');
    expect(w.tables.usageRecords.map((r) => [r.kind, r.bytes])).toEqual([['EGRESS', 'content of dist/sub/b.txt'.length]]);
    // The folder itself as a file, another container under it: inside.
    expect((await w.get(created.secret, 0, 'dist')).status).toBe(200);
    expect((await w.get(created.secret, 1, 'dist/node1.txt')).status).toBe(200);
    // A sibling sharing the prefix's bytes, `..`, an empty segment, a leading slash: the one 404.
    for (const path of ['dist-private/secret.txt', 'dist/../dist-private/secret.txt', 'dist/../other/x.txt', 'dist//app.js', '/dist/app.js', 'other/x.txt', 'dist/missing']) {
      expect(await failure(w.get(created.secret, 0, path))).toBe(GONE);
    }
  });

  test("a container link reaches no other container, and no link reaches another job's artifacts", async () => {
    const w = await world();
    const job2 = await w.seed.job({ projectId: w.project.id, number: 2 });
    await w.artifact('dist/app.js', 'job two', { jobId: job2.id });
    const node0 = await w.share(w.member, { nodeIndex: 0 });
    expect((await w.get(node0.secret, 0, 'dist/app.js')).status).toBe(200);
    expect(await failure(w.get(node0.secret, 1, 'dist/node1.txt'))).toBe(GONE);
    const listing = await listSharedArtifacts(w.ctx, { secret: node0.secret });
    expect(listing.items.map((i) => `${i.nodeIndex}/${i.path}`)).toEqual(['0/dist', '0/dist-private/secret.txt', '0/dist/app.js', '0/dist/sub/b.txt', '0/other/x.txt']);
    // Job 1's link serves job 1's bytes, never job 2's at the same path.
    expect((await w.body(await w.get(node0.secret, 0, 'dist/app.js'))).toString()).toBe('content of dist/app.js');
  });

  test('one file: the listing shows it alone, the zip holds it alone; uses are counted', async () => {
    const w = await world();
    const link = await w.share(w.member, { path: 'dist/app.js', nodeIndex: 0 });
    const listing = await listSharedArtifacts(w.ctx, { secret: link.secret });
    expect(listing).toMatchObject({ job: { number: 1, branch: 'main' }, nodeIndex: 0, path: 'dist/app.js', archiveUrl: `https://stowage.test/s/${link.secret}/archive.zip`, next_page_token: null });
    expect(listing.items).toEqual([{ nodeIndex: 0, path: 'dist/app.js', size: 22, contentType: null, url: `https://stowage.test/s/${link.secret}/files/0/dist/app.js` }]);
    const zip = await archiveSharedArtifacts(w.ctx, { secret: link.secret });
    expect(zip.headers).toMatchObject({ 'content-type': 'application/zip', 'cache-control': 'private, no-store' });
    expect(entryNames(await w.body(zip))).toEqual(['dist/app.js']);
    const [listed] = await listShareLinks(w.ctx, w.member, { project: w.ref });
    expect(listed).toMatchObject({ id: link.id, useCount: 2, lastUsedAt: NOW.toISOString() });
  });

  test('the zip of a folder link holds whole segments only', async () => {
    const w = await world();
    const link = await w.share(w.member, { path: 'dist' });
    expect(entryNames(await w.body(await archiveSharedArtifacts(w.ctx, { secret: link.secret })))).toEqual(['0/dist', '0/dist/app.js', '0/dist/sub/b.txt', '1/dist/node1.txt']);
  });

  test('expiry: one hour to 30 days (the contract), never past the covered artifacts; an expired link is the one 404', async () => {
    const w = await world();
    const untilArtifacts = Math.floor((LATER.getTime() - NOW.getTime()) / 1000);
    expect(await failure(w.share(w.member, { expiresInSeconds: untilArtifacts + 1 }))).toBe(`invalid_input: these artifacts expire at ${LATER.toISOString()}; a link cannot outlive them`);
    const link = await w.share(w.member, { expiresInSeconds: HOUR });
    expect(link.expiresAt).toBe(new Date(NOW.getTime() + HOUR * 1000).toISOString());
    expect((await listSharedArtifacts(w.ctx, { secret: link.secret })).items.length).toBeGreaterThan(0);
    w.clock.advance(HOUR * 1000);
    expect(await failure(listSharedArtifacts(w.ctx, { secret: link.secret }))).toBe(GONE);
    expect(await failure(w.get(link.secret, 0, 'dist/app.js'))).toBe(GONE);
    expect((await listShareLinks(w.ctx, w.member, { project: w.ref }))[0].state).toBe('expired');
    expect(await failure(w.share(w.member, { path: 'nothing/here' }))).toBe('not_found: available artifacts in this scope not found');
    expect(await failure(w.share(w.member, { path: 'a/../b' }))).toBe('invalid_input: "a/../b" is not an artifact path or folder');
  });

  test('revoked by its creator or an org admin, not by another member; a revoked link is the one 404', async () => {
    const w = await world();
    const other = await w.seed.user({ email: 'other@acme.test', name: 'other' });
    await w.seed.membership({ organizationId: w.organization.id, userId: other.id, role: 'MEMBER' });
    const link = await w.share(w.member);
    expect(await failure(revokeShareLink(w.ctx, { kind: 'user', userId: other.id }, { project: w.ref, linkId: link.id }))).toBe('forbidden: only its creator or an organization admin may revoke a share link');
    expect(await listShareLinks(w.ctx, { kind: 'user', userId: other.id }, { project: w.ref })).toEqual([]);
    expect((await listShareLinks(w.ctx, w.admin, { project: w.ref })).map((l) => l.id)).toEqual([link.id]);
    await revokeShareLink(w.ctx, w.admin, { project: w.ref, linkId: link.id });
    expect(await failure(w.get(link.secret, 0, 'dist/app.js'))).toBe(GONE);
    expect(await failure(archiveSharedArtifacts(w.ctx, { secret: link.secret }))).toBe(GONE);
    const mine = await w.share(w.member);
    await revokeShareLink(w.ctx, w.member, { project: w.ref, linkId: mine.id });
    expect((await listShareLinks(w.ctx, w.member, { project: w.ref })).map((l) => l.state)).toEqual(['revoked', 'revoked']);
  });

  test('a link stops working when its creator loses read access, and works again if it is restored', async () => {
    const w = await world();
    const link = await w.share(w.member);
    const membership = w.tables.memberships.find((m) => m.userId === (w.member as { userId: string }).userId)!;
    w.tables.memberships = w.tables.memberships.filter((m) => m !== membership);
    expect(await failure(w.get(link.secret, 0, 'dist/app.js'))).toBe(GONE);
    w.tables.memberships.push(membership);
    expect((await w.get(link.secret, 0, 'dist/app.js')).status).toBe(200);
  });

  test('org admins turn links off and on; while off no link works and none can be made', async () => {
    const w = await world();
    const link = await w.share(w.member);
    expect(await failure(setOrganizationShareLinks(w.ctx, w.member, { organization: 'acme', enabled: false }))).toBe('forbidden: only organization admins may do this');
    expect(await getOrganizationShareLinks(w.ctx, w.member, { organization: 'acme' })).toEqual({ enabled: true });
    expect(await setOrganizationShareLinks(w.ctx, w.admin, { organization: 'acme', enabled: false })).toEqual({ enabled: false });
    expect(await getOrganizationShareLinks(w.ctx, w.member, { organization: 'acme' })).toEqual({ enabled: false });
    expect(await failure(getOrganizationShareLinks(w.ctx, w.outsider, { organization: 'acme' }))).toBe('not_found: organization acme not found');
    expect(await failure(w.get(link.secret, 0, 'dist/app.js'))).toBe(GONE);
    expect(await failure(w.share(w.member))).toBe('forbidden: share links are turned off for this organization');
    await setOrganizationShareLinks(w.ctx, w.admin, { organization: 'acme', enabled: true });
    expect((await w.get(link.secret, 0, 'dist/app.js')).status).toBe(200);
  });

  test('only organization members share; unknown and malformed secrets are the one 404', async () => {
    const w = await world();
    expect(await failure(w.share(w.outsider))).toBe('not_found: project acme/app not found');
    expect(await failure(w.share({ kind: 'anonymous' }))).toBe('not_found: project acme/app not found');
    expect(await failure(listSharedArtifacts(w.ctx, { secret: `shr_${'A'.repeat(43)}` }))).toBe(GONE);
    expect(await failure(listSharedArtifacts(w.ctx, { secret: '../../etc' }))).toBe(GONE);
  });

  test('a stream link serves the newest successful job named J on branch B, as new jobs finish', async () => {
    const w = await world();
    const job5 = await w.seed.job({ projectId: w.project.id, number: 5, name: 'build', branch: 'main', status: 'SUCCESS' });
    await w.artifact('dist/app.js', 'job five', { jobId: job5.id });
    const link = await w.share(w.member, { target: { stream: { name: 'build', branch: 'main' } }, path: 'dist' });
    expect(link.target).toEqual({ stream: { name: 'build', branch: 'main' } });
    expect((await w.body(await w.get(link.secret, 0, 'dist/app.js'))).toString()).toBe('job five');
    const failed = await w.seed.job({ projectId: w.project.id, number: 6, name: 'build', branch: 'main', status: 'FAILED' });
    await w.artifact('dist/app.js', 'job six (failed)', { jobId: failed.id });
    const job7 = await w.seed.job({ projectId: w.project.id, number: 7, name: 'build', branch: 'main', status: 'SUCCESS' });
    await w.artifact('dist/app.js', 'job seven', { jobId: job7.id });
    expect((await w.body(await w.get(link.secret, 0, 'dist/app.js'))).toString()).toBe('job seven');
    expect((await listSharedArtifacts(w.ctx, { secret: link.secret })).job.number).toBe(7);
    expect(await failure(w.share(w.member, { target: { stream: { name: 'deploy', branch: 'main' } } }))).toBe('not_found: a successful job named "deploy" on branch "main" not found');
  });
});
