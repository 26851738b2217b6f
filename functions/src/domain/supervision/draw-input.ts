// What a draw's requests carry: creation (population filter, size, inspector pool) and the actions on a
// draw (witness, run, substitute, recuse, result, finish).
import * as z from "zod";
import { CATEGORY, STATUS, vocabulary } from "../enums.js";

/** `quality` (质量抽查): ledger records drawn for a coordinator to check against their photos and history. */
export const DRAW_PURPOSE = vocabulary({ inspection: "双随机检查", recheck: "销号后复查", quality: "质量抽查" });
/** A draw's states (not a vocabulary of its own: `closed` would shadow the lifecycle's 已销号 in messages). */
export const DRAW_STATUS_LABELS = { published: "已公布（待抽取）", run: "已抽取", closed: "已办结" } as const;
export const DRAW_ACTION = vocabulary({ witness: "见证", run: "抽取", substitute: "替换对象", recuse: "人员回避", result: "录入检查结果", finish: "办结" });
export const INSPECTION_OUTCOME = vocabulary({ compliant: "未发现问题", "problem-found": "发现问题", "not-reached": "未能检查" });

const text = (max: number) => z.string().trim().min(1).max(max);

export const DrawCreateInput = z
  .strictObject({
    purpose: DRAW_PURPOSE.schema.default("inspection"),
    title: text(100),
    filter: z
      .strictObject({
        subdistrict: z.array(z.string()).min(1).optional(),
        category: z.array(CATEGORY.schema).min(1).optional(),
        subcategory: z.array(z.string()).min(1).optional(),
        status: z.array(STATUS.schema).min(1).optional(),
        /** Done (closed or accepted) within this many days. */
        doneWithinDays: z.number().int().positive().max(3650).optional(),
      })
      .default({}),
    count: z.number().int().positive().max(1000).optional(),
    sharePct: z.number().positive().max(100).optional(),
    /** The inspector pool: `key` is a public identifier (e.g. 执法证号), never an e-mail. */
    inspectors: z
      .array(z.strictObject({ key: z.string().trim().regex(/^[\w.-]{1,40}$/), name: text(40), department: text(60).optional() }))
      .max(500)
      .default([]),
    inspectorsPerTarget: z.number().int().min(1).max(5).default(2),
    /** Days after the run within which each target is to be inspected (the digest counts late ones). */
    answerDays: z.number().int().positive().max(365).optional(),
  })
  .meta({ id: "DrawCreateInput", title: "随机抽查" });
export type DrawCreateInput = z.output<typeof DrawCreateInput>;

const base = { expectedVersion: z.number().int().positive() };
const reason = z.string().trim().min(4).max(500);

export const DRAW_ACTION_PAYLOADS = {
  witness: z.strictObject({ action: z.literal("witness"), ...base, witness: text(40), organisation: text(80).optional(), note: text(500).optional() }),
  run: z.strictObject({ action: z.literal("run"), ...base }),
  substitute: z.strictObject({ action: z.literal("substitute"), ...base, targetId: text(40), reason }),
  recuse: z.strictObject({ action: z.literal("recuse"), ...base, targetId: text(40), inspectorKey: text(40), reason }),
  result: z.strictObject({ action: z.literal("result"), ...base, targetId: text(40), outcome: INSPECTION_OUTCOME.schema, note: text(1000).optional(), patrolId: text(40).optional() }),
  finish: z.strictObject({ action: z.literal("finish"), ...base, note: text(500).optional() }),
} as const;
export type DrawAction = keyof typeof DRAW_ACTION_PAYLOADS;

export const DrawActionRequest = z.discriminatedUnion("action", Object.values(DRAW_ACTION_PAYLOADS) as never).meta({ id: "DrawActionRequest", title: "抽查操作" });
