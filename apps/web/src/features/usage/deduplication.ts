import type { Usage } from '@stowage/contracts';

export interface DeduplicationRow {
  project: string;
  logicalBytes: number;
  physicalBytes: number;
  savedBytes: number;
  /** Saved bytes as a whole percentage of the logical ones (0 when nothing is stored). */
  savedPercent: number;
}

const percentOf = (saved: number, logical: number) => (logical > 0 ? Math.round((saved / logical) * 100) : 0);

/**
 * Usage Controls' storage table: per project what its artifacts add up to (logical), the unique
 * bytes stored for them (physical, each blob once: what storage costs) and what deduplication
 * saved, most physical bytes first, with the organization's totals.
 */
export function deduplicationTable(storage: Usage['storage']): { rows: DeduplicationRow[]; total: DeduplicationRow } {
  const rows = storage.byProject
    .map((entry) => ({
      project: entry.project,
      logicalBytes: entry.logicalBytes,
      physicalBytes: entry.physicalBytes,
      savedBytes: entry.savedBytes,
      savedPercent: percentOf(entry.savedBytes, entry.logicalBytes),
    }))
    .sort((a, b) => b.physicalBytes - a.physicalBytes || b.logicalBytes - a.logicalBytes || (a.project < b.project ? -1 : a.project > b.project ? 1 : 0));
  return {
    rows,
    total: {
      project: 'Total',
      logicalBytes: storage.logicalBytes,
      physicalBytes: storage.physicalBytes,
      savedBytes: storage.savedBytes,
      savedPercent: percentOf(storage.savedBytes, storage.logicalBytes),
    },
  };
}
