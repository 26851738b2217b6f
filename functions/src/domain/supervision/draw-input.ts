// What a draw's requests carry: creation (population filter, size, inspector pool) and the actions on a
// draw (witness, run, substitute, recuse, result, finish).
import * as z from "zod/mini";
import { meta } from "../meta.js";
import { CATEGORY, STATUS, vocabulary } from "../enums.js";

/** `quality` (质量抽查): ledger records drawn for a coordinator to check against their photos and history. */
export const DRAW_PURPOSE = vocabulary({ inspection: "双随机检查", recheck: "销号后复查", quality: "质量抽查" });
/** A draw's states (not a vocabulary of its own: `closed` would shadow the lifecycle's 已销号 in messages). */
export const DRAW_STATUS_LABELS = { published: "已公布（待抽取）", run: "已抽取", closed: "已办结" } as const;
export const DRAW_ACTION = vocabulary({ witness: "见证", run: "抽取", substitute: "替换对象", recuse: "人员回避", result: "录入检查结果", finish: "办结" });
export const INSPECTION_OUTCOME = vocabulary({ compliant: "未发现问题", "problem-found": "发现问题", "not-reached": "未能检查" });

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const DrawCreateInput = meta(z.strictObject({
  purpose: z._default(DRAW_PURPOSE.schema, "inspection"),
  title: text(100),
  filter: z._default(z.strictObject({
    subdistrict: z.optional(z.array(z.string()).check(z.minLength(1))),
    category: z.optional(z.array(CATEGORY.schema).check(z.minLength(1))),
    subcategory: z.optional(z.array(z.string()).check(z.minLength(1))),
    status: z.optional(z.array(STATUS.schema).check(z.minLength(1))),
    /** Done (closed or accepted) within this many days. */
    doneWithinDays: z.optional(z.int().check(z.positive(), z.lte(3650))),
  }), {}),
  count: z.optional(z.int().check(z.positive(), z.lte(1000))),
  sharePct: z.optional(z.number().check(z.positive(), z.lte(100))),
  /** The inspector pool: `key` is a public identifier (e.g. 执法证号), never an e-mail. */
  inspectors: z._default(z.array(z.strictObject({ key: z.string().check(z.trim(), z.regex(/^[\w.-]{1,40}$/)), name: text(40), department: z.optional(text(60)) })).check(z.maxLength(500)), []),
  inspectorsPerTarget: z._default(z.int().check(z.gte(1), z.lte(5)), 2),
  /** Days after the run within which each target is to be inspected (the digest counts late ones). */
  answerDays: z.optional(z.int().check(z.positive(), z.lte(365))),
}), { id: "DrawCreateInput", title: "随机抽查" });
export type DrawCreateInput = z.output<typeof DrawCreateInput>;

const base = { expectedVersion: z.int().check(z.positive()) };
const reason = z.string().check(z.trim(), z.minLength(4), z.maxLength(500));

export const DRAW_ACTION_PAYLOADS = {
  witness: z.strictObject({ action: z.literal("witness"), ...base, witness: text(40), organisation: z.optional(text(80)), note: z.optional(text(500)) }),
  run: z.strictObject({ action: z.literal("run"), ...base }),
  substitute: z.strictObject({ action: z.literal("substitute"), ...base, targetId: text(40), reason }),
  recuse: z.strictObject({ action: z.literal("recuse"), ...base, targetId: text(40), inspectorKey: text(40), reason }),
  result: z.strictObject({ action: z.literal("result"), ...base, targetId: text(40), outcome: INSPECTION_OUTCOME.schema, note: z.optional(text(1000)), patrolId: z.optional(text(40)) }),
  finish: z.strictObject({ action: z.literal("finish"), ...base, note: z.optional(text(500)) }),
} as const;
export type DrawAction = keyof typeof DRAW_ACTION_PAYLOADS;

export const DrawActionRequest = meta(z.discriminatedUnion("action", Object.values(DRAW_ACTION_PAYLOADS) as never), { id: "DrawActionRequest", title: "抽查操作" });
