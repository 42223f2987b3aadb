import type { CoreDumpFacts } from '@stowage/contracts';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import { CORE_DUMP_CONTENT_TYPE, type CoreDumpRepository } from './core-dump.repository';

/** CoreDumpRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryCoreDumpRepository implements CoreDumpRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  async save(artifactId: string, facts: CoreDumpFacts): Promise<void> {
    this.tables.coreDumps = this.tables.coreDumps.filter((c) => c.artifactId !== artifactId);
    this.tables.coreDumps.push({ artifactId, ...facts });
    const artifact = this.tables.artifacts.find((a) => a.id === artifactId);
    if (artifact) artifact.contentType = CORE_DUMP_CONTENT_TYPE;
  }
}
