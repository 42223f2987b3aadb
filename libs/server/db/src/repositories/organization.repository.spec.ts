import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { describeOrganizationRepositoryContract } from './organization.repository.contract';
import { InMemoryOrganizationRepository } from './organization.repository.fake';

describeOrganizationRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryOrganizationRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
