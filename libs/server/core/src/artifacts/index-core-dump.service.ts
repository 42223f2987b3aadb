import { readCoreDump, type StorageDriver } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import { storageRangeReader } from './storage-range-reader';

/** Reads a core dump's headers and notes (ranged reads only) and records its facts. Idempotent. */
export class IndexCoreDumpService {
  constructor(
    private readonly db: Db,
    private readonly storage: StorageDriver,
  ) {}

  async index(artifactId: string): Promise<'indexed' | 'not-core' | 'skipped'> {
    const artifact = await this.db.artifact.findUnique({ where: { id: artifactId } });
    if (!artifact || artifact.state !== 'AVAILABLE') return 'skipped';
    const fileName = artifact.path.split('/').pop() ?? artifact.path;
    const result = await readCoreDump(storageRangeReader(this.storage, artifact.storageKey, Number(artifact.size)), { fileName });
    if (result.kind !== 'core') return 'not-core';
    const facts = result.facts;
    const data = {
      architecture: facts.architecture,
      signal: facts.signal,
      signalName: facts.signalName,
      pid: facts.pid,
      executableName: facts.executableName,
      arguments: facts.arguments,
      executablePath: facts.executablePath,
      threadCount: facts.threadCount,
      programCounter: facts.programCounter,
      stackPointer: facts.stackPointer,
      mappedFiles: facts.mappedFiles,
    };
    await this.db.coreDump.upsert({ where: { artifactId }, create: { artifactId, ...data }, update: data });
    if (artifact.contentType !== 'application/x-coredump') {
      await this.db.artifact.update({ where: { id: artifactId }, data: { contentType: 'application/x-coredump' } });
    }
    return 'indexed';
  }
}

