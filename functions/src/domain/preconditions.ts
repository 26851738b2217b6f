// What a lifecycle step needs of the record itself, whatever its payload: evidence photos, a dry-weather
// check, a chosen remediation. One source of truth for the transition's own check (lifecycle.ts) and for
// what a reader is told is still missing before the step (next-steps.ts, `blockers`).
import { ACTION } from "./enums.js";
import type { Outfall } from "./outfall.js";
import type { ReferenceIndex } from "./reference.js";
import { evidenceRules } from "./rules.js";
import { dryWeatherCheckApplies, registrationRules } from "./stormwater.js";
import type { TransitionAction } from "./transition-payloads.js";
import { type Violation, violation } from "./violations.js";

const hasLivePhoto = (r: Outfall) => (r.photos ?? []).some((p) => !p.supersededBy);

function closeApplies(r: Outfall): Violation[] {
  if (r.action === "ban" || r.action === "merge") return [];
  return [violation("action", "R-LIFECYCLE", `销号适用于依法取缔、清理合并的排污口；本排污口为「${r.action ? ACTION.label(r.action) : "未定"}」，请使用“保留”`)];
}

function retainApplies(r: Outfall): Violation[] {
  if (r.action === "standardize" || r.action === "keep") return [];
  return [violation("action", "R-LIFECYCLE", `保留适用于规范整治或无需整治的排污口；本排污口为「${r.action ? ACTION.label(r.action) : "未定"}」，请使用“销号”`)];
}

const PRECONDITIONS: Partial<Record<TransitionAction, (r: Outfall, ref: ReferenceIndex) => Violation[]>> = {
  dismiss: (r) => (hasLivePhoto(r) ? [] : [violation("photos", "R-DISMISS", "认定非排污口须至少上传一张现场照片作为依据")]),
  "dry-weather-check": dryWeatherCheckApplies,
  "register-stormwater": registrationRules,
  accept: (r, ref) => evidenceRules(r, ref, "accept"),
  close: (r, ref) => {
    const wrong = closeApplies(r);
    return wrong.length ? wrong : evidenceRules(r, ref);
  },
  retain: (r, ref) => {
    const wrong = retainApplies(r);
    return wrong.length ? wrong : evidenceRules(r, ref);
  },
  "revoke-transition": (r) => (r.transitionUntil ? [] : [violation("transitionUntil", "R-LIFECYCLE", "本排污口没有设定过渡期，无需撤销")]),
  "clear-zone": (r) => (Object.values(r.zones ?? {}).some((v) => v === true) ? [] : [violation("zone", "R-LIFECYCLE", "本排污口没有任何区域标记，无需解除")]),
};

/** Why the record itself is not ready for this step, whatever the payload says; empty when it is. */
export function stepPreconditions(action: TransitionAction, record: Outfall, ref: ReferenceIndex): Violation[] {
  return PRECONDITIONS[action]?.(record, ref) ?? [];
}
