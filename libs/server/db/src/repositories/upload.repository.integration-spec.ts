import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { PgBlobRepository } from './blob.repository';
import { describeUploadRepositoryContract } from './upload.repository.contract';
import { PgUploadRepository } from './upload.repository';

describeUploadRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgUploadRepository(database), blobs: new PgBlobRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
