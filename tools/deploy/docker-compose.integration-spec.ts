import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

const root = path.resolve(__dirname, '../..');

/** No Docker engine runs here; `docker-compose config` parses and resolves the file without one. */
function composeConfig(env: Record<string, string>): string {
  return execFileSync('docker-compose', ['-f', path.join(root, 'docker-compose.yml'), 'config'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file with PostgreSQL, Redis, MinIO, migrations, API, worker and web', () => {
    const config = composeConfig({ SIGNING_SECRET: 'x'.repeat(40) });
    for (const service of ['postgres', 'redis', 'minio', 'create-bucket', 'migrate', 'api', 'worker', 'web']) {
      expect(config).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    }
    expect(config).toContain('STORAGE_DRIVER: s3');
    expect(config).toContain('dist/apps/admin/apps/admin/src/main.js');
  });

  it('runs its processes with the same tuning as tools/deploy/server-runtime.env', () => {
    const tuning = parseEnv(fs.readFileSync(path.join(root, 'tools/deploy/server-runtime.env'), 'utf8'));
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    // The runtime stage is everything after the last FROM.
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const env = parseEnv(
      [...runtimeStage.matchAll(/^ENV (.+)$/gm)].flatMap((line) => line[1].split(/\s+/)).join('\n'),
    );
    expect(Object.keys(tuning)).toEqual(['MALLOC_ARENA_MAX']);
    for (const [name, value] of Object.entries(tuning)) expect(env[name]).toBe(value);
  });

  it('refuses to start without a signing secret', () => {
    expect(() => composeConfig({})).toThrow(/SIGNING_SECRET/);
  });
});
