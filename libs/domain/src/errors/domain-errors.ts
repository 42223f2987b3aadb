/**
 * Errors the domain raises; the API maps each kind to one HTTP status and a JSON body, so every
 * endpoint answers the same way for the same problem.
 */
export type DomainErrorKind =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'range_not_satisfiable'
  /** The database holds the artifact but the store lost its bytes (stowage-admin verify finds and marks these). */
  | 'bytes_missing';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidInput = (message: string, details?: Array<{ path: string; message: string }>) =>
  new DomainError('invalid_input', message, details);
export const unauthorized = (message = 'authentication required: send a Circle-Token header') => new DomainError('unauthorized', message);
export const forbidden = (message = 'not allowed') => new DomainError('forbidden', message);
export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const payloadTooLarge = (message: string) => new DomainError('payload_too_large', message);
export const bytesMissing = (message: string) => new DomainError('bytes_missing', message);
