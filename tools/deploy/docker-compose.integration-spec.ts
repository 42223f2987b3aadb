import { execFileSync } from 'node:child_process';
import path from 'node:path';

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

  it('refuses to start without a signing secret', () => {
    expect(() => composeConfig({})).toThrow(/SIGNING_SECRET/);
  });
});
