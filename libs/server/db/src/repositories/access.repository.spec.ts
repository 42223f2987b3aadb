import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeAccessRepositoryContract } from './access.repository.contract';
import { InMemoryAccessRepository } from './access.repository.fake';

describeAccessRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryAccessRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
