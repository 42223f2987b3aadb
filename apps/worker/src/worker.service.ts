import http from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@stowage/server-config';
import { createTaskHandlers, type Platform } from '@stowage/server-core';
import { TaskRunner } from '@stowage/server-queue';


export const PLATFORM = Symbol('PLATFORM');
export const LOGGER = Symbol('LOGGER');

/**
 * Starts the BullMQ workers once the context is up, and on SIGTERM stops taking tasks and waits for
 * the active ones (a task cut off by a crash instead is retried after its lock expires).
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: TaskRunner;
  private healthServer?: http.Server;

  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.runner = new TaskRunner(createTaskHandlers(platform), logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.platform.tasks.ping();
    this.runner.start(this.platform.redis, this.platform.config.env.QUEUE_PREFIX);
    await this.runner.waitUntilReady();
    await this.platform.tasks.registerSchedules();
    // Work completed while no worker ran (or while Redis was away) is picked up at once.
    await this.platform.tasks.enqueue('requeue-pending-uploads', {});
    const port = this.platform.config.env.WORKER_HEALTH_PORT;
    if (port) this.healthServer = this.startHealthServer(port);
    this.logger.info({ queuePrefix: this.platform.config.env.QUEUE_PREFIX, healthPort: port ?? null }, 'worker ready');
  }

  private startHealthServer(port: number): http.Server {
    const server = http.createServer(async (request, response) => {
      const ready = this.runner.isRunning() && (await this.platform.tasks.ping().then(() => true, () => false));
      response.writeHead(request.url === '/health/live' || ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: request.url === '/health/live' || ready ? 'ok' : 'error' }));
    });
    server.listen(port, '127.0.0.1');
    return server;
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'worker stopping: finishing active tasks');
    this.healthServer?.close();
    await this.runner.close();
    await this.platform.close();
    this.logger.info({}, 'worker stopped');
  }
}
