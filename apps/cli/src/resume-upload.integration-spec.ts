import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSpawnedPlatform, type SpawnedPlatform } from '@stowage/testing';
import { runCli } from './main';

/**
 * The network between the CI job and Stowage, as a forward proxy: every request of the CLI (API
 * calls and part uploads, to the API or to S3) goes through it. It counts the part bytes it
 * forwards, so the test counts what reached the receiving server; and it can be cut, after which
 * it drops every connection, as a lost network or a killed job leaves an upload.
 */
async function startNetwork(shouldCut: () => Promise<boolean>) {
  const state = { partBytes: 0, cut: false };
  const server = http.createServer((request, response) => {
    void (async () => {
      if (!state.cut && request.method === 'PUT' && (await shouldCut())) state.cut = true;
      if (state.cut) return void request.socket.destroy();
      const target = new URL(request.url as string);
      const upstream = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode as number, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.destroy());
      if (request.method === 'PUT') request.on('data', (chunk: Buffer) => (state.partBytes += chunk.length));
      request.pipe(upstream);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let root: string;
let jobNumber = 900;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stowage-cli-resume-'));
  mkdirSync(join(root, 'artifacts'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.each(['filesystem', 's3'] as const)('stowage store-artifacts run again after its upload was cut off (%s storage)', (storage) => {
  let test: SpawnedPlatform;
  beforeAll(async () => {
    test = await startSpawnedPlatform({ storage });
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
  });

  async function store(env: Record<string, string>) {
    let stdout = '';
    let stderr = '';
    // One part at a time, and no retries: the cut lands between two parts, and the run gives up at once.
    const exitCode = await runCli(['store-artifacts', '--path', 'artifacts', '--destination', 'build', '--concurrency', '1', '--retries', '0'], {
      env: {
        STOWAGE_URL: test.baseUrl,
        STOWAGE_TOKEN: test.world.tokens.privateUpload,
        STOWAGE_PROJECT: test.world.slugs.private,
        CIRCLE_BUILD_NUM: String(jobNumber),
        ...env,
      },
      cwd: root,
      home: root,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
    });
    return { exitCode, stdout, stderr };
  }

  it('sends only the parts the server did not confirm, and the artifact ends available with the file\'s digest', async () => {
    jobNumber++;
    // Larger than one part on either driver: 3 filesystem parts (16 MiB), 5 S3 parts (8 MiB).
    const content = randomBytes(32 * 1024 * 1024 + 5);
    writeFileSync(join(root, 'artifacts', 'image.bin'), content);
    const ledger = () =>
      test.platform.db.uploadPart.findMany({ where: { artifact: { job: { number: jobNumber, projectId: test.world.projects.private.id } } } });

    // First run: cut off once the server has recorded a part, as the next part starts.
    const first = await startNetwork(async () => (await ledger()).length >= 1);
    try {
      const cut = await store({ HTTP_PROXY: first.url });
      expect(cut.exitCode).toBe(1);
      expect(first.state.cut).toBe(true);
    } finally {
      await first.close();
    }
    const held = await ledger();
    expect(held.length).toBeGreaterThanOrEqual(1);
    const heldBytes = held.reduce((sum, part) => sum + Number(part.size), 0);
    expect(heldBytes).toBeLessThan(content.length);

    // Second run, same job, same file: only the missing parts cross the network.
    const second = await startNetwork(async () => false);
    let result: Awaited<ReturnType<typeof store>>;
    try {
      result = await store({ HTTP_PROXY: second.url });
    } finally {
      await second.close();
    }
    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^Stored 1 file .*; sent [\d.]+ MiB of 32\.0 MiB\n$/) });
    expect(second.state.partBytes).toBe(content.length - heldBytes);

    const job = await test.platform.db.job.findFirstOrThrow({ where: { projectId: test.world.projects.private.id, number: jobNumber } });
    await test.waitForFinalization(job.id);
    const rows = await test.platform.db.artifact.findMany({ where: { jobId: job.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ path: 'build/image.bin', state: 'AVAILABLE', size: BigInt(content.length), computedSha256: createHash('sha256').update(content).digest('hex') });
  });
});
