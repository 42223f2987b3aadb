'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

export interface OrgChoice {
  slug: string;
  name: string;
}

/** A disclosure menu of the viewer's organizations; works without JavaScript (`<details>`). */
export function OrgSwitcher({ organizations }: { organizations: OrgChoice[] }) {
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  const currentSlug = pathname.split('/')[1];
  const current = organizations.find((org) => org.slug === currentSlug);
  const close = () => menu.current?.removeAttribute('open');

  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) menu.current.removeAttribute('open');
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, []);

  return (
    <details ref={menu} className="relative" onKeyDown={(event) => event.key === 'Escape' && close()}>
      <summary className="flex h-8 max-w-[11rem] list-none items-center gap-1 rounded-md px-2 text-sm text-zinc-200 hover:bg-zinc-800 sm:max-w-xs [&::-webkit-details-marker]:hidden">
        <span className="sr-only">Switch organization, current: </span>
        <span className="truncate">{current ? current.name : 'Organizations'}</span>
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0 fill-current">
          <path d="M4 6l4 4 4-4z" />
        </svg>
      </summary>
      <div className="absolute left-0 z-30 mt-1 w-64 rounded-md border border-zinc-200 bg-white py-1 text-sm text-zinc-800 shadow-lg">
        <p className="px-3 py-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">Organizations</p>
        <ul>
          {organizations.map((org) => (
            <li key={org.slug}>
              <Link
                href={`/${org.slug}`}
                onClick={close}
                aria-current={org.slug === currentSlug ? 'page' : undefined}
                className="flex items-center justify-between gap-2 px-3 py-1.5 hover:bg-zinc-100 aria-[current=page]:font-semibold"
              >
                <span className="truncate">{org.name}</span>
                <span className="shrink-0 font-mono text-xs text-zinc-500">{org.slug}</span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
