// Lifecycle transitions (domain.md §3): each an explicit action with its actor, time, note and payload,
// allowed from some states, by some roles, producing the next version of the record.
import * as z from "zod";
import { type Coordination, type Principal, coordinatesAcross } from "./access.js";
import { ACTION, type PhotoSlot, PROBLEM, STATUS, type Status, SURVEY_METHOD, vocabulary } from "./enums.js";
import { type Outfall, ResponsibleParty, TransitionPeriod } from "./outfall.js";
import { evidenceRules, stampProtectedApproval } from "./rules.js";
import { type Violation, violation } from "./violations.js";

export const TRANSITION = vocabulary({
  confirm: "核实（确认为排污口）",
  dismiss: "认定非排口",
  trace: "溯源完成",
  designate: "指定责任主体",
  plan: "制定整治方案",
  complete: "整治完成",
  "request-acceptance": "申请验收",
  accept: "验收通过",
  reject: "验收退回",
  close: "销号",
  retain: "保留",
  reopen: "重新打开",
  "override-deadline": "调整截止日期",
});
export type TransitionAction = (typeof TRANSITION.keys)[number];

const date = z.iso.date();
const note = z.string().trim().min(2).max(1000);
const base = { action: z.string(), expectedVersion: z.number().int().positive(), note: note.optional() };

/** Payload schema per action; `note` is required where the plan asks for a reason. */
export const TRANSITION_PAYLOADS = {
  confirm: z.strictObject({
    ...base,
    surveyLevel: z.literal([2, 3]).optional(),
    surveyMethod: SURVEY_METHOD.schema.optional(),
    surveyedAt: date.optional(),
    surveyedBy: z.string().trim().min(1).max(60).optional(),
  }),
  dismiss: z.strictObject({ ...base, note }),
  trace: z.strictObject({
    ...base,
    responsibleParties: z.array(ResponsibleParty).min(1).max(20),
    responsibilityBasis: z.enum(["self-declared", "traced"]),
    subcategory: z.string().max(60).optional(),
    sharedPermitRef: z.string().trim().min(1).max(80).optional(),
    filingRef: z.string().trim().min(1).max(80).optional(),
    illicitConnection: z.boolean().optional(),
    illicitFindings: z.string().trim().min(1).max(1000).optional(),
  }),
  designate: z.strictObject({
    ...base,
    responsibleParties: z.array(ResponsibleParty).min(1).max(20),
    designationNote: note,
    subcategory: z.string().max(60).optional(),
    sharedPermitRef: z.string().trim().min(1).max(80).optional(),
  }),
  plan: z.strictObject({
    ...base,
    plan: z.string().trim().min(2).max(2000).optional(),
    remediation: ACTION.schema,
    mergeInto: z.string().max(40).optional(),
    problems: z.array(PROBLEM.schema).max(12).optional(),
    legalBasis: z.string().trim().min(2).max(500).optional(),
    transitionUntil: TransitionPeriod.optional(),
  }),
  complete: z.strictObject({ ...base, completedAt: date }),
  "request-acceptance": z.strictObject({ ...base, completedAt: date.optional() }),
  accept: z.strictObject({ ...base }),
  reject: z.strictObject({ ...base, note }),
  close: z.strictObject({ ...base }),
  retain: z.strictObject({ ...base }),
  reopen: z.strictObject({ ...base, note, problems: z.array(PROBLEM.schema).max(12).optional() }),
  "override-deadline": z.strictObject({ ...base, date, reason: note }),
} as const;

type Payload<A extends TransitionAction> = z.infer<(typeof TRANSITION_PAYLOADS)[A]>;

/** Who may act: the subdistrict's side (its clerk, coordinators, admins), coordinators only, or the
 *  supervising department of the outfall's category (R-SCOPE). */
type Actor = "subdistrict" | "coordinator" | "supervisor";

