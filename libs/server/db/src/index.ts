export * from './prisma-client';
export * from './migrator';
export { Prisma } from '@prisma/client';
export type * from '@prisma/client';
