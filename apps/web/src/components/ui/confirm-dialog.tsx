'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './button';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** Says exactly what happens; it is the dialog's accessible description. */
  body: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  pendingLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation on the native `<dialog>`: focus is trapped and returns to the trigger on
 * close, Escape cancels, and the page behind is inert. Cancel has the focus when it opens, so
 * Enter on a destructive dialog never destroys by accident.
 */
export function ConfirmDialog({ open, title, body, confirmLabel, pending = false, pendingLabel = 'Working…', onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      cancel.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape: let React state decide, and never abandon a request in flight.
        event.preventDefault();
        if (!pending) onCancel();
      }}
      // The browser may still close it (Chrome does after repeated Escape): keep React's state in step.
      onClose={() => open && onCancel()}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-left text-zinc-900 shadow-xl ring-1 ring-zinc-900/10 backdrop:bg-zinc-950/50"
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} className="text-base font-semibold break-words">
            {title}
          </h2>
          <div id={bodyId} className="mt-2 text-sm break-words text-zinc-700 [overflow-wrap:anywhere]">
            {body}
          </div>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <Button ref={cancel} onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
            <Button variant="destructive" onClick={onConfirm} disabled={pending}>
              {pending ? pendingLabel : confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}
