/**
 * A small deterministic PRNG (mulberry32) and the draws the generators make with it: the same
 * seed gives the same data, run after run, on every machine (no Math.random anywhere in a seed).
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Draw {
  rand: Random;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One of the keys, with the given weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
}

export function draw(seed: number): Draw {
  const rand = mulberry32(seed);
  return {
    rand,
    int: (min, max) => min + Math.floor(rand() * (max - min + 1)),
    between: (min, max) => min + rand() * (max - min),
    pick: (list) => list[Math.floor(rand() * list.length)]!,
    chance: (p) => rand() < p,
    weighted(entries) {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let x = rand() * total;
      for (const [value, w] of entries) {
        x -= w;
        if (x < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
  };
}
