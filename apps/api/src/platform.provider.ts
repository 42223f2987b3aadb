import type { Platform } from '@stowage/server-core';

export const PLATFORM = Symbol('PLATFORM');
export type ApiPlatform = Platform;
