import http from 'node:http';

/**
 * Open-loop load: requests leave on a fixed schedule whatever the server does, and latency is
 * measured from the scheduled time, so a slow server cannot hide queueing (coordinated omission).
 */
export async function openLoop(options: { url: string; headers: Record<string, string>; rate: number; seconds: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  // Requests scheduled after the first second: how the server does once the load has started.
  const steady: number[] = [];
  let firstSecondMax = 0;
  let errors = 0;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const request = http.get(options.url, { agent, headers: options.headers }, (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== 200) errors++;
            const latency = performance.now() - scheduled;
            latencies.push(latency);
            if (scheduled - start >= 1000) steady.push(latency);
            else firstSecondMax = Math.max(firstSecondMax, latency);
            resolve();
          });
        });
        request.on('error', () => {
          errors++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  steady.sort((a, b) => a - b);
  const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    sent: total,
    errors,
    p50: at(latencies, 0.5),
    p99: at(latencies, 0.99),
    max: latencies[latencies.length - 1],
    p99AfterFirstSecond: at(steady, 0.99),
    firstSecondMax,
    achievedRate: total / ((performance.now() - start) / 1000),
  };
}
