import fs from 'node:fs';

/**
 * CPU time read from /proc (Linux), in milliseconds: what each party spent while a benchmark ran,
 * so a number can be told apart from what else the shared machine was doing at the time.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

function statFields(pid: number | string): string[] {
  // The command name is in parentheses and may contain spaces: the fields start after its ')'.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU of one process (all its threads). */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** User + system CPU of every PostgreSQL server process (the postmaster and its backends). */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      total += processCpuMs(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** Busy CPU of the whole machine, all cores together (everything but idle and iowait). */
export function machineBusyCpuMs(): number {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

/** User + system CPU of this process's children that were waited for (a CLI run by timeCommand, say). */
export function waitedChildrenCpuMs(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}
