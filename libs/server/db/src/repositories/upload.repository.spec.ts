import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRecordSeeder } from '../testing/record-seeder';
import { InMemoryBlobRepository } from './blob.repository.fake';
import { describeUploadRepositoryContract } from './upload.repository.contract';
import { InMemoryUploadRepository } from './upload.repository.fake';

describeUploadRepositoryContract('in memory', async () => {
  const tables = new InMemoryDatabase();
  return { repository: new InMemoryUploadRepository(tables), blobs: new InMemoryBlobRepository(tables), seed: new InMemoryRecordSeeder(tables) };
});
