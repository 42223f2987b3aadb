import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client, type S3StorageOptions } from '@stowage/server-storage';

/**
 * The S3 upload benchmark's yardstick, run as its own process as the CLI is: the AWS SDK's own
 * multipart upload (`@aws-sdk/lib-storage`'s Upload) of one file, with the S3 driver's client
 * settings, the part size the server hands the CLI and the CLI's concurrency, and a SHA-256 of the
 * stream that feeds Upload (the CLI hashes every byte it sends too). Timed, after module loading
 * as the CLI's side is, until Upload's done() returns, i.e. after CompleteMultipartUpload.
 * usage: node sdk-upload-process.js '<json: { file, key, partSize, queueSize, s3 }>'
 * prints: { seconds, cpuSeconds, processCpuSeconds, sha256 } as JSON on stdout.
 */
interface SdkUploadArgs {
  file: string;
  key: string;
  partSize: number;
  queueSize: number;
  s3: S3StorageOptions;
}

/** All the CPU this process has used so far, start-up included (the benchmark accounts for the machine's whole load). */
function totalCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function main() {
  const { file, key, partSize, queueSize, s3 } = JSON.parse(process.argv[2]) as SdkUploadArgs;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const client = createS3Client(s3);
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // 1 MiB reads, as the CLI reads its parts.
  const reading = pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hashing);
  const upload = new Upload({ client, params: { Bucket: s3.bucket, Key: key, Body: hashing }, partSize, queueSize, leavePartsOnError: false });
  await Promise.all([upload.done(), reading]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  client.destroy();
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (user + system) / 1e6, processCpuSeconds: totalCpuSeconds(), sha256: hash.digest('hex') }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
