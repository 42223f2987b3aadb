/** What the pairing needs of an artifact: where it is, whether it can be read, and its digest. */
export interface PairableCopy {
  nodeIndex: number;
  path: string;
  state: string;
  sha256: string | null;
}

/**
 * The two versions the panel shows for one compared file. Matched by container, that container's
 * copy on each side. Matched by path alone, a path may be in several containers, and the API calls
 * it changed when the multiset of its copies' digests differs: show copies that account for the
 * change (a digest only one side has), from the same container where possible, not simply the
 * first copy of each, which may be two identical files.
 */
export function pickComparedPair<T extends PairableCopy>(
  baseArtifacts: readonly T[],
  headArtifacts: readonly T[],
  path: string,
  nodeIndex: number | null,
): { base: T | null; head: T | null } {
  const copies = (artifacts: readonly T[]) =>
    artifacts.filter((a) => a.path === path && a.state === 'available' && (nodeIndex === null || a.nodeIndex === nodeIndex)).sort((a, b) => a.nodeIndex - b.nodeIndex);
  const base = copies(baseArtifacts);
  const head = copies(headArtifacts);
  if (nodeIndex !== null || base.length === 0 || head.length === 0) return { base: base[0] ?? null, head: head[0] ?? null };

  const baseDigests = new Set(base.map((a) => a.sha256));
  const headDigests = new Set(head.map((a) => a.sha256));
  const headOnly = head.filter((a) => !baseDigests.has(a.sha256));
  const baseOnly = base.filter((a) => !headDigests.has(a.sha256));
  const sameContainer = (copy: T, among: readonly T[]) => among.find((a) => a.nodeIndex === copy.nodeIndex);
  for (const copy of headOnly) {
    const partner = sameContainer(copy, baseOnly);
    if (partner) return { base: partner, head: copy };
  }
  if (headOnly[0]) return { base: baseOnly[0] ?? sameContainer(headOnly[0], base) ?? base[0], head: headOnly[0] };
  if (baseOnly[0]) return { base: baseOnly[0], head: sameContainer(baseOnly[0], head) ?? head[0] };
  return { base: base[0], head: head[0] };
}
