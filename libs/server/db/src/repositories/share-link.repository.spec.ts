import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeShareLinkRepositoryContract } from './share-link.repository.contract';
import { InMemoryShareLinkRepository } from './share-link.repository.fake';

describeShareLinkRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryShareLinkRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
