// Lifecycle transitions (domain.md §3): each an explicit action with its actor, time, note and payload,
// allowed from some states, by some roles, producing the next version of the record.
import { type Coordination, type Principal, coordinatesAcross } from "./access.js";
import { approverNames } from "./change-rules.js";
import { APPROVAL_STATUS, type PhotoSlot, STATUS, type Status } from "./enums.js";
import type { Outfall } from "./outfall.js";
import { stepPreconditions } from "./preconditions.js";
import type { ReferenceIndex } from "./reference.js";
import { stampProtectedApproval } from "./rules.js";
import { checkDryWeatherInput } from "./stormwater.js";
import { DISMISS_NOTE_MIN, type Payload, TRANSITION, type TransitionAction, ZONE } from "./transition-payloads.js";
import { type Violation, violation } from "./violations.js";

export { TRANSITION, TRANSITION_PAYLOADS, type TransitionAction } from "./transition-payloads.js";

/** Who may act: the subdistrict's side (its clerk, coordinators, admins), coordinators only, the
 *  supervising department of the outfall's category (R-SCOPE), a department that records approvals or a
 *  coordinator (R-APPROVAL), or for a dismissal the side its state asks for (R-DISMISS). */
type Actor = "subdistrict" | "coordinator" | "supervisor" | "approver" | "dismisser";

interface Spec<A extends TransitionAction> {
  from: readonly Status[];
  actor: Actor;
  apply(record: Outfall, payload: Payload<A>, who: Principal, now: string, ref: ReferenceIndex): Outfall | Violation[];
}

const live = (r: Outfall) => (r.photos ?? []).filter((p) => !p.supersededBy);

const ACTIVE: readonly Status[] = ["suspected", "confirmed", "traced", "remediating", "awaiting-acceptance"];

