// The demo's only source of randomness (a seeded PRNG, identical on every platform) and its calendar:
// no generated date is before DEMO_START or after DEMO_AS_OF, and none depends on the clock.

/** The simulated "today" of the demo: no generated date is later. */
export const DEMO_AS_OF = "2026-10-31";
/** Start of the survey campaign (实施方案, 2023); no generated date is earlier. */
export const DEMO_START = "2023-06-01";


/** mulberry32: a tiny 32-bit PRNG; good enough for demo data, identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const live = items.filter(([, w]) => w > 0);
    if (live.length === 0) throw new Error("weighted pick with no positive weight");
    const total = live.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of live) {
      x -= w;
      if (x < 0) return item;
    }
    return live[live.length - 1]![0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

export const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayOf = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const pad = (n: number): string => String(n).padStart(2, "0");

export const START_DAY = dayOf(DEMO_START);
export const AS_OF_DAY = dayOf(DEMO_AS_OF);
export const clampDay = (d: number): number => Math.max(START_DAY, Math.min(AS_OF_DAY, d));

/** A working-hours timestamp (China Standard Time) on `day`, at or after `notBefore` minutes past midnight. */
export function stamp(rng: Rng, day: number, notBefore = 8 * 60 + 30): { iso: string; minute: number } {
  const minute = Math.min(17 * 60 + 30, notBefore + rng.int(0, Math.max(0, 17 * 60 + 30 - notBefore)));
  const second = rng.int(0, 59);
  return { iso: `${dateOf(day)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(second)}+08:00`, minute };
}
