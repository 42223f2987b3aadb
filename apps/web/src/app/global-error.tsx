'use client';

import './globals.css';

// Only when the root layout itself fails; it replaces the whole document.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <main className="mx-auto max-w-lg px-4 py-16 text-center" role="alert">
          <h1 className="text-xl font-semibold">Stowage could not start this page</h1>
          <p className="mt-3 text-zinc-600">Something failed before the page could be drawn. Try again in a moment.</p>
          <button type="button" onClick={() => retry()} className="mt-6 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
