import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every entry of a zip as {name: bytes}, read by Python's zipfile (an independent reader, which also checks each CRC). */
export async function readZip(bytes: Buffer): Promise<Record<string, Buffer>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-zip-'));
  try {
    const file = path.join(dir, 'archive.zip');
    fs.writeFileSync(file, bytes);
    const script = [
      'import zipfile, sys, json, base64',
      'z = zipfile.ZipFile(sys.argv[1])',
      'bad = z.testzip()',
      'assert bad is None, "bad CRC in " + bad',
      'print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, file]);
    return Object.fromEntries(Object.entries(JSON.parse(stdout) as Record<string, string>).map(([name, data]) => [name, Buffer.from(data, 'base64')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
