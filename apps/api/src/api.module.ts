import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { loggerOptions } from '@stowage/server-config';
import type { Platform } from '@stowage/server-core';
import crypto from 'node:crypto';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import { CircleCiArtifactsController } from './controllers/circleci-artifacts.controller';
import { DownloadsController } from './controllers/downloads.controller';
import { HealthController } from './controllers/health.controller';
import { OrganizationsController } from './controllers/organizations.controller';
import { ProjectsController } from './controllers/projects.controller';
import { SessionController } from './controllers/session.controller';
import { UploadsController } from './controllers/uploads.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { AuthenticationGuard } from './http/authentication.guard';
import { PLATFORM } from './platform.provider';

@Module({})
export class ApiModule {
  /** The platform is built outside Nest so tests can hand in their own database, storage and clock. */
  static register(platform: Platform): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            ...loggerOptions(platform.config.env, 'stowage-api'),
            // A caller's request id is kept (so logs line up across services); otherwise one is made.
            genReqId: (request, response) => {
              const given = request.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
              response.setHeader('x-request-id', id);
              return id;
            },
            autoLogging: { ignore: (request) => request.url?.startsWith('/health/') ?? false },
            quietReqLogger: true,
          },
        }),
      ],
      controllers: [
        HealthController,
        SessionController,
        OrganizationsController,
        ProjectsController,
        UploadsController,
        CircleCiArtifactsController,
        DownloadsController,
      ],
      providers: [
        { provide: PLATFORM, useValue: platform },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useFactory: (logger: PinoLogger) => new ApiExceptionFilter(logger.logger), inject: [PinoLogger] },
      ],
    };
  }
}
