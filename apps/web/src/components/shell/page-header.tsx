import type { ReactNode } from 'react';

/** The top of every page: one `<h1>`, an optional line under it, actions to the right. */
export function PageHeader({ title, eyebrow, description, actions, children }: { title: ReactNode; eyebrow?: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        {eyebrow && <p className="mb-0.5 text-xs font-medium tracking-wide text-zinc-500 uppercase">{eyebrow}</p>}
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {description && <div className="mt-1 text-sm text-zinc-600">{description}</div>}
        {children}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
