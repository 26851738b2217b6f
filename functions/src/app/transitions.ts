// POST /v1/outfalls/{id}/transitions: one lifecycle step, validated against the state machine, the
// actor's scope and the plan's rules, and written with its history entry (actor, time, note, evidence).
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import { TRANSITION, TRANSITION_PAYLOADS, admitTransition, evidenceFor, runTransition } from "../domain/lifecycle.js";
import { toKeys } from "../domain/labels.js";
import type { Outfall } from "../domain/outfall.js";
import { checkRecord, deriveFields, diffRecords } from "../domain/record.js";
import { newViolations } from "../domain/rules.js";
import { ZONE } from "../domain/transition-payloads.js";
import { type Violation, violation, violationsFromZod } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { AppError, InvalidInput, PreconditionRequired } from "./errors.js";
import { getOutfall } from "./outfalls.js";
import { changeRecord } from "./record-change.js";
import { gatherFacts, ruleViolations } from "./rule-context.js";

/** The action (溯源 → trace) and then its payload (自认 → self-declared) with labels rewritten to keys. */
function transitionToKeys(input: unknown, deps: Deps): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const action = toKeys(TRANSITION.schema, (input as { action?: unknown }).action, deps.reference);
  if (typeof action !== "string" || !Object.prototype.hasOwnProperty.call(TRANSITION_PAYLOADS, action)) return input;
  return toKeys(TRANSITION_PAYLOADS[action as keyof typeof TRANSITION_PAYLOADS], { ...input, action }, deps.reference);
}

export async function transitionOutfall(deps: Deps, who: Principal, id: string, input: unknown, channel: Channel): Promise<Outfall> {
  const body = transitionToKeys(input, deps);
  const record = await getOutfall(deps, who, id);
  const admitted = admitTransition(record, body, who, deps.reference);
  if (!admitted.ok) throw new AppError(admitted.status, admitted.status === 403 ? "超出权限范围" : "不能进行该操作", admitted.violations);
  const action = admitted.action;
  const parsed = TRANSITION_PAYLOADS[action].safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const violations = violationsFromZod(parsed.error);
    if (violations.some((v) => v.field === "expectedVersion" && v.rule === "R-REQUIRED")) throw new PreconditionRequired();
    throw new InvalidInput(violations);
  }
  const payload = parsed.data as { expectedVersion: number; note?: string };
  return changeRecord(
    deps,
    who,
    id,
    channel,
    async (current) => {
      const now = deps.clock.now().toISOString();
      const next = runTransition(action, current, payload, who, now, deps.reference);
      if (Array.isArray(next)) throw new InvalidInput(next);
      deriveFields(next, deps.reference);
      const facts = await gatherFacts(deps, [{ previous: current, next }]);
      const broken = [
        ...newViolations(checkRecord(current, deps.reference), checkRecord(next, deps.reference)),
        ...ruleViolations(deps, who, facts, current, next, action),
        ...zoneStillDerived(action, payload, next),
      ];
      if (broken.length) throw new InvalidInput(broken);
      const changes = diffRecords(current, next);
      const evidence = action === "dry-weather-check" ? [(payload as unknown as { photoId: string }).photoId] : evidenceFor(action, current);
      return { next, action, changes, note: payload.note ?? TRANSITION.label(action), evidence };
    },
    payload.expectedVersion,
    record,
  );
}

/** A zone flag the reference data sets (geometry, or a drinking-water-source water body) cannot be cleared by hand. */
function zoneStillDerived(action: string, payload: unknown, next: Outfall): Violation[] {
  if (action !== "clear-zone") return [];
  const zone = (payload as { zone: (typeof ZONE.keys)[number] }).zone;
  if (next.zones?.[zone] !== true) return [];
  return [violation("zone", "R-PROTECTED", `「${ZONE.label(zone)}」由参考数据（地理范围或受纳水体）确定，不能手工解除；如参考数据有误，请联系系统管理员更正`)];
}
