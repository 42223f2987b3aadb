import type { ApiHarness } from './api-harness';

/** Sum of a project's EGRESS usage records, waited for up to 5 s until it reaches `expectAtLeast` (it is written after the response ends). */
export async function egressOf(api: ApiHarness, projectId: string, expectAtLeast = 0): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { _sum } = await api.platform.db.usageRecord.aggregate({ where: { projectId, kind: 'EGRESS' }, _sum: { bytes: true } });
    const total = Number(_sum.bytes ?? 0);
    if (total >= expectAtLeast || Date.now() > deadline) return total;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