const SPECS: { [A in TransitionAction]: Spec<A> } = {
  confirm: {
    from: ["suspected"],
    actor: "subdistrict",
    apply: (r, p) => ({
      ...r,
      status: "confirmed",
      surveyLevel: p.surveyLevel ?? (r.surveyLevel === 1 ? 2 : r.surveyLevel),
      ...(p.surveyMethod ? { surveyMethod: p.surveyMethod } : {}),
      ...(p.surveyedAt ? { surveyedAt: p.surveyedAt } : {}),
      ...(p.surveyedBy ? { surveyedBy: p.surveyedBy } : {}),
    }),
  },
  dismiss: {
    from: ["suspected", "confirmed"],
    actor: "dismisser",
    apply: (r, p, who, now, ref) => {
      const out: Violation[] = [];
      if (p.note.length < DISMISS_NOTE_MIN) {
        out.push(violation("note", "R-DISMISS", `认定非排污口须写明现场核实情况（至少 ${DISMISS_NOTE_MIN} 个字），如“现场为废弃管道，管口已封死，无排水”`));
      }
      out.push(...stepPreconditions("dismiss", r, ref));
      return out.length ? out : { ...r, status: "dismissed", dismissal: { by: who.email, at: now, note: p.note, photoIds: live(r).map((x) => x.id) } };
    },
  },
  "dry-weather-check": {
    from: ["confirmed", "traced", "remediating", "awaiting-acceptance"],
    actor: "subdistrict",
    apply: (r, p, who, now, ref) => {
      const refused = checkDryWeatherInput(r, p, ref, now);
      if (refused.length) return refused;
      const check = { checkedAt: p.checkedAt, flowObserved: p.flowObserved, photoId: p.photoId, by: who.email, at: now, ...(p.note ? { note: p.note } : {}) };
      const next: Outfall = { ...r, dryWeatherChecks: [...(r.dryWeatherChecks ?? []), check] };
      // Water found in dry weather before any plan: the outlet is a dry-weather one and on the problem list.
      if (p.flowObserved && !r.action) {
        next.dryWeatherFlow = true;
        if (!(r.problems ?? []).includes("dry-weather")) next.problems = [...(r.problems ?? []), "dry-weather"];
      }
      return next;
    },
  },
  "register-stormwater": {
    from: ["confirmed"],
    actor: "subdistrict",
    apply: (r, _p, _who, _now, ref) => {
      const refused = stepPreconditions("register-stormwater", r, ref);
      return refused.length ? refused : { ...r, status: "retained", action: "keep" };
    },
  },
  trace: {
    from: ["confirmed"],
    actor: "subdistrict",
    apply: (r, p) => ({
      ...r,
      status: "traced",
      responsibleParties: p.responsibleParties,
      responsibilityBasis: p.responsibilityBasis,
      ...(p.subcategory ? { subcategory: p.subcategory } : {}),
      ...(p.sharedPermitRef ? { sharedPermitRef: p.sharedPermitRef } : {}),
      ...(p.filingRef ? { filingRef: p.filingRef } : {}),
      ...(p.illicitConnection !== undefined ? { illicitConnection: p.illicitConnection } : {}),
      ...(p.illicitFindings ? { illicitFindings: p.illicitFindings } : {}),
    }),
  },
  designate: {
    from: ["confirmed", "traced"],
    actor: "coordinator",
    apply: (r, p) => ({
      ...r,
      status: "traced",
      responsibleParties: p.responsibleParties,
      responsibilityBasis: "designated",
      designationNote: p.designationNote,
      ...(p.subcategory ? { subcategory: p.subcategory } : {}),
      ...(p.sharedPermitRef ? { sharedPermitRef: p.sharedPermitRef } : {}),
    }),
  },
  plan: {
    from: ["traced", "remediating"],
    actor: "subdistrict",
    apply: (r, p, who, now) => {
      if (p.remediation !== "keep" && !p.plan && !r.plan) return [violation("plan", "R-REQUIRED", "请填写「整治方案」（措施、工程量、责任单位）")];
      const next: Outfall = {
        ...r,
        action: p.remediation,
        status: p.remediation === "keep" ? "awaiting-acceptance" : "remediating",
        ...(p.plan ? { plan: p.plan } : {}),
        ...(p.mergeInto ? { mergeInto: p.mergeInto } : {}),
        ...(p.sewerConnection ? { sewerConnection: p.sewerConnection } : {}),
        ...(p.floodSafety ? { floodSafety: p.floodSafety } : {}),
        ...(p.filingRef ? { filingRef: p.filingRef } : {}),
        ...(p.problems ? { problems: p.problems } : {}),
        ...(p.legalBasis ? { legalBasis: p.legalBasis } : {}),
        ...(p.transitionUntil ? { transitionUntil: p.transitionUntil } : {}),
      };
      if (p.remediation !== "merge") {
        delete next.mergeInto;
        delete next.sewerConnection;
      }
      stampProtectedApproval(next, who, now);
      return next;
    },
  },
  complete: { from: ["remediating"], actor: "subdistrict", apply: (r, p) => ({ ...r, completedAt: p.completedAt }) },
  "request-acceptance": {
    from: ["remediating"],
    actor: "subdistrict",
    apply: (r, p) => {
      const completedAt = p.completedAt ?? r.completedAt;
      if (!completedAt) return [violation("completedAt", "R-LIFECYCLE", "申请验收前须填写「整治完成日期」（可先执行“整治完成”）")];
      return { ...r, status: "awaiting-acceptance", completedAt };
    },
  },
  accept: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r, p, who, now, ref) => {
      const missing = stepPreconditions("accept", r, ref);
      return missing.length ? missing : { ...r, acceptance: { by: who.email, at: now, result: "passed", ...(p.note ? { note: p.note } : {}) } };
    },
  },
  reject: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r, p, who, now) => ({ ...r, status: "remediating", acceptance: { by: who.email, at: now, result: "rejected", note: p.note } }),
  },
  close: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r, _p, who, now, ref) => {
      const missing = stepPreconditions("close", r, ref);
      return missing.length ? missing : { ...r, status: "closed", closedAt: now, closedBy: who.email };
    },
  },
  retain: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r, _p, _who, _now, ref) => {
      const missing = stepPreconditions("retain", r, ref);
      return missing.length ? missing : { ...r, status: "retained" };
    },
  },
  reopen: {
    from: ["closed", "retained", "dismissed"],
    actor: "subdistrict",
    apply: (r, p, _who, now) => {
      const next: Outfall = { ...r, status: r.status === "dismissed" ? "confirmed" : "traced", reopenedAt: now, ...(p.problems ? { problems: p.problems } : {}) };
      delete next.acceptance;
      delete next.closedAt;
      delete next.closedBy;
      delete next.completedAt;
      delete next.dismissal;
      return next;
    },
  },
  "override-deadline": {
    from: ACTIVE,
    actor: "coordinator",
    apply: (r, p, who) => ({ ...r, deadlineOverride: { date: p.date, reason: p.reason, approvedBy: who.email } }),
  },
  "revoke-transition": {
    from: ACTIVE,
    actor: "coordinator",
    apply: (r, _p, _who, _now, ref) => {
      const refused = stepPreconditions("revoke-transition", r, ref);
      if (refused.length) return refused;
      const next = { ...r };
      delete next.transitionUntil;
      return next;
    },
  },
  "record-approval": {
    from: ACTIVE,
    actor: "approver",
    apply: (r, p) => {
      const a = p.approval;
      if ((a.status === "approved" || a.status === "filed") && (!a.documentNo || !a.authority || !a.date)) {
        return [violation("approval", "R-APPROVAL", `「${APPROVAL_STATUS.label(a.status)}」须填写「审批文号」「审批机关」和「审批日期」`)];
      }
      return { ...r, approval: a };
    },
  },
  "clear-zone": {
    from: ACTIVE,
    actor: "coordinator",
    apply: (r, p) => {
      if (r.zones?.[p.zone] !== true) return [violation("zone", "R-LIFECYCLE", `本排污口没有「${ZONE.label(p.zone)}」标记，无需解除`)];
      return { ...r, zones: { ...r.zones, [p.zone]: false } };
    },
  },
  reclassify: {
    from: ["traced", "remediating", "awaiting-acceptance"],
    actor: "coordinator",
    apply: (r, p) => (r.subcategory === p.subcategory ? [violation("subcategory", "R-LIFECYCLE", "新类型与原类型相同，无需更正")] : { ...r, subcategory: p.subcategory }),
  },
};

