import crypto from 'node:crypto';
import type { User } from '@stowage/domain';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import type { UserRepository } from './user.repository';

/** UserRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryUserRepository implements UserRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  async create(input: { email: string; name: string; passwordHash: string | null }): Promise<User | null> {
    if (this.tables.users.some((u) => u.email === input.email)) return null;
    const user = { id: crypto.randomUUID(), createdAt: this.tables.now(), ...input };
    this.tables.users.push(user);
    return { ...user };
  }

  async findByEmail(email: string): Promise<User | null> {
    const user = this.tables.users.find((u) => u.email === email);
    return user ? { ...user } : null;
  }

  async findById(id: string): Promise<User | null> {
    const user = this.tables.users.find((u) => u.id === id);
    return user ? { ...user } : null;
  }

  async list(): Promise<User[]> {
    return this.tables.users.map((u) => ({ ...u })).sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    const user = this.tables.users.find((u) => u.id === userId);
    if (user) user.passwordHash = passwordHash;
  }
}
