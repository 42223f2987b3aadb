import { PgProjectRepository } from './project.repository';
import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeArtifactRepositoriesContract } from './artifact.repository.contract';
import { PgArtifactRepository } from './artifact.repository';
import { PgCoreDumpRepository } from './core-dump.repository';
import { PgJobRepository } from './job.repository';
import { PgUsageRepository } from './usage.repository';

describeArtifactRepositoriesContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 4 });
  return {
    artifacts: new PgArtifactRepository(database),
    jobs: new PgJobRepository(database),
    projects: new PgProjectRepository(database),
    coreDumps: new PgCoreDumpRepository(database),
    usage: new PgUsageRepository(database),
    seed: new PgRecordSeeder(database),
    teardown: () => database.close(),
  };
});