export const TRANSITION_FROM: Readonly<Record<TransitionAction, readonly Status[]>> = Object.fromEntries(
  Object.entries(SPECS).map(([k, s]) => [k, s.from]),
) as Record<TransitionAction, readonly Status[]>;

/** The subdistrict's steps a department may also take on outfalls of a category it co-ordinates across
 *  subdistricts (departments.json `coordinatesAcross`: eco registers, traces and plans industrial outfalls). */
const COORDINATED_STEPS: readonly TransitionAction[] = ["confirm", "trace", "plan"];

export interface ScopeNames {
  /** The supervising department of the outfall, if its subcategory names one. */
  departmentName?: string;
  /** The clerk's own subdistrict, to say where they may act. */
  ownSubdistrictName?: string;
  /** Who records approvals (R-APPROVAL). */
  approvers: string;
  recordsApprovals: boolean;
  /** The acting officer's department, for the categories it co-ordinates across subdistricts. */
  ownDepartment?: Coordination["department"];
}

/** R-SCOPE (and R-DISMISS, R-APPROVAL for who) for transitions. Undefined when allowed. */
export function transitionScope(who: Principal, action: TransitionAction, record: Outfall, names: ScopeNames): Violation | undefined {
  const actor = SPECS[action].actor;
  const what = TRANSITION.label(action);
  const supervises = who.role === "department" && !!who.department && who.department === record.department;
  if (actor === "supervisor") {
    if (supervises) return undefined;
    return violation("action", "R-SCOPE", `「${what}」只能由该类排污口的监管部门（${names.departmentName ?? "类型未定，暂无监管部门"}）操作`);
  }
  if (actor === "coordinator") {
    return who.role === "coordinator" ? undefined : violation("action", "R-SCOPE", `「${what}」须由区治水办（河长办）操作`);
  }
  if (actor === "approver") {
    if (who.role === "coordinator" || (who.role === "department" && names.recordsApprovals)) return undefined;
    return violation("approval", "R-APPROVAL", `审批（审核）或备案记录须由${names.approvers}录入`);
  }
  if (actor === "dismisser" && record.status === "confirmed") {
    if (who.role === "coordinator" || supervises) return undefined;
    return violation(
      "action",
      "R-DISMISS",
      `已核实的排污口认定为非排污口，须由监管部门（${names.departmentName ?? "类型未定，暂无监管部门"}）或区治水办认定；属地街道只能认定疑似点`,
    );
  }
  if (who.role === "coordinator" || who.role === "admin") return undefined;
  if (who.role === "clerk" && who.subdistrict === record.subdistrict) return undefined;
  if (who.role === "department" && COORDINATED_STEPS.includes(action) && coordinatesAcross(names.ownDepartment, record.category)) return undefined;
  if (who.role === "department") return violation("action", "R-SCOPE", `「${what}」由属地街道操作，监管部门负责验收、退回、销号和保留`);
  return violation("action", "R-SCOPE", `您是${names.ownSubdistrictName ?? "未绑定街道的"}经办人，只能操作本街道的排污口`);
}

