// What a caller may do next with a record (issue #13): the lifecycle steps its scope and the record's
// state allow and whose payload-independent preconditions hold (`allowedActions`), and for the steps its
// scope and state allow but the record is not ready for, what is still missing (`blockers`). Computed from
// the same scope, state and precondition rules the transition itself checks (lifecycle.ts, preconditions.ts).
// A step refused under R-LIFECYCLE does not apply to this record at all (a dry-weather check of a sewage
// outfall, 销号 of one to be kept, revoking a transition period never set): it is neither allowed nor a blocker.
import type { Principal } from "./access.js";
import { TRANSITION, TRANSITION_FROM, type TransitionAction, scopeNames, transitionScope } from "./lifecycle.js";
import type { Outfall } from "./outfall.js";
import { stepPreconditions } from "./preconditions.js";
import type { ReferenceIndex } from "./reference.js";
import type { RuleId } from "./violations.js";

export interface Blocker {
  action: TransitionAction;
  field: string;
  rule: RuleId;
  message: string;
}

export interface NextSteps {
  allowedActions: TransitionAction[];
  blockers: Blocker[];
}

export function nextSteps(record: Outfall, who: Principal, ref: ReferenceIndex): NextSteps {
  const names = scopeNames(record, who, ref);
  const allowedActions: TransitionAction[] = [];
  const blockers: Blocker[] = [];
  for (const action of TRANSITION.keys) {
    if (!TRANSITION_FROM[action].includes(record.status)) continue;
    if (transitionScope(who, action, record, names)) continue;
    const missing = stepPreconditions(action, record, ref);
    if (missing.some((v) => v.rule === "R-LIFECYCLE")) continue;
    if (!missing.length) allowedActions.push(action);
    for (const v of missing) blockers.push({ action, field: v.field, rule: v.rule, message: v.message });
  }
  return { allowedActions, blockers };
}
