import crypto from 'node:crypto';

/**
 * API tokens, session ids and share links are 256-bit random secrets. Only their SHA-256 is stored: the secret
 * is unguessable, so a slow password hash would add nothing but cost on every request.
 */
export function generateSecret(prefix: 'stw' | 'sess' | 'shr'): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What listings show so a token can be recognised without revealing it. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, 12);
}
