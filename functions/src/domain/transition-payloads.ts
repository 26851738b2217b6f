// The lifecycle steps (domain.md §3) by name, and what each one's request body carries.
import * as z from "zod";
import { ACTION, PROBLEM, SURVEY_METHOD, vocabulary } from "./enums.js";
import { Approval, FloodSafety, ResponsibleParty, SewerConnection, TransitionPeriod } from "./outfall.js";

export const TRANSITION = vocabulary({
  confirm: "核实（确认为排污口）",
  dismiss: "认定非排污口",
  "dry-weather-check": "晴天核查",
  "register-stormwater": "纳入城镇雨洪排口清单",
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
  "revoke-transition": "撤销过渡期",
  "record-approval": "录入审批记录",
  "clear-zone": "解除区域标记",
  reclassify: "更正类型",
});
export type TransitionAction = (typeof TRANSITION.keys)[number];

/** Zone flags a coordinator may clear with `clear-zone`. */
export const ZONE = vocabulary({
  drinkingWaterProtection: "饮用水水源保护区内",
  natureReserve: "自然保护地内",
  specialProtection: "其他特殊保护区域内",
  nearVenue: "亚运场馆/接待饭店1公里内",
});

/** R-DISMISS: a dismissal says what was found, in more than a word or two. */
export const DISMISS_NOTE_MIN = 10;

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
  "dry-weather-check": z.strictObject({ ...base, checkedAt: date, flowObserved: z.boolean(), photoId: z.string().min(1).max(64) }),
  "register-stormwater": z.strictObject({ ...base }),
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
    sewerConnection: SewerConnection.optional(),
    floodSafety: FloodSafety.optional(),
    problems: z.array(PROBLEM.schema).max(12).optional(),
    legalBasis: z.string().trim().min(2).max(500).optional(),
    filingRef: z.string().trim().min(1).max(80).optional(),
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
  "revoke-transition": z.strictObject({ ...base, note }),
  "record-approval": z.strictObject({ ...base, approval: Approval }),
  "clear-zone": z.strictObject({ ...base, zone: ZONE.schema, note }),
  reclassify: z.strictObject({ ...base, subcategory: z.string().min(1).max(60), note }),
} as const;

export type Payload<A extends TransitionAction> = z.infer<(typeof TRANSITION_PAYLOADS)[A]>;
