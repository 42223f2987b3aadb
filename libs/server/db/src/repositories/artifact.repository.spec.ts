import { InMemoryProjectRepository } from './project.repository.fake';
import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeArtifactRepositoriesContract } from './artifact.repository.contract';
import { InMemoryArtifactRepository } from './artifact.repository.fake';
import { InMemoryCoreDumpRepository } from './core-dump.repository.fake';
import { InMemoryJobRepository } from './job.repository.fake';
import { InMemoryUsageRepository } from './usage.repository.fake';

describeArtifactRepositoriesContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return {
    artifacts: new InMemoryArtifactRepository(tables),
    jobs: new InMemoryJobRepository(tables),
    projects: new InMemoryProjectRepository(tables),
    coreDumps: new InMemoryCoreDumpRepository(tables),
    usage: new InMemoryUsageRepository(tables),
    seed: new InMemoryRecordSeeder(tables),
  };
});
