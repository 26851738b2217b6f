// Assigned tasks (督导交办): POST/GET /v1/tasks, GET /v1/tasks/{id}, POST /v1/tasks/{id}/answer and /review.
// Coordinators assign and review; the assignee (the subdistrict's clerks, or the department's officers)
// answers with evidence. Every step is an event on the task's hash-chained log.
import * as z from "zod/mini";
import type { Principal } from "../domain/access.js";
import { chinaDate } from "../domain/campaign.js";
import { toKeys } from "../domain/labels.js";
import { ASSIGNEE_KIND, TASK_STATUS, TaskAnswerInput, TaskCreateInput, TaskReviewInput, type TaskStatus, taskOverdue } from "../domain/supervision/task.js";
import { checkPatrolPhotos } from "../domain/supervision/patrol.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { SupervisionDoc } from "../ports/supervision-store.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, NotFound } from "./errors.js";
import { changeFile, createFile, readFile } from "./supervision-files.js";

export interface Task extends SupervisionDoc {
  title: string;
  finding: string;
  outfallId?: string;
  /** The public report whose 转巡查 created the task (its answer shows at the report's lookup page). */
  reportId?: string;
  assigneeKind: "subdistrict" | "department";
  assignee: string;
  assigneeName: string;
  deadline: string;
  status: TaskStatus;
  createdBy: string;
  answers: { answer: string; photoIds: string[]; evidence: string[]; at: string; by: string }[];
  reviews: { decision: "approve" | "send-back"; note?: string; at: string; by: string }[];
}

const parse = <T extends z.ZodMiniType>(schema: T, body: unknown, deps: Deps): z.output<T> => {
  const parsed = schema.safeParse(toKeys(schema, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  return parsed.data;
};

const coordinatorOnly = (who: Principal, what: string) => {
  if (who.role !== "coordinator" && who.role !== "admin") throw new Forbidden(violation("action", "R-SCOPE", `「${what}」由区治水办（河长办）操作`));
};

const isAssignee = (who: Principal, t: Pick<Task, "assigneeKind" | "assignee">) =>
  (t.assigneeKind === "subdistrict" && who.role === "clerk" && who.subdistrict === t.assignee) || (t.assigneeKind === "department" && who.role === "department" && who.department === t.assignee);

const mayRead = (who: Principal, t: Task) => who.role === "coordinator" || who.role === "admin" || isAssignee(who, t);

export async function createTask(deps: Deps, who: Principal, body: unknown): Promise<Task> {
  coordinatorOnly(who, "督导交办");
  const input = parse(TaskCreateInput, body, deps);
  const assignee = toKeys(z.string(), input.assignee, deps.reference, input.assigneeKind) as string;
  const name = input.assigneeKind === "subdistrict" ? deps.reference.subdistrictByKey.get(assignee)?.name : deps.reference.departmentByKey.get(assignee)?.name;
  if (!name) {
    const choices = input.assigneeKind === "subdistrict" ? deps.reference.subdistricts : deps.reference.departments;
    throw new InvalidInput([violation("assignee", "R-REFERENCE", `「承办单位」「${input.assignee}」不是本区的${ASSIGNEE_KIND.label(input.assigneeKind)}，可选：${choices.map((c) => c.name).join("、")}`)]);
  }
  if (input.deadline < chinaDate(deps.clock.now())) throw new InvalidInput([violation("deadline", "R-RANGE", "「办理期限」不能早于今天")]);
  if (input.outfallId && !(await deps.outfalls.get(input.outfallId))) throw new InvalidInput([violation("outfallId", "R-REFERENCE", `排污口「${input.outfallId}」不存在`)]);
  return createFile<Task>(deps, "task", who, { ...input, assignee, assigneeName: name, status: "assigned", createdBy: who.email, answers: [], reviews: [] } as never, "assigned", {
    assigneeKind: input.assigneeKind,
    assignee,
    deadline: input.deadline,
  });
}

export async function getTask(deps: Deps, who: Principal, id: string): Promise<Task & { overdue: boolean }> {
  const task = await readFile<Task>(deps, "task", id, "该交办事项");
  if (!mayRead(who, task)) throw new NotFound("该交办事项");
  return { ...task, overdue: taskOverdue(task, chinaDate(deps.clock.now())) };
}

/** The tasks the caller may see (coordinators all; assignees their own), newest first. */
export async function listTasks(deps: Deps, who: Principal, limit: number, cursor?: string) {
  const page = await deps.supervision.list("task", limit, cursor);
  const today = chinaDate(deps.clock.now());
  return { ...page, items: (page.items as Task[]).filter((t) => mayRead(who, t)).map((t) => ({ ...t, overdue: taskOverdue(t, today) })) };
}

export async function answerTask(deps: Deps, who: Principal, id: string, body: unknown): Promise<Task> {
  const input = parse(TaskAnswerInput, body, deps);
  const task = await readFile<Task>(deps, "task", id, "该交办事项");
  if (!isAssignee(who, task)) throw new Forbidden(violation("assignee", "R-SCOPE", `该事项交办给${task.assigneeName}，只能由${task.assigneeName}反馈`));
  if (task.status !== "assigned" && task.status !== "returned") {
    throw new AppError(422, "不能进行该操作", [violation("status", "R-LIFECYCLE", `该事项当前为「${TASK_STATUS.label(task.status)}」，不能再反馈`)]);
  }
  if (input.photoIds.length) {
    const outfall = task.outfallId ? await deps.outfalls.get(task.outfallId) : undefined;
    const missing = outfall ? checkPatrolPhotos(outfall, input.photoIds) : [violation("photoIds", "R-PHOTO-MISSING", "该事项未关联排污口，照片请以「其他佐证」（文号、链接）提供")];
    if (missing.length) throw new InvalidInput(missing);
  }
  const now = deps.clock.now().toISOString();
  const next: Task = { ...task, status: "answered", answers: [...task.answers, { answer: input.answer, photoIds: input.photoIds, evidence: input.evidence, at: now, by: who.email }] };
  return changeFile(deps, "task", who, task, input.expectedVersion, next, "answered", { answer: input.answer, photoIds: input.photoIds, evidence: input.evidence });
}

export async function reviewTask(deps: Deps, who: Principal, id: string, body: unknown): Promise<Task> {
  coordinatorOnly(who, "审核交办反馈");
  const input = parse(TaskReviewInput, body, deps);
  const task = await readFile<Task>(deps, "task", id, "该交办事项");
  if (task.status !== "answered") throw new AppError(422, "不能进行该操作", [violation("status", "R-LIFECYCLE", `该事项当前为「${TASK_STATUS.label(task.status)}」，只有已反馈的事项可以审核`)]);
  if (input.decision === "send-back" && !input.note) throw new InvalidInput([violation("note", "R-REQUIRED", "退回重办须写明「说明」（还缺什么）")]);
  const now = deps.clock.now().toISOString();
  const next: Task = {
    ...task,
    status: input.decision === "approve" ? "accepted" : "returned",
    reviews: [...task.reviews, { decision: input.decision, ...(input.note ? { note: input.note } : {}), at: now, by: who.email }],
  };
  return changeFile(deps, "task", who, task, input.expectedVersion, next, input.decision, input.note ? { note: input.note } : {});
}
