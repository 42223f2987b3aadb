export {
  CORE_DUMP_READ_LIMITS,
  readCoreDump,
  withFileNameHints,
  type CoreDumpReadResult,
  type ReadCoreDumpOptions,
} from './core-dump-reader';
export { parseCoreFileName, type CoreFileNameHints } from './core-file-name';
export { linuxSignalName } from './signal-names';
