import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeJavaUrlComponent } from '@stowage/domain';
import { uploadFiles } from '@stowage/testing';

/**
 * "Downloading all artifacts for a build" from the product docs (storing-build-artifacts.md), run
 * with real curl, grep and wget. Two differences from the page: the scheme and host
 * (http://127.0.0.1:port), and the grep pattern's quotes. The page writes `grep -o "https://[^"]*"`,
 * which no POSIX shell accepts (the `"` inside the class ends the string, and the command is left with an
 * unterminated quote: bash says "unexpected EOF while looking for matching `"'"). Here the pattern
 * is single-quoted, `grep -o 'http://[^"]*'`: the smallest change that makes the command run.
 */
const run = promisify(execFile);

let api: ApiHarness;
let workDir: string;

beforeAll(async () => {
  api = await startApi({ storage: 'filesystem' });
});
afterAll(async () => {
  await api?.stop();
});
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-wget-'));
});
afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** The docs' commands with `https://circleci.com` → our base URL, `https://` → `http://` in grep, and grep's pattern single-quoted. */
function docsScript(token: string, listingUrl: string): string {
  return [
    '# Set an environment variable for your API token.',
    `export CIRCLE_TOKEN='${token}'`,
    '',
    '# `curl` gets all artifact details for a build',
    '# then, the result is piped into `grep` to extract the URLs.',
    '# finally, `wget` is used to download the artifacts to the current directory in your terminal.',
    '',
    `curl -H "Circle-Token: $CIRCLE_TOKEN" ${listingUrl} \\`,
    `   | grep -o 'http://[^"]*' \\`,
    '   | wget --verbose --header "Circle-Token: $CIRCLE_TOKEN" --input-file -',
  ].join('\n');
}

async function runDocsPipeline(listingUrl: string): Promise<{ stderr: string }> {
  // Asynchronous: the API answers from this very process.
  const { stderr } = await run('bash', ['-c', docsScript(api.world.tokens.member, listingUrl)], { cwd: workDir, env: { PATH: process.env.PATH, HOME: workDir, LANG: 'C.UTF-8' } });
  return { stderr };
}

/** wget saves each URL under its last segment with %XX decoded (a `+` stays a `+`). */
const wgetFileName = (url: string) => decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));

async function expectEverythingDownloaded(jobNumber: number, files: Record<string, Buffer>) {
  const listing = await call(api.baseUrl, 'GET', `/api/v1.1/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
  expect(listing.body.map((artifact: { path: string }) => artifact.path).sort()).toEqual(Object.keys(files).sort());

  const expected: Record<string, Buffer> = {};
  for (const artifact of listing.body as Array<{ path: string; url: string }>) {
    const lastSegment = artifact.url.slice(artifact.url.lastIndexOf('/') + 1);
    // The URL names the file the Java-URLEncoder way; wget's name is the same segment, %-decoded only.
    expect(decodeJavaUrlComponent(lastSegment)).toBe(path.posix.basename(artifact.path));
    expected[wgetFileName(artifact.url)] = files[artifact.path];
  }
  expect(Object.keys(expected)).toHaveLength(Object.keys(files).length);
  const downloaded = Object.fromEntries(fs.readdirSync(workDir).map((name) => [name, fs.readFileSync(path.join(workDir, name))]));
  expect(downloaded).toEqual(expected);
}

/** Unique base names (wget flattens directories); spaces, punctuation and non-Latin letters included. */
function jobFiles(tag: string): Record<string, Buffer> {
  return {
    'artifact-file': Buffer.from(`my artifact file ${tag}\n`),
    'tmp/artifacts/artifact-2': Buffer.from(`my artifact files in a dir ${tag}\n`),
    [`reports/my report (final) ${tag}.html`]: Buffer.from(`<h1>final ${tag}</h1>`),
    [`données/日本語/résumé-${tag}.pdf`]: crypto.randomBytes(3000),
    [`logs/русский лог ${tag}.txt`]: Buffer.from(`журнал ${tag}\n`),
    [`emoji/🎉 party ${tag}.log`]: Buffer.from(`🎉 ${tag}\n`),
    [`a+b=c&d ${tag}.txt`]: Buffer.from(`plus ${tag}\n`),
    [`core.${tag}.bin`]: crypto.randomBytes(70_000),
  };
}

test('the docs pipeline (curl | grep | wget) downloads every artifact of a build byte for byte', async () => {
  const jobNumber = nextJobNumber();
  const files = jobFiles('one');
  await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: api.world.slugs.private, jobNumber, files: Object.entries(files).map(([p, content]) => ({ path: p, content })) });
  await api.drain();

  const { stderr } = await runDocsPipeline(`${api.baseUrl}/api/v1.1/project/${api.world.slugs.private}/${jobNumber}/artifacts`);
  expect(stderr).toMatch(new RegExp(`Downloaded: ${Object.keys(files).length} files`));
  await expectEverythingDownloaded(jobNumber, files);
});

test('the docs pipeline with latest/artifacts downloads every artifact of the newest build', async () => {
  const older = nextJobNumber();
  await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: api.world.slugs.private, jobNumber: older, files: [{ path: 'older-only.txt', content: 'from an older build' }] });
  const newest = nextJobNumber();
  const files = jobFiles('latest');
  await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: api.world.slugs.private, jobNumber: newest, files: Object.entries(files).map(([p, content]) => ({ path: p, content })) });
  await api.drain();

  const { stderr } = await runDocsPipeline(`${api.baseUrl}/api/v1.1/project/${api.world.slugs.private}/latest/artifacts`);
  expect(stderr).toMatch(new RegExp(`Downloaded: ${Object.keys(files).length} files`));
  await expectEverythingDownloaded(newest, files);
});
