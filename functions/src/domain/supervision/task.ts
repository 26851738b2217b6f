// Assigned tasks (督导交办): a coordinator assigns a finding to a subdistrict or a department with a
// deadline; the assignee answers with evidence; the coordinator accepts or returns it. Overdue tasks
// (past the deadline, not answered) escalate in the bulletin.
import * as z from "zod";
import { vocabulary } from "../enums.js";

export const TASK_STATUS = vocabulary({ assigned: "已交办", answered: "已反馈（待审核）", accepted: "已办结", returned: "已退回（重新办理）" });
export const ASSIGNEE_KIND = vocabulary({ subdistrict: "街道", department: "部门" });
/** Keys distinct from the lifecycle's `accept` (a vocabulary is found by its keys, labels.ts). */
export const TASK_DECISION = vocabulary({ approve: "审核通过", "send-back": "退回重办" });

const text = (max: number) => z.string().trim().min(1).max(max);

export const TaskCreateInput = z
  .strictObject({
    title: text(100),
    finding: text(2000),
    outfallId: text(40).optional(),
    assigneeKind: ASSIGNEE_KIND.schema,
    /** A subdistrict key (or name) for a subdistrict, a department key (or name) for a department. */
    assignee: text(60),
    deadline: z.iso.date(),
  })
  .meta({ id: "TaskCreateInput", title: "督导交办" });
export type TaskCreateInput = z.output<typeof TaskCreateInput>;

export const TaskAnswerInput = z
  .strictObject({
    expectedVersion: z.number().int().positive(),
    answer: text(2000),
    /** Photos confirmed on the task's outfall (evidence), if it names one. */
    photoIds: z.array(text(40)).max(20).default([]),
    /** Other evidence: document numbers, links to files. */
    evidence: z.array(text(300)).max(20).default([]),
  })
  .meta({ id: "TaskAnswerInput", title: "交办反馈" });

export const TaskReviewInput = z
  .strictObject({ expectedVersion: z.number().int().positive(), decision: TASK_DECISION.schema, note: text(1000).optional() })
  .meta({ id: "TaskReviewInput", title: "交办审核" });

export type TaskStatus = (typeof TASK_STATUS.keys)[number];

/** Waiting on the assignee and past its deadline (China date). */
export const taskOverdue = (t: { status: TaskStatus; deadline: string }, today: string) => (t.status === "assigned" || t.status === "returned") && t.deadline < today;
