import { Module, type DynamicModule } from '@nestjs/common';
import { buildAppConfig, type Env, type Logger } from '@stowage/server-config';
import { createPlatform } from '@stowage/server-core';
import { LOGGER, PLATFORM, WorkerService } from './worker.service';

@Module({})
export class WorkerModule {
  static register(env: Env, logger: Logger): DynamicModule {
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
