// Public reports (公众举报) and data-error reports (数据纠错): submitted without signing in, limited per
// client and per outfall, answered through a lookup code; triaged by the clerks of the subdistrict.
import { randomBytes } from "node:crypto";
import type { Principal } from "../domain/access.js";
import { readableSubdistricts } from "../domain/access.js";
import { chinaDate } from "../domain/campaign.js";
import { toKeys } from "../domain/labels.js";
import {
  type PublicReport,
  PublicReportInput,
  REPORT_KIND,
  REPORT_LIMITS,
  type ReportStatus,
  TRIAGE_OUTCOME,
  TriageInput,
  lookupCode,
} from "../domain/public-report.js";
import { publicity } from "../domain/public-view.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, NotFound, VersionConflict } from "./errors.js";
import { createOutfall, writtenRows } from "./outfalls.js";
import { createFile } from "./supervision-files.js";
import type { Task } from "./tasks.js";
import { stagedReportPhoto } from "./report-photos.js";

export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number, message: string) {
    super(429, "提交过于频繁", [violation("", "R-RATE-LIMIT", message)]);
  }
}

/** Stores a report; the answer carries the lookup code. Nothing is stored when a check fails. */
export async function submitPublicReport(deps: Deps, body: unknown, client: string): Promise<PublicReport> {
  const parsed = PublicReportInput.safeParse(toKeys(PublicReportInput, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const input = parsed.data;
  if (input.website) throw new AppError(400, "提交未被接受", [violation("website", "R-SPAM", "请不要填写隐藏的「网址」栏；如您是正常填写，请清空该栏后重新提交")]);
  let subdistrict = input.subdistrict;
  let outfallId: string | undefined;
  if (input.outfallCode) {
    outfallId = await deps.outfalls.idByTempId(input.outfallCode);
    const record = outfallId ? await deps.outfalls.get(outfallId) : undefined;
    // Only public outfalls are named to the public; any other code reads as unknown.
    if (!record || publicity(record) === "hidden") {
      throw new InvalidInput([violation("outfallCode", "R-REFERENCE", `没有公开的排污口编号「${input.outfallCode}」，请核对标识牌上的编号，或不填编号、选择所在街道`)]);
    }
    subdistrict = record.subdistrict;
  }
  if (!subdistrict || !deps.reference.subdistrictByKey.has(subdistrict)) {
    const names = deps.reference.subdistricts.map((s) => s.name).join("、");
    throw new InvalidInput([violation("subdistrict", subdistrict ? "R-REFERENCE" : "R-REQUIRED", `请选择问题所在的「属地街道」（${names}）`)]);
  }
  const now = deps.clock.now();
  const { client: perClient, outfall: perOutfall, subdistrict: perSubdistrict } = REPORT_LIMITS;
  if (!(await deps.rateLimiter.take(`REPORT-CLIENT#${client}`, perClient.limit, perClient.windowSeconds, now.getTime()))) {
    throw new RateLimited(perClient.windowSeconds, `同一网络每小时最多提交 ${perClient.limit} 条，请稍后再试；紧急情况请拨打举报电话 ${deps.reference.district.reportPhone ?? "12345"}`);
  }
  const target = outfallId ? { key: `REPORT-OUTFALL#${outfallId}`, ...perOutfall } : { key: `REPORT-SUB#${subdistrict}`, ...perSubdistrict };
  if (!(await deps.rateLimiter.take(target.key, target.limit, target.windowSeconds, now.getTime()))) {
    throw new RateLimited(target.windowSeconds, `该${outfallId ? "排污口" : "街道"}今天收到的举报已达 ${target.limit} 条上限，已有人反映的问题会一并处理；紧急情况请拨打举报电话`);
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const report: PublicReport = {
      id: lookupCode(randomBytes(10)),
      kind: input.reportKind,
      subdistrict,
      ...(outfallId ? { outfallId, outfallTempId: input.outfallCode } : {}),
      description: input.description,
      ...(input.location ? { location: input.location } : {}),
      ...(input.contact ? { contact: input.contact } : {}),
      status: "open",
      ...(input.photo ? { photo: { ...input.photo, staged: "" } } : {}),
      createdAt: now.toISOString(),
      version: 1,
    };
    if (report.photo) report.photo.staged = stagedReportPhoto(report.id, report.photo.contentType);
    if (await deps.reports.create(report)) return report;
  }
  throw new Error("no free lookup code after 5 attempts");
}

/** The reporter's view: status, kind, dates and the public answer; never the contact or the clerk. For a
 *  转巡查, the patrol task's status and its latest answer (the subdistrict's feedback). */
export async function lookupReport(deps: Deps, code: string): Promise<(PublicReport & { patrol?: PatrolView }) | undefined> {
  const report = await deps.reports.get(code.toUpperCase());
  if (!report?.triage?.taskId) return report;
  const task = (await deps.supervision.get("task", report.triage.taskId)) as Task | undefined;
  if (!task) return report;
  const last = task.answers.at(-1);
  return { ...report, patrol: { status: task.status, deadline: task.deadline, ...(last && task.status !== "returned" ? { answer: last.answer, answeredAt: last.at } : {}) } };
}

export interface PatrolView {
  status: Task["status"];
  deadline: string;
  answer?: string;
  answeredAt?: string;
}

export async function listReports(deps: Deps, who: Principal, status?: ReportStatus[]): Promise<PublicReport[]> {
  if (who.role === "department") {
    throw new Forbidden(violation("", "R-SCOPE", "公众举报由属地街道和区治水办处理，监管部门账号不能查看举报列表"));
  }
  return deps.reports.list(readableSubdistricts(who), status);
}

/** The 督导交办 task of a 转巡查: assigned to the report's subdistrict, due at the patrol's due date. Its id is
 *  derived from the report's, so a triage retried after a crash (task written, report not) finds the task
 *  the first attempt created instead of adding a second. */
async function patrolTask(deps: Deps, who: Principal, report: PublicReport, deadline: string): Promise<Task> {
  const id = reportTaskId(report.id);
  const existing = await deps.supervision.get("task", id);
  if (existing) return existing as Task;
  const name = deps.reference.subdistrictByKey.get(report.subdistrict)?.name ?? report.subdistrict;
  const finding = [`公众${REPORT_KIND.label(report.kind)}（查询码 ${report.id}）：${report.description}`, report.location ? `位置：${report.location}` : ""].filter(Boolean).join("\n");
  const fields = {
    title: `举报转巡查：${report.outfallTempId ?? name}`,
    finding: finding.slice(0, 2000),
    ...(report.outfallId ? { outfallId: report.outfallId } : {}),
    reportId: report.id,
    assigneeKind: "subdistrict" as const,
    assignee: report.subdistrict,
    assigneeName: name,
    deadline,
    status: "assigned" as const,
    createdBy: who.email,
    answers: [],
    reviews: [],
  };
  try {
    return await createFile<Task>(deps, "task", who, fields, "assigned", { assigneeKind: "subdistrict", assignee: report.subdistrict, deadline, reportId: report.id }, id);
  } catch (error) {
    const raced = await deps.supervision.get("task", id); // a concurrent retry wrote it first
    if (raced) return raced as Task;
    throw error;
  }
}

/** The date `days` after a YYYY-MM-DD date. */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The row marker of the outfall a report's 新增疑似排口 creates: one per report version, whatever was sent. */
export const reportOutfallMarker = (report: PublicReport) => ({ key: `report#${report.id}#v${report.version}`, requestHash: "report-triage" });

/** The task id of a report's 转巡查. */
export const reportTaskId = (reportId: string) => `REPORT-${reportId}`;

/** 转巡查 / 新增疑似排口 / 答复并关闭. Only an open report of the caller's subdistrict (coordinators: any). */
export async function triageReport(deps: Deps, who: Principal, id: string, body: unknown): Promise<PublicReport> {
  const parsed = TriageInput.safeParse(toKeys(TriageInput, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const input = parsed.data;
  const report = await deps.reports.get(id);
  if (!report) throw new NotFound("该举报");
  const readable = readableSubdistricts(who);
  if (who.role === "department" || (readable && !readable.includes(report.subdistrict))) {
    const name = deps.reference.subdistrictByKey.get(report.subdistrict)?.name ?? report.subdistrict;
    throw new Forbidden(violation("", "R-SCOPE", `该举报属于「${name}」，只能由该街道或区治水办处理`));
  }
  // A retried 转巡查 or 新增疑似排口 (its answer lost) answers with what the first attempt did, creating nothing more.
  if (input.outcome !== "answer" && report.triage?.outcome === input.outcome && report.triage.by === who.email && report.version === input.expectedVersion + 1) return report;
  if (report.version !== input.expectedVersion) throw new VersionConflict(report, input.expectedVersion);
  if (report.status !== "open") {
    throw new AppError(409, "举报已处理", [violation("outcome", "R-TRIAGE", `该举报已于 ${report.triage?.at ?? ""} 处理为「${TRIAGE_OUTCOME.label(report.triage!.outcome)}」，不能再次处理`)]);
  }
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (input.outcome === "answer" && !input.answer) throw new InvalidInput([violation("answer", "R-REQUIRED", "「答复并关闭」须填写「答复内容」，答复将公开给举报人")]);
  const days = deps.campaign.reportPatrolDays;
  const dueDate = input.dueDate ?? (input.outcome === "patrol" && days ? addDays(chinaDate(deps.clock.now()), days) : undefined);
  if (input.outcome === "patrol" && !dueDate) throw new InvalidInput([violation("dueDate", "R-REQUIRED", "「转巡查」须填写「巡查期限」（YYYY-MM-DD）")]);
  if (input.outcome === "patrol" && dueDate! < today) throw new InvalidInput([violation("dueDate", "R-RANGE", `「巡查期限」${dueDate} 早于今天（${today}）`)]);
  const task = input.outcome === "patrol" ? await patrolTask(deps, who, report, dueDate!) : undefined;
  let created: { id: string; tempId: string } | undefined;
  if (input.outcome === "new-outfall") {
    // The outfall's write carries a row marker keyed by the report's version, so a triage retried after a
    // crash (outfall written, report not) finds the outfall the first attempt created instead of adding a second.
    const marker = reportOutfallMarker(report);
    const idempotency = { ...marker, written: await writtenRows(deps, marker.key, marker.requestHash) };
    const record = await createOutfall(deps, who, { surveyLevel: 1, subdistrict: report.subdistrict, status: "suspected", ...(input.outfall ?? {}) }, "api", idempotency);
    created = { id: record.id, tempId: record.tempId };
  }
  const next: PublicReport = {
    ...report,
    status: input.outcome,
    triage: {
      outcome: input.outcome,
      by: who.email,
      ...(who.name ? { byName: who.name } : {}),
      at: deps.clock.now().toISOString(),
      ...(input.answer ? { answer: input.answer } : {}),
      ...(input.outcome === "patrol" && dueDate ? { dueDate } : {}),
      ...(task ? { taskId: task.id } : {}),
      ...(created ? { outfallId: created.id, outfallTempId: created.tempId } : {}),
    },
    version: report.version + 1,
  };
  const outcome = await deps.reports.update(next, report.version);
  if (!outcome.ok) throw new VersionConflict(outcome.current ?? report, input.expectedVersion);
  return next;
}
