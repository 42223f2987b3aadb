import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeAccessRepositoryContract } from './access.repository.contract';
import { PgAccessRepository } from './access.repository';

describeAccessRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgAccessRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
