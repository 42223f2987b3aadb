'use client';

import { unstable_rethrow } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { Button, type ButtonSize, type ButtonVariant } from './button';
import { classNames } from './class-names';
import { ConfirmDialog } from './confirm-dialog';

export type ActionOutcome = { ok: true } | { ok: false; message: string };

export interface ActionConfirmation {
  title: string;
  body: ReactNode;
  confirmLabel: string;
}

export interface ActionButtonProps {
  children: ReactNode;
  /** Runs the change (a Server Action); a failure is shown next to the button. */
  action: () => Promise<ActionOutcome>;
  /** Asked first when set; null or undefined runs the action at once. */
  confirmation?: ActionConfirmation | null;
  pendingLabel?: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** The button's accessible name when its text alone is ambiguous ("Remove" → "Remove Ada"). */
  label?: string;
  align?: 'start' | 'end';
  className?: string;
  testId?: string;
}

/** A button for one change on the server, confirmed first when it cannot be undone. */
export function ActionButton({
  children,
  action,
  confirmation,
  pendingLabel = 'Working…',
  variant = 'secondary',
  size = 'sm',
  label,
  align = 'end',
  className,
  testId,
}: ActionButtonProps) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      let outcome: ActionOutcome;
      try {
        outcome = await action();
      } catch (thrown) {
        unstable_rethrow(thrown); // redirects and other navigation are Next's to handle
        outcome = { ok: false, message: 'The change could not be sent. Check your connection and try again.' };
      }
      setOpen(false);
      setError(outcome.ok ? null : outcome.message);
    });

  return (
    <span className={classNames('inline-flex max-w-full flex-col gap-1', align === 'end' ? 'items-end text-right' : 'items-start text-left', className)}>
      <Button
        variant={variant}
        size={size}
        aria-label={label}
        disabled={pending}
        data-testid={testId}
        onClick={() => {
          setError(null);
          if (confirmation) setOpen(true);
          else run();
        }}
      >
        {pending && !confirmation ? pendingLabel : children}
      </Button>
      {error && (
        <span role="alert" className="max-w-xs text-xs text-red-700">
          {error}
        </span>
      )}
      {confirmation && (
        <ConfirmDialog
          open={open}
          title={confirmation.title}
          body={confirmation.body}
          confirmLabel={confirmation.confirmLabel}
          pending={pending}
          pendingLabel={pendingLabel}
          onConfirm={run}
          onCancel={() => setOpen(false)}
        />
      )}
    </span>
  );
}
