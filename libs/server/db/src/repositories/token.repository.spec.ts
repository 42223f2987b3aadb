import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { InMemoryAccessRepository } from './access.repository.fake';
import { describeTokenRepositoryContract } from './token.repository.contract';
import { InMemoryTokenRepository } from './token.repository.fake';

describeTokenRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryTokenRepository(tables), access: new InMemoryAccessRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
