import type { CoreDumpFacts as Facts } from '@stowage/contracts';
import { displayArtifactPath } from '@stowage/domain';

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt className="text-zinc-500">{term}</dt>
      <dd className="min-w-0 font-mono break-all text-zinc-900">{children}</dd>
    </>
  );
}

/** What the server read from a core file's ELF notes: the crash at a glance, mapped files on demand. */
export function CoreDumpFacts({ facts }: { facts: Facts }) {
  const signal = facts.signalName ? `${facts.signalName}${facts.signal !== null ? ` (${facts.signal})` : ''}` : facts.signal;
  return (
    <details open className="rounded-md border border-violet-200 bg-violet-50/50 p-3 text-sm">
      <summary className="font-semibold text-violet-900">Core dump</summary>
      <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-xs">
        <Fact term="Signal">{signal}</Fact>
        <Fact term="Executable">{facts.executableName}</Fact>
        <Fact term="Path">{facts.executablePath}</Fact>
        <Fact term="Arguments">{facts.arguments}</Fact>
        <Fact term="PID">{facts.pid}</Fact>
        <Fact term="Program counter">{facts.programCounter}</Fact>
        <Fact term="Stack pointer">{facts.stackPointer}</Fact>
        <Fact term="Architecture">{facts.architecture}</Fact>
        <Fact term="Threads">{facts.threadCount}</Fact>
        <Fact term="Mapped files">{facts.mappedFiles.length}</Fact>
      </dl>
      {facts.mappedFiles.length > 0 && (
        <details className="mt-2">
          <summary className="text-xs font-medium text-violet-900">Show {facts.mappedFiles.length} mapped files</summary>
          <ul className="mt-1 max-h-60 overflow-auto rounded border border-violet-100 bg-white p-2 font-mono text-[11px] leading-4">
            {facts.mappedFiles.map((file, index) => (
              <li key={`${file.start}-${index}`} className="break-all">
                <span className="text-zinc-500">
                  {file.start}–{file.end} +{file.offset}
                </span>{' '}
                {displayArtifactPath(file.path)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </details>
  );
}
