import { openDatabase } from '../database';
import { PgRecordSeeder } from '../testing/record-seeder';
import { PgAccessRepository } from './access.repository';
import { describeTokenRepositoryContract } from './token.repository.contract';
import { PgTokenRepository } from './token.repository';

describeTokenRepositoryContract('PostgreSQL', async () => {
  const database = openDatabase(process.env.DATABASE_URL as string, { maxConnections: 2 });
  return { repository: new PgTokenRepository(database), access: new PgAccessRepository(database), seed: new PgRecordSeeder(database), teardown: () => database.close() };
});
