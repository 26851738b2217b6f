// The lifecycle steps (domain.md §3) by name, and what each one's request body carries.
import * as z from "zod/mini";
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
const note = z.string().check(z.trim(), z.minLength(2), z.maxLength(1000));
const base = { action: z.string(), expectedVersion: z.int().check(z.positive()), note: z.optional(note) };

/** Payload schema per action; `note` is required where the plan asks for a reason. */
export const TRANSITION_PAYLOADS = {
  confirm: z.strictObject({
    ...base,
    surveyLevel: z.optional(z.literal([2, 3])),
    surveyMethod: z.optional(SURVEY_METHOD.schema),
    surveyedAt: z.optional(date),
    surveyedBy: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  }),
  dismiss: z.strictObject({ ...base, note }),
  "dry-weather-check": z.strictObject({ ...base, checkedAt: date, flowObserved: z.boolean(), photoId: z.string().check(z.minLength(1), z.maxLength(64)) }),
  "register-stormwater": z.strictObject({ ...base }),
  trace: z.strictObject({
    ...base,
    responsibleParties: z.array(ResponsibleParty).check(z.minLength(1), z.maxLength(20)),
    responsibilityBasis: z.enum(["self-declared", "traced"]),
    subcategory: z.optional(z.string().check(z.maxLength(60))),
    sharedPermitRef: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
    filingRef: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
    illicitConnection: z.optional(z.boolean()),
    illicitFindings: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
  }),
  designate: z.strictObject({
    ...base,
    responsibleParties: z.array(ResponsibleParty).check(z.minLength(1), z.maxLength(20)),
    designationNote: note,
    subcategory: z.optional(z.string().check(z.maxLength(60))),
    sharedPermitRef: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
  }),
  plan: z.strictObject({
    ...base,
    plan: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(2000))),
    remediation: ACTION.schema,
    mergeInto: z.optional(z.string().check(z.maxLength(40))),
    sewerConnection: z.optional(SewerConnection),
    floodSafety: z.optional(FloodSafety),
    problems: z.optional(z.array(PROBLEM.schema).check(z.maxLength(12))),
    legalBasis: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(500))),
    filingRef: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
    transitionUntil: z.optional(TransitionPeriod),
  }),
  complete: z.strictObject({ ...base, completedAt: date }),
  "request-acceptance": z.strictObject({ ...base, completedAt: z.optional(date) }),
  accept: z.strictObject({ ...base }),
  reject: z.strictObject({ ...base, note }),
  close: z.strictObject({ ...base }),
  retain: z.strictObject({ ...base }),
  reopen: z.strictObject({ ...base, note, problems: z.optional(z.array(PROBLEM.schema).check(z.maxLength(12))) }),
  "override-deadline": z.strictObject({ ...base, date, reason: note }),
  "revoke-transition": z.strictObject({ ...base, note }),
  "record-approval": z.strictObject({ ...base, approval: Approval }),
  "clear-zone": z.strictObject({ ...base, zone: ZONE.schema, note }),
  reclassify: z.strictObject({ ...base, subcategory: z.string().check(z.minLength(1), z.maxLength(60)), note }),
} as const;

export type Payload<A extends TransitionAction> = z.infer<(typeof TRANSITION_PAYLOADS)[A]>;
