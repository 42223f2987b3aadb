import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeOrganizationRepositoryContract } from './organization.repository.contract';
import { PgOrganizationRepository } from './organization.repository';

describeOrganizationRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgOrganizationRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
