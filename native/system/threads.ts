import { availableParallelism } from 'node:os';

/**
 * Threads to give llama.cpp by default. Oversubscribing is catastrophic on
 * small machines (on 2 cores, 4 threads ran 80x slower than 1), so never use
 * more threads than cores, and leave one core for the UI and the OS on
 * machines with few cores.
 */
export function defaultThreadCount(mathCores: number, logicalCores = availableParallelism()): number {
  const reserve = logicalCores <= 4 ? 1 : 0;
  return Math.max(1, Math.min(mathCores, logicalCores - reserve));
}
