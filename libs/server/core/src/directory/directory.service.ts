import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { DEFAULT_RETENTION_DAYS, OrganizationSlugSchema, type Role, type VcsType } from '@stowage/contracts';
import { conflict, invalidInput, notFound, type Clock } from '@stowage/domain';
import { Prisma, type Db, type Organization, type Project, type User } from '@stowage/server-db';
import { generateSecret, hashSecret, secretPrefix } from '../access/secret';

const VCS_TO_DB = { github: 'GITHUB', bitbucket: 'BITBUCKET', circleci: 'CIRCLECI' } as const;
const ROLE_TO_DB = { admin: 'ADMIN', member: 'MEMBER' } as const;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Organizations, users, memberships, projects and tokens: the records the admin command and the API
 * both manage. Authorization happens before these calls (AccessService); these enforce invariants.
 */
export class DirectoryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Every way an organization comes to exist passes here, so no new slug can shadow a route of the web app. */
  async createOrganization(input: { slug: string; name: string; retentionDays?: number }): Promise<Organization> {
    const slug = OrganizationSlugSchema.safeParse(input.slug);
    if (!slug.success) throw invalidInput(`organization slug: ${slug.error.issues[0].message}`);
    try {
      return await this.db.organization.create({
        data: { slug: input.slug, name: input.name, artifactRetentionDays: input.retentionDays ?? DEFAULT_RETENTION_DAYS },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`organization ${input.slug} already exists`);
      throw error;
    }
  }

  listOrganizations(): Promise<Organization[]> {
    return this.db.organization.findMany({ orderBy: { slug: 'asc' } });
  }

  async findOrganization(slug: string): Promise<Organization> {
    const organization = await this.db.organization.findUnique({ where: { slug } });
    if (!organization) throw notFound(`organization ${slug}`);
    return organization;
  }

  /** Passwords are hashed with Argon2id (memory-hard), unlike tokens, because people choose them. */
  async createUser(input: { email: string; name: string; password?: string }): Promise<User> {
    if (input.password !== undefined && input.password.length < 8) throw invalidInput('password must have at least 8 characters');
    try {
      return await this.db.user.create({
        data: {
          email: input.email.toLowerCase(),
          name: input.name,
          passwordHash: input.password ? await argon2Hash(input.password) : null,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`user ${input.email} already exists`);
      throw error;
    }
  }

  async setPassword(email: string, password: string): Promise<void> {
    if (password.length < 8) throw invalidInput('password must have at least 8 characters');
    const user = await this.findUser(email);
    await this.db.user.update({ where: { id: user.id }, data: { passwordHash: await argon2Hash(password) } });
  }

  listUsers(): Promise<User[]> {
    return this.db.user.findMany({ orderBy: { email: 'asc' } });
  }

  async findUser(email: string): Promise<User> {
    const user = await this.db.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!user) throw notFound(`user ${email}`);
    return user;
  }

  /** Returns the user when the password matches; the same answer for unknown users and wrong passwords. */
  async verifyPassword(email: string, password: string): Promise<User | null> {
    const user = await this.db.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!user?.passwordHash) return null;
    return (await argon2Verify(user.passwordHash, password)) ? user : null;
  }

  async setMembership(organizationId: string, userId: string, role: Role) {
    return this.db.membership.upsert({
      where: { organizationId_userId: { organizationId, userId } },
      create: { organizationId, userId, role: ROLE_TO_DB[role] },
      update: { role: ROLE_TO_DB[role] },
      include: { user: true },
    });
  }

  async removeMembership(organizationId: string, userId: string): Promise<void> {
    const membership = await this.db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } });
    if (!membership) throw notFound('member');
    if (membership.role === 'ADMIN') {
      const admins = await this.db.membership.count({ where: { organizationId, role: 'ADMIN' } });
      if (admins <= 1) throw conflict('an organization keeps at least one admin');
    }
    await this.db.membership.delete({ where: { organizationId_userId: { organizationId, userId } } });
  }

  async updateMembershipRole(organizationId: string, userId: string, role: Role) {
    const membership = await this.db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } });
    if (!membership) throw notFound('member');
    if (membership.role === 'ADMIN' && role !== 'admin') {
      const admins = await this.db.membership.count({ where: { organizationId, role: 'ADMIN' } });
      if (admins <= 1) throw conflict('an organization keeps at least one admin');
    }
    return this.setMembership(organizationId, userId, role);
  }

  listMembers(organizationId: string) {
    return this.db.membership.findMany({ where: { organizationId }, include: { user: true }, orderBy: { user: { email: 'asc' } } });
  }

  async createProject(organizationId: string, input: { vcsType: VcsType; name: string; isPrivate?: boolean }) {
    try {
      return await this.db.project.create({
        data: { organizationId, vcsType: VCS_TO_DB[input.vcsType], name: input.name, isPrivate: input.isPrivate ?? true },
        include: { organization: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`project ${input.name} already exists`);
      throw error;
    }
  }

  async updateProject(projectId: string, input: { name?: string; isPrivate?: boolean }) {
    try {
      return await this.db.project.update({ where: { id: projectId }, data: input, include: { organization: true } });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`project ${input.name} already exists`);
      throw error;
    }
  }

  listProjects(organizationId: string, options: { includePrivate: boolean }) {
    return this.db.project.findMany({
      where: { organizationId, ...(options.includePrivate ? {} : { isPrivate: false }) },
      include: { organization: true },
      orderBy: { name: 'asc' },
    });
  }

  /** Creates a token and returns its secret; only the secret's SHA-256 is kept. */
  async createToken(input: { userId: string; name: string } & ({ kind: 'personal' } | { kind: 'project'; project: Project; scope: 'upload' | 'read' })) {
    const secret = generateSecret('stw');
    const token = await this.db.apiToken.create({
      data: {
        kind: input.kind === 'personal' ? 'PERSONAL' : 'PROJECT',
        scope: input.kind === 'personal' ? 'ALL' : input.scope === 'upload' ? 'UPLOAD' : 'READ',
        name: input.name,
        secretHash: hashSecret(secret),
        prefix: secretPrefix(secret),
        userId: input.userId,
        projectId: input.kind === 'project' ? input.project.id : null,
      },
      include: { project: { include: { organization: true } } },
    });
    return { token, secret };
  }

  listTokens(where: { userId: string; kind: 'personal' } | { projectId: string }) {
    return this.db.apiToken.findMany({
      where: 'projectId' in where ? { projectId: where.projectId, kind: 'PROJECT' } : { userId: where.userId, kind: 'PERSONAL' },
      include: { project: { include: { organization: true } } },
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Revocation takes effect on the next request: tokens are looked up on every call, never cached. */
  async revokeToken(tokenId: string, owner: { userId: string } | { projectId: string }): Promise<void> {
    const { count } = await this.db.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null, ...owner },
      data: { revokedAt: this.clock.now() },
    });
    if (count === 0) {
      const exists = await this.db.apiToken.findFirst({ where: { id: tokenId, ...owner } });
      if (!exists) throw notFound('token');
    }
  }

  async createSession(userId: string, ttlHours: number): Promise<{ secret: string; expiresAt: Date }> {
    const secret = generateSecret('sess');
    const expiresAt = new Date(this.clock.now().getTime() + ttlHours * 3600_000);
    await this.db.session.create({ data: { secretHash: hashSecret(secret), userId, expiresAt } });
    return { secret, expiresAt };
  }

  async deleteSession(secret: string): Promise<void> {
    await this.db.session.deleteMany({ where: { secretHash: hashSecret(secret) } });
  }
}
