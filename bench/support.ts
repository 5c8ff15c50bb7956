/** What the benches share: a row of docs/benchmarks.md and the timers behind its figures. */

/** One row of a bench's table in docs/benchmarks.md. */
export interface Row {
  db: string;
  what: string;
  value: string;
  baseline: string;
  ratio: string;
}

/** The work's result and how long it took, ms. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

/** Mean time of the work in-process after a few warm-up runs (a baseline measured in the same run), ms. */
export async function bare(work: () => Promise<unknown>, iterations = 30): Promise<number> {
  for (let i = 0; i < 3; i++) await work();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await work();
  return (performance.now() - t0) / iterations;
}