interface Spec<A extends TransitionAction> {
  from: readonly Status[];
  actor: Actor;
  apply(record: Outfall, payload: Payload<A>, who: Principal, now: string): Outfall | Violation[];
}

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
  dismiss: { from: ["suspected", "confirmed"], actor: "subdistrict", apply: (r) => ({ ...r, status: "dismissed" }) },
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
        ...(p.problems ? { problems: p.problems } : {}),
        ...(p.legalBasis ? { legalBasis: p.legalBasis } : {}),
        ...(p.transitionUntil ? { transitionUntil: p.transitionUntil } : {}),
      };
      if (p.remediation !== "merge") delete next.mergeInto;
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
    apply: (r, p, who, now) => ({ ...r, acceptance: { by: who.email, at: now, result: "passed", ...(p.note ? { note: p.note } : {}) } }),
  },
  reject: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r, p, who, now) => ({ ...r, status: "remediating", acceptance: { by: who.email, at: now, result: "rejected", note: p.note } }),
  },
  close: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r, _p, who, now) => {
      if (r.action !== "ban" && r.action !== "merge") {
        return [violation("action", "R-LIFECYCLE", `销号适用于依法取缔、清理合并的排污口；本排污口为「${r.action ? ACTION.label(r.action) : "未定"}」，请使用“保留”`)];
      }
      const missing = evidenceRules(r);
      return missing.length ? missing : { ...r, status: "closed", closedAt: now, closedBy: who.email };
    },
  },
  retain: {
    from: ["awaiting-acceptance"],
    actor: "supervisor",
    apply: (r) => {
      if (r.action !== "standardize" && r.action !== "keep") {
        return [violation("action", "R-LIFECYCLE", `保留适用于规范整治或无需整治的排污口；本排污口为「${r.action ? ACTION.label(r.action) : "未定"}」，请使用“销号”`)];
      }
      const missing = evidenceRules(r);
      return missing.length ? missing : { ...r, status: "retained" };
    },
  },
  reopen: {
    from: ["closed", "retained", "dismissed"],
    actor: "subdistrict",
    apply: (r, p) => {
      const next: Outfall = { ...r, status: r.status === "dismissed" ? "confirmed" : "traced", ...(p.problems ? { problems: p.problems } : {}) };
      delete next.acceptance;
      delete next.closedAt;
      delete next.closedBy;
      delete next.completedAt;
      return next;
    },
  },
  "override-deadline": {
    from: ACTIVE,
    actor: "coordinator",
    apply: (r, p, who) => ({ ...r, deadlineOverride: { date: p.date, reason: p.reason, approvedBy: who.email } }),
  },
};

export const TRANSITION_FROM: Readonly<Record<TransitionAction, readonly Status[]>> = Object.fromEntries(
  Object.entries(SPECS).map(([k, s]) => [k, s.from]),
) as Record<TransitionAction, readonly Status[]>;

/** The subdistrict's steps a department may also take on outfalls of a category it co-ordinates across
 *  subdistricts (departments.json `coordinatesAcross`: eco registers, traces and plans industrial outfalls). */
const COORDINATED_STEPS: readonly TransitionAction[] = ["confirm", "trace", "plan"];

/** R-SCOPE for transitions. Undefined when allowed. `own` is the acting officer's department. */
export function transitionScope(
  who: Principal,
  action: TransitionAction,
  record: Outfall,
  departmentName?: string,
  own?: Coordination["department"],
): Violation | undefined {
  const actor = SPECS[action].actor;
  const what = TRANSITION.label(action);
  if (actor === "supervisor") {
    if (who.role === "department" && who.department && who.department === record.department) return undefined;
    return violation("action", "R-SCOPE", `「${what}」只能由该类排污口的监管部门（${departmentName ?? "类型未定，暂无监管部门"}）操作`);
  }
  if (actor === "coordinator") {
    return who.role === "coordinator" ? undefined : violation("action", "R-SCOPE", `「${what}」须由区治水办（河长办）操作`);
  }
  if (who.role === "coordinator" || who.role === "admin") return undefined;
  if (who.role === "clerk" && who.subdistrict === record.subdistrict) return undefined;
  if (who.role === "department" && COORDINATED_STEPS.includes(action) && coordinatesAcross(own, record.category)) return undefined;
  return violation("action", "R-SCOPE", who.role === "department" ? `「${what}」由属地街道操作，监管部门负责验收、退回、销号和保留` : "您只能操作本街道的排污口");
}

export type Admission = { ok: true; action: TransitionAction } | { ok: false; status: 400 | 403 | 422; violations: Violation[] };

/** Whether `body.action` names a transition this actor may make from the record's current state. */
export function admitTransition(record: Outfall, body: unknown, who: Principal, departmentName?: string, own?: Coordination["department"]): Admission {
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
  const denied = transitionScope(who, a, record, departmentName, own);
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
export function runTransition(a: TransitionAction, record: Outfall, payload: unknown, who: Principal, now: string): Outfall | Violation[] {
  return (SPECS[a] as Spec<TransitionAction>).apply(record, payload as never, who, now);
}

/** The photo slots each step rests on; their confirmed, not superseded photos are named in its history entry. */
const EVIDENCE_SLOTS: Record<TransitionAction, readonly PhotoSlot[]> = {
  confirm: ["near", "far"],
  dismiss: ["near", "far", "other"],
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
};

export function evidenceFor(action: TransitionAction, record: Outfall): string[] {
  const slots = EVIDENCE_SLOTS[action];
  return (record.photos ?? []).filter((p) => !p.supersededBy && slots.includes(p.slot)).map((p) => p.id);
}
