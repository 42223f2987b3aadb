import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeProjectRepositoryContract } from './project.repository.contract';
import { InMemoryProjectRepository } from './project.repository.fake';

describeProjectRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryProjectRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
