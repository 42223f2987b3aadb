import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';


/** The slice of s3rver's API used here (the package ships no type declarations). */
interface S3rverInstance {
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
}) => S3rverInstance;

/** The shape of the S3 driver's options, kept here so this test double depends on nothing of ours. */
export interface TestS3Options {
  bucket: string;
  region: string;
  endpoint: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** Ready for `new S3StorageDriver(options)`. */
  options: TestS3Options;
  /** Where s3rver keeps buckets and objects (benchmarks measure the store with `du`). */
  directory: string;
  stop(): Promise<void>;
}

/** s3rver accepts any well-formed SigV4 request made with its built-in key pair. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const REGION = 'us-east-1';

/**
 * Starts an in-process S3 emulator (s3rver) on a free port with its own temp directory and an empty
 * bucket with a random name. It does not verify SigV4 signatures and lacks AbortMultipartUpload and
 * ListMultipartUploads, so tests of those need more than this.
 */
export async function startS3Server(): Promise<TestS3Server> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(path.join(tmpdir(), 'stowage-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  let running = false;
  try {
    const { port } = await server.run();
    running = true;
    const endpoint = `http://127.0.0.1:${port}`;
    const bucket = `stowage-test-${randomBytes(6).toString('hex')}`;

    const client = new S3Client({ region: REGION, endpoint, forcePathStyle: true, credentials: CREDENTIALS });
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      client.destroy();
    }

    const options: TestS3Options = { bucket, region: REGION, endpoint, forcePathStyle: true, ...CREDENTIALS };
    return {
      endpoint,
      bucket,
      options,
      directory,
      async stop() {
        // Keep-alive sockets from SDK clients would otherwise hold close() open.
        server.httpServer?.closeAllConnections();
        await server.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (running) await server.close().catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
