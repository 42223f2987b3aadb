import type { ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireJob } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { jobView } from './job.view';

export async function getJob(ctx: Pick<ServerContext, 'access'>, principal: Principal, input: { ref: ProjectRef; jobNumber: number }) {
  return jobView((await requireJob(ctx.access, input.ref, input.jobNumber, principal, 'read')).job);
}
