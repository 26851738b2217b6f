// Gathers the cross-record facts the plan's rules need (merge targets, other outfalls of the same
// enterprise) for a set of candidate records in a few reads, and runs the rules with the ratchet:
// a change is refused only for what it breaks.
import type { Principal } from "../domain/access.js";
import type { Outfall } from "../domain/outfall.js";
import { changeRules } from "../domain/change-rules.js";
import { type RuleContext, factsNeeded, newViolations, planRules } from "../domain/rules.js";
import type { Violation } from "../domain/violations.js";
import type { Deps } from "./deps.js";

export interface RuleFacts {
  mergeTargets: Map<string, Outfall | null>;
  sameCreditCode: Map<string, Outfall[]>;
}

/** Reads the facts the rules need for these changes (`previous` undefined for a new record), in parallel. */
export async function gatherFacts(deps: Deps, changes: { previous?: Outfall; next: Outfall }[]): Promise<RuleFacts> {
  const needed = changes.map((c) => factsNeeded(c.previous, c.next));
  const refs = [...new Set(needed.flatMap((n) => n.mergeRefs))];
  const codes = [...new Set(needed.flatMap((n) => n.creditCodes))];
  // mergeInto may hold a temp id (what clerks see) or an internal id.
  const idOf = new Map<string, string | undefined>();
  const [byCode] = await Promise.all([
    codes.length ? deps.outfalls.idsByCreditCode(codes) : Promise.resolve(new Map<string, string[]>()),
    Promise.all(refs.map(async (r) => idOf.set(r, /^[A-Z]+-[A-Z0-9]+-\d+$/.test(r) ? await deps.outfalls.idByTempId(r) : r))),
  ]);
  const ids = [...new Set([...[...idOf.values()].filter((x): x is string => !!x), ...[...byCode.values()].flat()])];
  const records = ids.length ? await deps.outfalls.getMany(ids) : new Map<string, Outfall>();
  return {
    mergeTargets: new Map(refs.map((r) => [r, records.get(idOf.get(r) ?? "") ?? null])),
    sameCreditCode: new Map(codes.map((c) => [c, (byCode.get(c) ?? []).flatMap((id) => records.get(id) ?? [])])),
  };
}

function context(deps: Deps, actor: Principal, facts: RuleFacts, record: Outfall): RuleContext {
  return {
    actor,
    ref: deps.reference,
    mergeTarget: record.action === "merge" && record.mergeInto ? facts.mergeTargets.get(record.mergeInto) : undefined,
    sameCreditCode: facts.sameCreditCode,
  };
}

/** Violations of the plan's rules that `next` introduces over `previous` (all of them for a new record). */
export function ruleViolations(deps: Deps, actor: Principal, facts: RuleFacts, previous: Outfall | undefined, next: Outfall, step?: string): Violation[] {
  const change = changeRules(previous, next, { actor, ref: deps.reference, step, transitionCap: deps.campaign.transitionCap });
  const after = [...planRules(next, context(deps, actor, facts, next)), ...change];
  if (!previous) return after;
  return newViolations(planRules(previous, context(deps, actor, facts, previous)), after);
}
