import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeBlobRepositoryContract } from './blob.repository.contract';
import { InMemoryBlobRepository } from './blob.repository.fake';

describeBlobRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryBlobRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
