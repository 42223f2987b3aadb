import Link from 'next/link';
import type { ReactNode } from 'react';
import { classNames } from './class-names';

export interface TabItem {
  href: string;
  label: ReactNode;
  active: boolean;
  count?: number;
}

/**
 * Tabs that are pages: each tab is a link with its own URL, the current one marked
 * `aria-current="page"` (links, not an ARIA tablist, because they navigate).
 */
export function TabNav({ label, items }: { label: string; items: TabItem[] }) {
  return (
    <nav aria-label={label} className="-mb-px overflow-x-auto">
      <ul className="flex gap-5 border-b border-zinc-200">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={item.active ? 'page' : undefined}
              className={classNames(
                'inline-flex items-center gap-1.5 border-b-2 px-0.5 pt-1 pb-2 text-sm font-medium whitespace-nowrap',
                item.active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900',
              )}
            >
              {item.label}
              {item.count !== undefined && (
                <span className="rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 tabular-nums">{item.count.toLocaleString('en-US')}</span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
