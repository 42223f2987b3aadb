import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { describeBlobRepositoryContract } from './blob.repository.contract';
import { PgBlobRepository } from './blob.repository';

describeBlobRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgBlobRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
