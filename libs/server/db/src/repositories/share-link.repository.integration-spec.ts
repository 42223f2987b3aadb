import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeShareLinkRepositoryContract } from './share-link.repository.contract';
import { PgShareLinkRepository } from './share-link.repository';

describeShareLinkRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgShareLinkRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
