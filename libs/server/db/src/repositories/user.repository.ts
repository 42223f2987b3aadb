import crypto from 'node:crypto';
import type { User } from '@stowage/domain';
import type { Selectable } from 'kysely';
import type { Database } from '../database';
import type { User as UserRow } from '../generated/database';

/** Users: who signs in and who owns tokens. Emails are stored as given; callers look them up lower-cased. */
export interface UserRepository {
  /** Null when the email is taken. */
  create(input: { email: string; name: string; passwordHash: string | null }): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  /** Every user, by email. */
  list(): Promise<User[]>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
}

function userOf(row: Selectable<UserRow>): User {
  return { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: row.created_at as Date };
}

export class PgUserRepository implements UserRepository {
  constructor(private readonly database: Database) {}

  async create(input: { email: string; name: string; passwordHash: string | null }): Promise<User | null> {
    const row = await this.database.db
      .insertInto('users')
      .values({ id: crypto.randomUUID(), email: input.email, name: input.name, password_hash: input.passwordHash })
      .onConflict((oc) => oc.column('email').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? userOf(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? userOf(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? userOf(row) : null;
  }

  async list(): Promise<User[]> {
    return (await this.database.db.selectFrom('users').selectAll().orderBy('email').execute()).map(userOf);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.database.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }
}
