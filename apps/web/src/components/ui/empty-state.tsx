import type { ReactNode } from 'react';

export function EmptyState({ title, children, actions, wide = false }: { title: string; children?: ReactNode; actions?: ReactNode; wide?: boolean }) {
  return (
    <section aria-label={title} className="rounded-lg border border-dashed border-zinc-300 bg-white px-5 py-8 text-center sm:px-8">
      <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
      {children && <div className={`mx-auto mt-2 text-sm text-zinc-600 ${wide ? 'max-w-5xl' : 'max-w-2xl'}`}>{children}</div>}
      {actions && <div className="mt-5 flex flex-wrap justify-center gap-2">{actions}</div>}
    </section>
  );
}
