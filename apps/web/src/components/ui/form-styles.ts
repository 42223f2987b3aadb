/** Text inputs and selects of the kit's forms, one look everywhere. */
export const inputStyles =
  'block h-9 w-full rounded-md border-0 bg-white px-3 text-sm shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600 disabled:bg-zinc-100 disabled:text-zinc-600 aria-[invalid=true]:ring-red-400';
export const selectStyles = `${inputStyles} pr-8`;
export const labelStyles = 'block text-sm font-medium text-zinc-800';
