'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { breadcrumbTrail } from './breadcrumb-trail';

export function Breadcrumbs() {
  const trail = breadcrumbTrail(usePathname());
  if (trail.length === 0) return null;
  return (
    <nav aria-label="Breadcrumb" className="border-b border-zinc-200 bg-white">
      <ol className="mx-auto flex h-9 max-w-7xl items-center gap-1.5 overflow-x-auto px-4 text-sm whitespace-nowrap sm:px-6">
        {trail.map((crumb, index) => {
          const current = index === trail.length - 1;
          return (
            <li key={crumb.href} className="flex items-center gap-1.5">
              {index > 0 && (
                <span aria-hidden="true" className="text-zinc-400">
                  /
                </span>
              )}
              <Link
                href={crumb.href}
                aria-current={current ? 'page' : undefined}
                className={current ? 'font-medium text-zinc-900' : 'text-zinc-600 hover:text-zinc-900 hover:underline'}
              >
                {crumb.label}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
