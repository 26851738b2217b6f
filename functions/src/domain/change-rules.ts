// Rules about a change rather than a state (domain.md §5): who may set or clear what, compared with the
// previous version. They close the paths by which a record could be made to look better than the river
// is: clearing a protected-zone flag, typing one's own approval, a transition period past the cap,
// moving an outfall to another department after planning, editing a record that is done.
import type { Principal } from "./access.js";
import { STATUS, type Status } from "./enums.js";
import { fieldLabel } from "./fields.js";
import type { Outfall, ResponsibleParty } from "./outfall.js";
import { canonical } from "./record.js";
import type { ReferenceIndex } from "./reference.js";
import { type Violation, violation } from "./violations.js";

export interface ChangeContext {
  actor: Principal;
  ref: ReferenceIndex;
  /** The lifecycle step making the change; undefined for an edit (PATCH, batch row). */
  step?: string;
  /** The latest date a transition period may run to (campaign.json `transitionCap`). */
  transitionCap?: string;
}

/** 已销号, 保留 and 非排污口: closed files. */
export const FROZEN_STATES: readonly Status[] = ["closed", "retained", "dismissed"];
const ZONES = ["drinkingWaterProtection", "natureReserve", "specialProtection", "nearVenue"] as const;
/** Fields a done record still takes (R-DONE-FROZEN); responsible parties only in their contacts. */
const OPEN_WHEN_DONE = new Set(["signboard", "problemNote", "responsibleParties"]);
/** Set by the system on every write, or derived (zone flags only ever added here; clearing one is R-PROTECTED's). */
const BOOKKEEPING = new Set(["version", "updatedAt", "updatedBy", "historyHash", "department", "category", "zones"]);

const differs = (a: unknown, b: unknown) => canonical(a ?? null) !== canonical(b ?? null);
const withoutContacts = (parties: ResponsibleParty[] | undefined) => (parties ?? []).map(({ contact: _c, phone: _p, ...rest }) => rest);

/** May the department record approvals (R-APPROVAL)? Reference data says which does (the eco bureau). */
const recordsApprovals = (who: Principal, ref: ReferenceIndex) =>
  who.role === "coordinator" || (who.role === "department" && ref.departmentByKey.get(who.department ?? "")?.recordsApprovals === true);

export function approverNames(ref: ReferenceIndex): string {
  return [...ref.departments.filter((d) => d.recordsApprovals).map((d) => d.name), "区治水办"].join("或");
}

export function changeRules(previous: Outfall | undefined, next: Outfall, ctx: ChangeContext): Violation[] {
  const { actor, step, ref } = ctx;
  const out: Violation[] = [];
  const coordinator = actor.role === "coordinator";

  if (next.responsibilityBasis === "designated" && previous?.responsibilityBasis !== "designated" && !coordinator) {
    out.push(violation("responsibilityBasis", "R-TRACE-DEADLINE", "溯源无法确定责任主体的，须由区治水办（河长办）指定，街道不能自行填写「指定」"));
  }

  // R-APPROVAL: entered by the eco bureau or a coordinator, never by the clerk who needs it.
  if (differs(previous?.approval, next.approval) && !recordsApprovals(actor, ref)) {
    out.push(violation("approval", "R-APPROVAL", `审批（审核）或备案记录须由${approverNames(ref)}录入，街道经办人不能自行填写`));
  }

  // R-TRANSITION: within the cap; revoked only by a coordinator.
  const period = next.transitionUntil;
  if (period && differs(previous?.transitionUntil, period) && ctx.transitionCap && period.until > ctx.transitionCap) {
    out.push(violation("transitionUntil.until", "R-TRANSITION", `「过渡期截止日期」${period.until} 超过本轮整治允许的最晚日期 ${ctx.transitionCap}`));
  }
  if (previous?.transitionUntil && !period && !coordinator) {
    out.push(violation("transitionUntil", "R-TRANSITION", "过渡期设定后只能由区治水办撤销"));
  }

  if (!previous) return out;

  // R-PROTECTED: anyone may set a zone flag; only a coordinator clears one, with a reason (`clear-zone`).
  for (const zone of ZONES) {
    if (previous.zones?.[zone] === true && next.zones?.[zone] !== true && step !== "clear-zone") {
      out.push(
        violation(
          `zones.${zone}`,
          "R-PROTECTED",
          `「${fieldLabel(`zones.${zone}`)}」一经标记，只能由区治水办通过「解除区域标记」并说明理由后清除`,
        ),
      );
    }
  }

  // Dry weather, once recorded, is corrected only by a coordinator; after remediation the re-check decides.
  if (previous.dryWeatherFlow && !next.dryWeatherFlow && !coordinator) {
    out.push(violation("dryWeatherFlow", "R-CLOSE-EVIDENCE", "「晴天排水」一经记录，只能由区治水办更正；整治后是否仍晴天排水以晴天复核为准"));
  }

  // R-RECLASSIFY: after a plan the subcategory (and so the supervising department) moves only by `reclassify`.
  if (previous.action && previous.subcategory !== next.subcategory && step !== "reclassify") {
    out.push(
      violation(
        "subcategory",
        "R-RECLASSIFY",
        "已制定整治方案的排污口，「排污口类型（二、三级）」（及监管部门）只能由区治水办通过「更正类型」并说明理由后修改",
      ),
    );
  }

  // R-DONE-FROZEN: a closed file takes contacts, signboard and notes; anything else needs `reopen`.
  if (FROZEN_STATES.includes(previous.status) && step !== "reopen") {
    const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
    for (const key of keys) {
      if (BOOKKEEPING.has(key) || key === "status") continue;
      const a = (previous as Record<string, unknown>)[key];
      const b = (next as Record<string, unknown>)[key];
      if (!differs(a, b)) continue;
      if (OPEN_WHEN_DONE.has(key) && (key !== "responsibleParties" || !differs(withoutContacts(previous.responsibleParties), withoutContacts(next.responsibleParties)))) continue;
      out.push(
        violation(
          key,
          "R-DONE-FROZEN",
          `本排污口已「${STATUS.label(previous.status)}」，只能修改联系人、联系电话、标识牌和问题说明；修改「${fieldLabel(key)}」须先「重新打开」并说明理由`,
        ),
      );
    }
  }
  return out;
}
