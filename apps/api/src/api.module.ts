import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { Platform } from '@stowage/server-core';
import { ZodValidationPipe } from 'nestjs-zod';
import type { Logger } from 'pino';
import { CircleCiArtifactsController } from './controllers/circleci-artifacts.controller';
import { CliDownloadsController } from './controllers/cli-downloads.controller';
import { DownloadsController } from './controllers/downloads.controller';
import { HealthController } from './controllers/health.controller';
import { OrganizationsController } from './controllers/organizations.controller';
import { ProjectsController } from './controllers/projects.controller';
import { SessionController } from './controllers/session.controller';
import { ShareLinksController } from './controllers/share-links.controller';
import { UploadsController } from './controllers/uploads.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { AuthenticationGuard } from './http/authentication.guard';
import { PLATFORM } from './platform.provider';

@Module({})
export class ApiModule {
  /** The platform is built outside Nest so tests can hand in their own database, storage and clock. */
  static register(platform: Platform, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      controllers: [
        HealthController,
        SessionController,
        OrganizationsController,
        ProjectsController,
        UploadsController,
        CircleCiArtifactsController,
        DownloadsController,
        CliDownloadsController,
        ShareLinksController,
      ],
      providers: [
        { provide: PLATFORM, useValue: platform },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useValue: new ApiExceptionFilter(logger) },
      ],
    };
  }
}
