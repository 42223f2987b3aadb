import { Module, type DynamicModule } from '@nestjs/common';
import { buildAppConfig, createLogger, type Env } from '@stowage/server-config';
import { createPlatform } from '@stowage/server-core';
import { LOGGER, PLATFORM, WorkerService } from './worker.service';

@Module({})
export class WorkerModule {
  static register(env: Env): DynamicModule {
    const logger = createLogger(env, 'stowage-worker');
    return {
      module: WorkerModule,
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: PLATFORM, useFactory: () => createPlatform(buildAppConfig(env), logger) },
        WorkerService,
      ],
    };
  }
}
