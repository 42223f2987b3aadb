'use client';

import { useState, useTransition } from 'react';
import { Button } from '../../components/ui/button';
import { revokePersonalToken } from './token.actions';

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const revoke = () => {
    if (!window.confirm(`Revoke “${name}”? Scripts using it stop working at once.`)) return;
    startTransition(async () => setError((await revokePersonalToken(tokenId)).error));
  };
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button variant="danger" size="sm" onClick={revoke} disabled={pending} aria-label={`Revoke token ${name}`}>
        {pending ? 'Revoking…' : 'Revoke'}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
