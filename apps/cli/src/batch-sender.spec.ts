import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { BatchSender } from './batch-sender';
import { sendJson, startFakeHttpServer, type FakeHandler, type FakeHttpServer } from './fake-http-server.spec-helper';
import { HttpStatusError } from './retry';

let server: FakeHttpServer | undefined;
let sender: BatchSender;
const retries: number[] = [];

beforeEach(() => {
  retries.length = 0;
  sender = new BatchSender({ maxSockets: 2, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 }, onRetry: ({ retryNumber }) => void retries.push(retryNumber) });
});
afterEach(async () => {
  sender.close();
  await server?.close();
  server = undefined;
});

async function entriesOf(tar: Buffer): Promise<Array<{ name: string; type: string | null; bytes: Buffer }>> {
  const found: Array<{ name: string; type: string | null; bytes: Buffer }> = [];
  const parser = extract();
  Readable.from([tar]).pipe(parser as unknown as NodeJS.WritableStream);
  for await (const entry of parser) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    found.push({ name: entry.header.name, type: entry.header.type, bytes: Buffer.concat(chunks) });
  }
  return found;
}

const answer = { files: [{ artifactId: '11111111-1111-4111-8111-111111111111', path: 'a.txt', state: 'available' }] };

async function serve(handler: FakeHandler): Promise<string> {
  server = await startFakeHttpServer(handler);
  return `${server.baseUrl}/api/stowage/v1/upload-batches/b?files=2&expires=1&signature=s`;
}

describe('BatchSender', () => {
  it('PUTs the files as one tar stream of regular files, long UTF-8 names included, with no token, and answers the per-file result', async () => {
    const url = await serve((_request, response) => sendJson(response, 200, answer));
    const long = `${'répertoire/'.repeat(12)}fichier ✓.txt`;
    const files = [
      { name: 'a.txt', bytes: randomBytes(4096) },
      { name: long, bytes: randomBytes(10) },
      { name: 'empty', bytes: Buffer.alloc(0) },
    ];
    let counted = 0;
    await expect(sender.send(url, files, (delta) => (counted += delta))).resolves.toEqual(answer);

    const [request] = server!.requests;
    expect(request!.method).toBe('PUT');
    expect(request!.headers['content-type']).toBe('application/x-tar');
    expect(request!.headers['circle-token']).toBeUndefined();
    expect(request!.headers.authorization).toBeUndefined();
    expect(await entriesOf(request!.body)).toEqual(files.map((f) => ({ name: f.name, type: 'file', bytes: f.bytes })));
    expect(counted).toBe(4106);
  });

  it('sends the batch again after a 409 (an earlier attempt still being stored) or a 503', async () => {
    const statuses = [409, 503];
    const url = await serve((_request, response) => {
      const status = statuses.shift();
      if (status) sendJson(response, status, { statusCode: status, message: 'later' });
      else sendJson(response, 200, answer);
    });
    let counted = 0;
    await expect(sender.send(url, [{ name: 'a.txt', bytes: Buffer.from('abc') }], (delta) => (counted += delta))).resolves.toEqual(answer);
    expect(server!.requests).toHaveLength(3);
    expect(retries).toEqual([1, 2]);
    // Bytes of the failed attempts were taken back.
    expect(counted).toBe(3);
  });

  it('does not send again a stream the server refused (400), and reports its message', async () => {
    const url = await serve((_request, response) => sendJson(response, 400, { statusCode: 400, error: 'invalid_input', message: 'the batch stream was refused: entry 1 is "b"' }));
    const sent = sender.send(url, [{ name: 'a.txt', bytes: Buffer.from('abc') }], () => undefined);
    await expect(sent).rejects.toBeInstanceOf(HttpStatusError);
    await expect(sent).rejects.toThrow('HTTP 400: the batch stream was refused: entry 1 is "b"');
    expect(server!.requests).toHaveLength(1);
  });

  it('refuses an answer that is not a per-file result', async () => {
    const url = await serve((_request, response) => sendJson(response, 200, { etag: 'x' }));
    await expect(sender.send(url, [{ name: 'a.txt', bytes: Buffer.from('abc') }], () => undefined)).rejects.toThrow('per-file result');
  });
});
