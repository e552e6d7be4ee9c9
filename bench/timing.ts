import { performance } from 'node:perf_hooks';

/** What a timed piece of work took: wall-clock seconds, and the CPU seconds of the main thread. */
export interface Timing<T> {
  result: T;
  seconds: number;
  /** Main-thread CPU: on a machine shared with other work, closer than wall time to what a quiet machine shows. */
  cpuSeconds: number;
}

/** Runs `work` and measures it both ways. */
export async function timed<T>(work: () => Promise<T>): Promise<Timing<T>> {
  const cpu = process.threadCpuUsage();
  const start = performance.now();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.threadCpuUsage(cpu);
  return { result, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}
