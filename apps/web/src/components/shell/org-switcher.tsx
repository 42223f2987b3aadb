'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef } from 'react';

export interface OrgChoice {
  slug: string;
  name: string;
  /** The organization's settings pages the viewer may open, in menu order (none for a visitor). */
  settings: Array<{ label: string; href: string }>;
}

const itemStyles = 'flex items-center justify-between gap-2 px-3 py-1.5 hover:bg-zinc-100 focus-visible:bg-zinc-100 aria-[current=page]:font-semibold';

/**
 * A disclosure menu of the viewer's organizations, with the settings pages of the current one;
 * works without JavaScript (`<details>`), closes with Escape and on a click elsewhere.
 */
export function OrgSwitcher({ organizations }: { organizations: OrgChoice[] }) {
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  const settingsHeadingId = useId();
  const orgsHeadingId = useId();
  const currentSlug = pathname.split('/')[1];
  const current = organizations.find((org) => org.slug === currentSlug);
  const settings = current?.settings ?? [];
  const close = () => menu.current?.removeAttribute('open');

  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) menu.current.removeAttribute('open');
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, []);

  return (
    <details
      ref={menu}
      className="relative min-w-0"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menu.current?.open) return;
        close();
        summary.current?.focus();
      }}
    >
      <summary
        ref={summary}
        className="flex h-8 max-w-[11rem] list-none items-center gap-1 rounded-md px-2 text-sm text-zinc-200 hover:bg-zinc-800 sm:max-w-xs [&::-webkit-details-marker]:hidden"
      >
        <span className="sr-only">Organization menu, current: </span>
        <span className="truncate">{current ? current.name : 'Organizations'}</span>
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0 fill-current">
          <path d="M4 6l4 4 4-4z" />
        </svg>
      </summary>
      <div className="absolute left-0 z-30 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-zinc-200 bg-white py-1 text-sm text-zinc-800 shadow-lg">
        {current && settings.length > 0 && (
          <div className="border-b border-zinc-200 pb-1">
            <p id={settingsHeadingId} className="truncate px-3 py-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">
              {current.name} settings
            </p>
            <ul aria-labelledby={settingsHeadingId}>
              {settings.map((link) => (
                <li key={link.href}>
                  <Link href={link.href} onClick={close} aria-current={pathname === link.href ? 'page' : undefined} className={itemStyles}>
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
        <p id={orgsHeadingId} className="px-3 py-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">
          Organizations
        </p>
        <ul aria-labelledby={orgsHeadingId}>
          {organizations.map((org) => (
            <li key={org.slug}>
              <Link href={`/${org.slug}`} onClick={close} aria-current={org.slug === currentSlug ? 'page' : undefined} className={itemStyles}>
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
