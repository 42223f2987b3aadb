'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useState } from 'react';
import type { ComparedFile } from '@stowage/contracts';
import { formatByteCount, formatBytes } from '@stowage/domain';
import { Badge, type BadgeTone } from '../../components/ui/badge';
import { classNames } from '../../components/ui/class-names';
import { formatDelta } from './comparison-filter';

const ROW_HEIGHT = 32;
const TONE: Record<ComparedFile['status'], BadgeTone> = { added: 'green', removed: 'red', changed: 'blue', unchanged: 'neutral' };

export const comparedFileKey = (file: ComparedFile) => `${file.nodeIndex}/${file.path}`;

/**
 * The compared files, one row each; only the rows in view are in the DOM (virtualized, as the
 * Artifacts tab's tree), so 10,000 of them cost what a screenful does.
 */
export function ComparedFileList({ files, selectedKey, onSelect }: { files: ComparedFile[]; selectedKey: string | null; onSelect: (key: string) => void }) {
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: files.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => comparedFileKey(files[index]),
    // Render the first screenful on the server too, so the list is not blank before hydration.
    initialRect: { width: 0, height: 20 * ROW_HEIGHT },
  });

  return (
    <div ref={setScrollElement} className="relative h-[min(65vh,42rem)] min-h-72 overflow-auto rounded-md border border-zinc-200 bg-white">
      <ul aria-label="Compared files" className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const file = files[item.index];
          const key = comparedFileKey(file);
          const selected = key === selectedKey;
          return (
            <li
              key={item.key}
              data-status={file.status}
              data-path={file.path}
              data-node-index={file.nodeIndex ?? undefined}
              className="absolute top-0 left-0 w-full"
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <button
                type="button"
                aria-pressed={selected}
                onClick={() => onSelect(key)}
                className={classNames(
                  'flex h-full w-full items-center gap-2 px-2 text-left text-sm focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 sm:px-3',
                  selected ? 'bg-indigo-50' : 'hover:bg-zinc-50',
                )}
              >
                <Badge tone={TONE[file.status]} className="w-16 justify-center">
                  {file.status}
                </Badge>
                {file.nodeIndex !== null && <span className="shrink-0 text-xs text-zinc-500 tabular-nums">#{file.nodeIndex}</span>}
                <span className="min-w-0 flex-1 truncate font-mono text-xs text-zinc-900" title={file.path}>
                  {file.path}
                </span>
                <span className="hidden w-20 shrink-0 text-right text-xs text-zinc-500 tabular-nums sm:inline" title={file.baseSize === null ? undefined : formatByteCount(file.baseSize)}>
                  {file.baseSize === null ? '—' : formatBytes(file.baseSize)}
                </span>
                <span className="w-20 shrink-0 text-right text-xs text-zinc-700 tabular-nums" title={file.size === null ? undefined : formatByteCount(file.size)}>
                  {file.size === null ? '—' : formatBytes(file.size)}
                </span>
                <span
                  data-testid="size-change"
                  className={classNames('w-20 shrink-0 text-right text-xs tabular-nums', file.delta > 0 ? 'text-red-700' : file.delta < 0 ? 'text-emerald-700' : 'text-zinc-500')}
                >
                  {formatDelta(file.delta)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
