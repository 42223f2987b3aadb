import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeProjectRepositoryContract } from './project.repository.contract';
import { PgProjectRepository } from './project.repository';

describeProjectRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgProjectRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
