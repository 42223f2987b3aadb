import crypto from 'node:crypto';

/** A suffix that keeps one contract test's records apart from every other's in a shared database. */
export const uniqueSuffix = () => crypto.randomBytes(4).toString('hex');
