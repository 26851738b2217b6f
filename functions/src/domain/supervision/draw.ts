// Random inspection draws (双随机、一公开, domain.md §6) and recheck samples (销号后复查): targets drawn from a
// frozen population and inspectors paired from a frozen pool, deterministically from a seed published
// before the draw is run, so that anyone can recompute it (npm run verify-draw). Pure; the algorithm:
//
//   1. The population is the outfall ids, sorted (code-unit order), one per line; its SHA-256 is the
//      population hash. The inspector pool likewise (by inspector key).
//   2. A stream of 32-bit integers: block i of stream `label` is SHA-256("<seed>:<label>:<i>") and gives
//      eight big-endian uint32 values. An integer below n is drawn by rejection: u < floor(2^32/n)*n, u mod n.
//   3. Fisher–Yates (Durstenfeld) on the sorted population with stream "targets": for i = n-1 … 1 swap
//      items i and rand(i+1). The first `count` of the shuffled order are the targets; the rest, in order,
//      are the reserve substitutions take from.
//   4. The same on the sorted pool with stream "inspectors"; target k (0-based) gets the inspectors at
//      positions (k*m + t) mod P of the shuffled pool, t < m (m inspectors per target).
//   5. Substitutions replay in the order recorded: a substituted target takes the next unused reserve
//      outfall; a recused inspector is replaced by the next inspector in shuffled order (cyclically after the
//      recused one) who is neither on that target nor recused from it.
import { createHash } from "node:crypto";

export interface Inspector {
  /** Stable key: the e-mail of a user, or a name for an outside expert. */
  key: string;
  name: string;
  department?: string;
}

export interface DrawInput {
  seed: string;
  /** Outfall ids of the frozen population. */
  population: readonly string[];
  inspectors: readonly Inspector[];
  count: number;
  inspectorsPerTarget: number;
}

export type Substitution =
  | { kind: "target"; targetId: string; reason: string }
  | { kind: "recusal"; targetId: string; inspectorKey: string; reason: string };

export interface Pairing {
  targetId: string;
  inspectors: string[];
}

export interface DrawOutcome {
  populationHash: string;
  inspectorsHash: string;
  /** The shuffled population: targets first, then the reserve. */
  order: string[];
  pairings: Pairing[];
}

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const populationHash = (ids: readonly string[]) => sha256([...ids].sort(byCodeUnits).join("\n"));
export const inspectorsHash = (pool: readonly Inspector[]) => sha256([...pool.map((i) => i.key)].sort(byCodeUnits).join("\n"));

/** Integers below n from the SHA-256 counter-mode stream `label` of `seed`. */
export function stream(seed: string, label: string): (n: number) => number {
  let block = 0;
  let words: number[] = [];
  const next = () => {
    if (!words.length) {
      const digest = createHash("sha256").update(`${seed}:${label}:${block++}`, "utf8").digest();
      words = Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4));
    }
    return words.shift()!;
  };
  return (n: number) => {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`cannot draw below ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const u = next();
      if (u < limit) return u % n;
    }
  };
}

export function shuffle<T>(sorted: readonly T[], rand: (n: number) => number): T[] {
  const out = [...sorted];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The draw as first run (before substitutions). */
export function runDraw(input: DrawInput): DrawOutcome {
  const population = [...input.population].sort(byCodeUnits);
  const pool = [...input.inspectors.map((i) => i.key)].sort(byCodeUnits);
  const order = shuffle(population, stream(input.seed, "targets"));
  const inspectors = shuffle(pool, stream(input.seed, "inspectors"));
  const count = Math.min(input.count, order.length);
  const m = Math.min(input.inspectorsPerTarget, inspectors.length);
  const pairings = order.slice(0, count).map((targetId, k) => ({
    targetId,
    inspectors: Array.from({ length: m }, (_, t) => inspectors[(k * m + t) % inspectors.length]!),
  }));
  return { populationHash: populationHash(population), inspectorsHash: inspectorsHash(input.inspectors), order, pairings };
}

/** The pairings after the recorded substitutions, replayed in order (step 5). */
export function applySubstitutions(outcome: DrawOutcome, input: Pick<DrawInput, "seed" | "inspectors">, subs: readonly Substitution[]): Pairing[] {
  const pairings = outcome.pairings.map((p) => ({ ...p, inspectors: [...p.inspectors] }));
  const inspectors = shuffle([...input.inspectors.map((i) => i.key)].sort(byCodeUnits), stream(input.seed, "inspectors"));
  const everUsed = new Set(pairings.map((p) => p.targetId));
  const recused = new Map<string, Set<string>>();
  for (const s of subs) {
    const pairing = pairings.find((p) => p.targetId === s.targetId);
    if (!pairing) throw new Error(`substitution for ${s.targetId}, which is not a target`);
    if (s.kind === "target") {
      const replacement = outcome.order.find((id) => !everUsed.has(id));
      if (!replacement) throw new Error("reserve exhausted");
      everUsed.add(replacement);
      pairing.targetId = replacement;
      continue;
    }
    const set = recused.get(s.targetId) ?? new Set<string>();
    set.add(s.inspectorKey);
    recused.set(s.targetId, set);
    const at = pairing.inspectors.indexOf(s.inspectorKey);
    const start = inspectors.indexOf(s.inspectorKey);
    const replacement = Array.from({ length: inspectors.length }, (_, d) => inspectors[(start + 1 + d) % inspectors.length]!).find(
      (k) => !pairing.inspectors.includes(k) && !set.has(k),
    );
    if (at < 0 || !replacement) throw new Error(`no replacement for ${s.inspectorKey}`);
    pairing.inspectors[at] = replacement;
    // The recusal follows the target if it is later substituted: kept under the new id as well.
    recused.set(pairing.targetId, set);
  }
  return pairings;
}
