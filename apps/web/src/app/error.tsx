'use client';

import { Button } from '../components/ui/button';

// Server errors reach the browser without their message (Next keeps it in the server log,
// matched by digest), so this page says what usually went wrong rather than what did.
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error ? String((error as Error & { digest?: string }).digest ?? '') : '';
  return (
    <div className="mx-auto max-w-lg py-12 text-center" role="alert">
      <h1 className="text-xl font-semibold tracking-tight">This page could not be loaded</h1>
      <p className="mt-3 text-zinc-600">The Stowage API may be unavailable or answered with an error. Try again in a moment.</p>
      {digest && <p className="mt-2 font-mono text-xs text-zinc-500">Reference: {digest}</p>}
      <div className="mt-6">
        <Button variant="primary" onClick={() => retry()}>
          Try again
        </Button>
      </div>
    </div>
  );
}
