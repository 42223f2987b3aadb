import { TaskDefinitions, TaskName } from '@stowage/contracts';
import { TaskRunner, type TaskHandlers } from './task-runner';

const ARTIFACT = '6f1c2a34-8a9e-4c1b-9d7e-0a1b2c3d4e5f';

function recordingHandlers() {
  const calls: Array<{ name: string; payload: unknown; context: unknown }> = [];
  const handlers = Object.fromEntries(
    Object.values(TaskName).map((name) => [
      name,
      async (payload: unknown, context: unknown) => {
        calls.push({ name, payload, context });
        return `result of ${name}`;
      },
    ]),
  ) as unknown as TaskHandlers;
  return { handlers, calls };
}

function recordingLogger() {
  const lines: Array<{ level: string; object: object; message: string }> = [];
  return {
    lines,
    info: (object: object, message: string) => lines.push({ level: 'info', object, message }),
    error: (object: object, message: string) => lines.push({ level: 'error', object, message }),
  };
}

const task = (name: string, data: unknown, attemptsMade = 0, id = 'task-1') => ({ name, data, attemptsMade, id });

describe('TaskRunner', () => {
  it('covers every task name in the contracts with the handlers used here', () => {
    expect(Object.values(TaskName).sort()).toEqual(Object.keys(TaskDefinitions).sort());
  });

  it('refuses to start without a handler for a task, naming it', () => {
    const { handlers } = recordingHandlers();
    const incomplete = { ...handlers } as Partial<TaskHandlers>;
    delete incomplete['index-core-dump'];
    expect(() => new TaskRunner(incomplete as TaskHandlers, recordingLogger())).toThrow('no handler for task(s): index-core-dump');
  });

  it('names every missing handler, and treats a non-function as missing', () => {
    const { handlers } = recordingHandlers();
    const broken = { ...handlers, 'finalize-uploads': undefined, 'expire-artifacts': 'not a function' } as unknown as TaskHandlers;
    expect(() => new TaskRunner(broken, recordingLogger())).toThrow('no handler for task(s): finalize-uploads, expire-artifacts');
  });

  it('dispatches a task to the handler of its name with the validated payload and the 1-based attempt', async () => {
    const { handlers, calls } = recordingHandlers();
    const runner = new TaskRunner(handlers, recordingLogger());
    await expect(runner.run(task('index-core-dump', { artifactId: ARTIFACT }, 2, 'core-x'))).resolves.toBe('result of index-core-dump');
    expect(calls).toEqual([{ name: 'index-core-dump', payload: { artifactId: ARTIFACT }, context: { attempt: 3, taskId: 'core-x' } }]);
  });

  it('passes the handler only the fields the payload schema knows', async () => {
    const { handlers, calls } = recordingHandlers();
    const runner = new TaskRunner(handlers, recordingLogger());
    await runner.run(task('finalize-uploads', { artifactIds: [ARTIFACT], injected: 'x' }));
    expect(calls[0].payload).toEqual({ artifactIds: [ARTIFACT] });
  });

  it.each([
    ['finalize-uploads', { artifactIds: ['not-a-uuid'] }],
    ['finalize-uploads', { artifactIds: [] }],
    ['finalize-uploads', { artifactIds: Array.from({ length: 501 }, () => ARTIFACT) }],
    ['finalize-uploads', {}],
    ['finalize-uploads', null],
    ['expire-artifacts', { unexpected: true }],
  ])('rejects %s with payload %j without calling any handler', async (name, data) => {
    const { handlers, calls } = recordingHandlers();
    const runner = new TaskRunner(handlers, recordingLogger());
    await expect(runner.run(task(name, data))).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('rejects a task name the contracts do not define', async () => {
    const { handlers, calls } = recordingHandlers();
    const runner = new TaskRunner(handlers, recordingLogger());
    await expect(runner.run(task('mine-bitcoin', {}))).rejects.toThrow('unknown task mine-bitcoin');
    await expect(runner.run(task('toString', {}))).rejects.toThrow('unknown task toString');
    expect(calls).toEqual([]);
  });

  it('propagates a handler’s failure so the queue retries the task', async () => {
    const { handlers } = recordingHandlers();
    const failure = new Error('storage unreachable');
    const runner = new TaskRunner({ ...handlers, 'expire-artifacts': async () => Promise.reject(failure) }, recordingLogger());
    await expect(runner.run(task('expire-artifacts', {}))).rejects.toBe(failure);
  });

  it('logs each finished task with its name and id', async () => {
    const { handlers } = recordingHandlers();
    const logger = recordingLogger();
    const runner = new TaskRunner(handlers, logger);
    await runner.run(task('snapshot-storage-usage', {}, 0, 'snap-1'));
    expect(logger.lines).toEqual([{ level: 'info', object: expect.objectContaining({ task: 'snapshot-storage-usage', taskId: 'snap-1' }), message: 'task done' }]);
  });
});
