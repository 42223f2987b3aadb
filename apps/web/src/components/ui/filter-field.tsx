'use client';

import { useId } from 'react';

/** The filter box of long lists (artifacts, compared files): a search field with a magnifier, its label read aloud only. */
export function FilterField({ label, value, onChange, placeholder = 'Filter by name or path' }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  const id = useId();
  return (
    <div className="relative w-full sm:w-72">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400">
        <path fill="currentColor" d="M7 2a5 5 0 0 1 3.96 8.05l3 3-1.06 1.06-3-3A5 5 0 1 1 7 2Zm0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7Z" />
      </svg>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        className="block h-9 w-full rounded-md border-0 bg-white pr-3 pl-8 text-sm shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600"
      />
    </div>
  );
}
