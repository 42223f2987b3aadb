import type { PreviewKind } from './artifact-preview-kind';

const base = 'size-4 shrink-0';

export function ChevronIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={`${base} text-zinc-500 transition-transform ${open ? 'rotate-90' : ''}`}>
      <path fill="currentColor" d="M6 4l4 4-4 4z" />
    </svg>
  );
}

export function FolderIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={`${base} text-amber-500`}>
      <path fill="currentColor" d={open ? 'M1.5 3h4l1.5 1.5h6.5V6H3.2L1.5 12V3Zm1.3 10 2-6h11l-2 6H2.8Z' : 'M1.5 3h4L7 4.5h7.5v8.5h-13V3Z'} />
    </svg>
  );
}

export function ContainerIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={`${base} text-indigo-500`}>
      <path fill="currentColor" d="M2 3h12v3H2V3Zm0 4h12v3H2V7Zm0 4h12v3H2v-3Zm2-7v1h2V4H4Zm0 4v1h2V8H4Zm0 4v1h2v-1H4Z" />
    </svg>
  );
}

export function FileIcon({ kind, coreDump }: { kind: PreviewKind; coreDump: boolean }) {
  const color = coreDump ? 'text-violet-500' : kind === 'image' ? 'text-emerald-500' : kind === 'html' ? 'text-sky-500' : 'text-zinc-400';
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={`${base} ${color}`}>
      <path fill="currentColor" d="M3 1.5h6.5L13 5v9.5H3v-13Zm6 .9V5.5h3.1L9 2.4Z" />
    </svg>
  );
}

export function DownloadIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0">
      <path fill="currentColor" d="M7.25 2h1.5v6.2l2.2-2.2 1.06 1.06L8 11.06 3.99 7.06 5.05 6l2.2 2.2V2ZM3 12.5h10V14H3v-1.5Z" />
    </svg>
  );
}
