export * from './database';
export * from './prepared-query';
export * from './prisma-client';
export * from './sql';
export * from './migrator';
export { Prisma } from '@prisma/client';
export type * from '@prisma/client';
export * from './reserved-organization-slugs';
export * from './repositories/access.repository';
