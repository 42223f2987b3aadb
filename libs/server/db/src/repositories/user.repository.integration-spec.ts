import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeUserRepositoryContract } from './user.repository.contract';
import { PgUserRepository } from './user.repository';

describeUserRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgUserRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
