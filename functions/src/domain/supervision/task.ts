// Assigned tasks (督导交办): a coordinator assigns a finding to a subdistrict or a department with a
// deadline; the assignee answers with evidence; the coordinator accepts or returns it. Overdue tasks
// (past the deadline, not answered) escalate in the bulletin.
import * as z from "zod/mini";
import { meta } from "../meta.js";
import { vocabulary } from "../enums.js";

export const TASK_STATUS = vocabulary({ assigned: "已交办", answered: "已反馈（待审核）", accepted: "已办结", returned: "已退回（重新办理）" });
export const ASSIGNEE_KIND = vocabulary({ subdistrict: "街道", department: "部门" });
/** Keys distinct from the lifecycle's `accept` (a vocabulary is found by its keys, labels.ts). */
export const TASK_DECISION = vocabulary({ approve: "审核通过", "send-back": "退回重办" });

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const TaskCreateInput = meta(z.strictObject({
  title: text(100),
  finding: text(2000),
  outfallId: z.optional(text(40)),
  assigneeKind: ASSIGNEE_KIND.schema,
  /** A subdistrict key (or name) for a subdistrict, a department key (or name) for a department. */
  assignee: text(60),
  deadline: z.iso.date(),
}), { id: "TaskCreateInput", title: "督导交办" });
export type TaskCreateInput = z.output<typeof TaskCreateInput>;

export const TaskAnswerInput = meta(z.strictObject({
  expectedVersion: z.int().check(z.positive()),
  answer: text(2000),
  /** Photos confirmed on the task's outfall (evidence), if it names one. */
  photoIds: z._default(z.array(text(40)).check(z.maxLength(20)), []),
  /** Other evidence: document numbers, links to files. */
  evidence: z._default(z.array(text(300)).check(z.maxLength(20)), []),
}), { id: "TaskAnswerInput", title: "交办反馈" });

export const TaskReviewInput = meta(z.strictObject({ expectedVersion: z.int().check(z.positive()), decision: TASK_DECISION.schema, note: z.optional(text(1000)) }), { id: "TaskReviewInput", title: "交办审核" });

export type TaskStatus = (typeof TASK_STATUS.keys)[number];

/** Waiting on the assignee and past its deadline (China date). */
export const taskOverdue = (t: { status: TaskStatus; deadline: string }, today: string) => (t.status === "assigned" || t.status === "returned") && t.deadline < today;
