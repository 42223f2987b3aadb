import type { ReactNode } from 'react';
import { classNames } from './class-names';

export type BadgeTone = 'neutral' | 'green' | 'red' | 'amber' | 'blue' | 'violet';

const TONES: Record<BadgeTone, string> = {
  neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-300',
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-600/30',
  red: 'bg-red-50 text-red-800 ring-red-600/30',
  amber: 'bg-amber-50 text-amber-900 ring-amber-600/30',
  blue: 'bg-sky-50 text-sky-800 ring-sky-600/30',
  violet: 'bg-violet-50 text-violet-800 ring-violet-600/30',
};

export function Badge({ tone = 'neutral', title, className, children }: { tone?: BadgeTone; title?: string; className?: string; children: ReactNode }) {
  return (
    <span
      title={title}
      className={classNames(
        'inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs leading-4 font-medium whitespace-nowrap ring-1 ring-inset',
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