/** The names a scope refusal quotes, from the reference data. */
export function scopeNames(record: Outfall, who: Principal, ref: ReferenceIndex): ScopeNames {
  return {
    departmentName: record.department ? ref.departmentByKey.get(record.department)?.name : undefined,
    ownSubdistrictName: who.subdistrict ? ref.subdistrictByKey.get(who.subdistrict)?.name : undefined,
    approvers: approverNames(ref),
    ownDepartment: who.department ? ref.departmentByKey.get(who.department) : undefined,
    recordsApprovals: who.role === "department" && ref.departmentByKey.get(who.department ?? "")?.recordsApprovals === true,
  };
}

export type Admission = { ok: true; action: TransitionAction } | { ok: false; status: 400 | 403 | 422; violations: Violation[] };

/** Whether `body.action` names a transition this actor may make from the record's current state. */
export function admitTransition(record: Outfall, body: unknown, who: Principal, ref: ReferenceIndex): Admission {
  const action = (body as { action?: unknown } | null)?.action;
  if (typeof action !== "string" || !(TRANSITION.keys as readonly string[]).includes(action)) {
    return {
      ok: false,
      status: 400,
      violations: [violation("action", "R-ENUM", `「操作」应为以下之一：${TRANSITION.keys.map((k) => `${TRANSITION.label(k)}（${k}）`).join("、")}`)],
    };
  }
  const a = action as TransitionAction;
  const spec = SPECS[a] as Spec<TransitionAction>;
  const denied = transitionScope(who, a, record, scopeNames(record, who, ref));
  if (denied) return { ok: false, status: 403, violations: [denied] };
  if (!spec.from.includes(record.status)) {
    return {
      ok: false,
      status: 422,
      violations: [
        violation(
          "status",
          "R-LIFECYCLE",
          `排污口当前为「${STATUS.label(record.status)}」，不能「${TRANSITION.label(a)}」；该操作只适用于：${spec.from.map((s) => STATUS.label(s)).join("、")}`,
        ),
      ],
    };
  }
  return { ok: true, action: a };
}

/** The next record for an admitted action and its parsed payload (TRANSITION_PAYLOADS), or why not. */
export function runTransition(a: TransitionAction, record: Outfall, payload: unknown, who: Principal, now: string, ref: ReferenceIndex): Outfall | Violation[] {
  return (SPECS[a] as Spec<TransitionAction>).apply(record, payload as never, who, now, ref);
}

/** The photo slots each step rests on; their confirmed, not superseded photos are named in its history entry. */
const EVIDENCE_SLOTS: Record<TransitionAction, readonly PhotoSlot[]> = {
  confirm: ["near", "far"],
  dismiss: ["near", "far", "other"],
  "dry-weather-check": ["near", "far", "other"],
  "register-stormwater": ["near", "far", "other"],
  trace: ["sampling-point", "water-sample", "quick-test", "other"],
  designate: [],
  plan: ["before", "near", "far"],
  complete: ["before", "after", "sealing", "signboard"],
  "request-acceptance": ["before", "after", "sealing", "signboard"],
  accept: ["before", "after", "sealing", "signboard", "water-sample", "quick-test", "acceptance"],
  reject: ["before", "after", "sealing", "signboard", "water-sample", "quick-test", "acceptance"],
  close: ["before", "after", "sealing", "acceptance"],
  retain: ["before", "after", "signboard", "acceptance"],
  reopen: ["near", "far", "water-sample", "quick-test", "other"],
  "override-deadline": [],
  "revoke-transition": [],
  "record-approval": [],
  "clear-zone": [],
  reclassify: [],
};

export function evidenceFor(action: TransitionAction, record: Outfall): string[] {
  const slots = EVIDENCE_SLOTS[action];
  return (record.photos ?? []).filter((p) => !p.supersededBy && slots.includes(p.slot)).map((p) => p.id);
}
