import type { CoreDumpFacts } from '@stowage/contracts';
import type { Database } from '../database';

export const CORE_DUMP_CONTENT_TYPE = 'application/x-coredump';

/** What the indexer learned from a core dump, stored beside its artifact. */
export interface CoreDumpRepository {
  /** Stores (or replaces) the artifact's facts and marks its content type a core dump, in one transaction. */
  save(artifactId: string, facts: CoreDumpFacts): Promise<void>;
}

export class PgCoreDumpRepository implements CoreDumpRepository {
  constructor(private readonly database: Database) {}

  async save(artifactId: string, facts: CoreDumpFacts): Promise<void> {
    const columns = {
      architecture: facts.architecture,
      signal: facts.signal,
      signal_name: facts.signalName,
      pid: facts.pid,
      executable_name: facts.executableName,
      arguments: facts.arguments,
      executable_path: facts.executablePath,
      thread_count: facts.threadCount,
      program_counter: facts.programCounter,
      stack_pointer: facts.stackPointer,
      mapped_files: JSON.stringify(facts.mappedFiles),
    };
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('core_dumps')
        .values({ artifact_id: artifactId, ...columns })
        .onConflict((oc) => oc.column('artifact_id').doUpdateSet(columns))
        .execute();
      await trx
        .updateTable('artifacts')
        .set({ content_type: CORE_DUMP_CONTENT_TYPE })
        .where('id', '=', artifactId)
        .where((eb) => eb.or([eb('content_type', 'is', null), eb('content_type', '<>', CORE_DUMP_CONTENT_TYPE)]))
        .execute();
    });
  }
}
