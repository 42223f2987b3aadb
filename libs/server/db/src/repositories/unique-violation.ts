/** PostgreSQL's unique_violation: the one way a repository learns that a name is taken, without a racy look-up first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
