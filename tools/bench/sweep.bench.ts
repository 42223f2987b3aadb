import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { ManualClock } from '@stowage/domain';
import { createLogger } from '@stowage/server-config';
import { expireArtifacts, storageKeyFor } from '@stowage/server-core';
import { createTestPlatform, seedWorld, startS3Server, testAppConfig, testEnvironment, type TestStorage } from '@stowage/testing';
import { withBenchDatabase } from './bench-platform';

/**
 * Issue 6's sweep rate: artifacts expired per second (objects deleted, then rows), on the filesystem
 * driver and on S3 (s3rver), with the clock moved past the retention instead of waiting.
 */
const COUNT = Number(process.env.BENCH_SWEEP_ARTIFACTS ?? 10_000);

async function sweep(storage: TestStorage) {
  const s3 = storage === 's3' ? await startS3Server() : undefined;
  const clock = new ManualClock(new Date());
  const platform = createTestPlatform(testAppConfig(testEnvironment({ storage, s3 })), createLogger({ LOG_LEVEL: 'error' }, 'bench'), { clock });
  try {
    const world = await seedWorld(platform);
    const project = world.projects.private;
    const job = await platform.context.jobs.upsert(project.id, 1, {}, new Date());
    const rows = Array.from({ length: COUNT }, (_, i) => {
      const id = crypto.randomUUID();
      return { id, path: `files/${i}.txt`, storageKey: storageKeyFor({ organizationId: project.organizationId, projectId: project.id, jobId: job.id, artifactId: id }) };
    });
    // Real objects, so the sweep really deletes bytes.
    for (let i = 0; i < rows.length; i += 64) {
      await Promise.all(rows.slice(i, i + 64).map((row) => platform.context.storage.put(row.storageKey, Readable.from([Buffer.from(row.path)]))));
    }
    for (let i = 0; i < rows.length; i += 5000) {
      await platform.db.artifact.createMany({
        data: rows.slice(i, i + 5000).map((row) => ({
          id: row.id, jobId: job.id, nodeIndex: 0, path: row.path, size: BigInt(row.path.length), sha256: '0'.repeat(64), fileMode: 420,
          storageKey: row.storageKey, state: 'AVAILABLE' as const, partSize: BigInt(row.path.length), expiresAt: new Date(clock.now().getTime() + 86_400_000),
        })),
      });
    }
    clock.advance(2 * 86_400_000);
    const started = performance.now();
    const result = await expireArtifacts(platform.context);
    const seconds = (performance.now() - started) / 1000;
    const left = await platform.db.artifact.count({ where: { jobId: job.id } });
    console.log(`retention sweep, ${storage}: ${result.deleted} artifacts in ${seconds.toFixed(2)} s = ${(result.deleted / seconds).toFixed(0)} artifacts/s (rows left: ${left}; target ≥ 5,000/s on the filesystem)`);
  } finally {
    await platform.close();
    await s3?.stop();
  }
}

withBenchDatabase(async () => {
  await sweep('filesystem');
  await sweep('s3');
}).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
