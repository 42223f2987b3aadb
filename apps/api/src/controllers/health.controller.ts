import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { routes } from '@stowage/contracts';
import type { Response } from 'express';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

/** A dependency that does not answer in time is down (an unreachable Redis queues the ping forever). */
const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<{ status: 'ok' | 'error'; message?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'error', message: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Get(routes.liveness.path)
  @HttpCode(200)
  liveness() {
    return { status: 'ok', checks: {} };
  }

  /** Ready when PostgreSQL, Redis and the storage driver all answer. */
  @Get(routes.readiness.path)
  async readiness(@Res({ passthrough: true }) response: Response) {
    const [database, redis, storage] = await Promise.all([
      check(this.platform.health.database),
      check(this.platform.health.redis),
      check(this.platform.health.storage),
    ]);
    const checks = { database, redis, storage };
    const ok = Object.values(checks).every((c) => c.status === 'ok');
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', checks };
  }
}
