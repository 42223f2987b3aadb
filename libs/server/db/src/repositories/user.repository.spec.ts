import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeUserRepositoryContract } from './user.repository.contract';
import { InMemoryUserRepository } from './user.repository.fake';

describeUserRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryUserRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
