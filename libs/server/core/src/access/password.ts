import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { invalidInput } from '@stowage/domain';

const MIN_PASSWORD_LENGTH = 8;

/** Passwords are hashed with Argon2id (memory-hard), unlike tokens, because people choose them. */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalidInput(`password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return argon2Hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return argon2Verify(passwordHash, password);
}
