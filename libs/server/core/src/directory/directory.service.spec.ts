import { DomainError, ManualClock } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import { DirectoryService } from './directory.service';

// The slug rules are judged before the database is asked: a fake that records what it is asked to create.
function recordingDb() {
  const created: Array<{ slug: string }> = [];
  const db = {
    organization: {
      create: async ({ data }: { data: { slug: string; name: string; artifactRetentionDays: number } }) => {
        created.push(data);
        return { id: '00000000-0000-4000-8000-000000000001', createdAt: new Date(), ...data };
      },
    },
  } as unknown as Db;
  return { db, created };
}

describe('DirectoryService.createOrganization', () => {
  test.each(['settings', 'Settings', 'SIGN-IN', 'api', 'output', 'cli', 'icon.svg', 'Robots.txt'])(
    'refuses %s, which names a route of the web app, with an invalid_input error listing the reserved names',
    async (slug) => {
      const { db, created } = recordingDb();
      const directory = new DirectoryService(db, new ManualClock(new Date()));
      const error = await directory.createOrganization({ slug, name: 'Clash' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining(`"${slug}" is reserved`) });
      expect((error as DomainError).message).toContain('settings, sign-in');
      expect(created).toEqual([]);
    },
  );

  test.each(['a/b', '-lead', '', 'x'.repeat(101)])('refuses %j, which is no slug', async (slug) => {
    const { db, created } = recordingDb();
    const directory = new DirectoryService(db, new ManualClock(new Date()));
    await expect(directory.createOrganization({ slug, name: 'Bad' })).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(created).toEqual([]);
  });

  test('creates an organization whose slug only resembles a route', async () => {
    const { db, created } = recordingDb();
    const directory = new DirectoryService(db, new ManualClock(new Date()));
    await directory.createOrganization({ slug: 'settings-team', name: 'Settings Team' });
    expect(created).toEqual([{ slug: 'settings-team', name: 'Settings Team', artifactRetentionDays: 30 }]);
  });
});
