// The bulletin's figures (domain/bulletin.ts) as tables with Chinese headers: one source for the e-mail,
// the page, the plain text and the coordinators' spreadsheet.
import { type BulletinFigures, RAG_LABELS, type WaitingOn } from "../domain/bulletin.js";
import { STATUS } from "../domain/enums.js";
import { TASK_STATUS, type TaskStatus } from "../domain/supervision/task.js";
import type { ReferenceIndex } from "../domain/reference.js";
import type { Row } from "./digest-tables.js";

export interface Table {
  title: string;
  header: Row;
  rows: Row[];
  /** A line under the table (what a figure means, or why it is empty). */
  note?: string;
}

export function waitingLabel(w: WaitingOn, ref: ReferenceIndex): string {
  if (w.kind === "coordinator") return "区治水办（指定责任主体或审批）";
  if (w.kind === "department") return `${ref.departments.find((d) => d.key === w.key)?.name ?? w.key}（验收）`;
  return ref.subdistrictByKey.get(w.key)?.name ?? w.key;
}

export const ragLegend = ({ rag: thresholds }: BulletinFigures) =>
  `亮灯规则：${RAG_LABELS.green}——完成率不低于 ${thresholds.green.donePct}% 且逾期或滞留占比不高于 ${thresholds.green.overduePct}%；${RAG_LABELS.red}——完成率低于 ${thresholds.red.donePct}% 或逾期或滞留占比高于 ${thresholds.red.overduePct}%；其余为${RAG_LABELS.amber}。街道的完成率计入已移交监管部门验收或待区治水办指定的排污口，逾期只计等待街道办理的部分；部门按其监管的排污口和等待其验收的逾期数计。`;

/** The tables of a bulletin, in the order a reader takes them; empty ones are left out. */
export function bulletinTables(b: BulletinFigures, ref: ReferenceIndex): Table[] {
  const out: Table[] = [];
  const supervision = b.supervision;
  if (supervision) {
    out.push({
      title: `动态监管（整治行动已于 ${supervision.since} 结束）`,
      header: ["项目", "数量"],
      rows: [
        ["整治行动遗留逾期未完成", supervision.stillOverdue],
        ["保留排污口", supervision.retained],
        [`保留排污口中超过 ${supervision.patrolDays} 天未巡查或监测`, supervision.retainedWithoutPatrol],
        ["超过监测计划频次未监测的排污口", supervision.monitoringOverdue],
        ...(supervision.recheckUnanswered !== undefined ? [["销号后复查超期未反馈的排污口", supervision.recheckUnanswered] as [string, number]] : []),
        ...(supervision.overdueTasks ? [["督导交办事项逾期未反馈", supervision.overdueTasks.length] as [string, number]] : []),
        ["重新打开（复发）的排污口", supervision.reopened],
        [`整治行动结束后新发现的排污口`, supervision.newSinceEnd],
      ],
    });
  }
  if (supervision?.overdueTasks?.length) {
    out.push({
      title: "督导交办逾期事项（提级督办）",
      header: ["事项", "承办单位", "办理期限", "状态"],
      rows: supervision.overdueTasks.map((t) => [t.title, t.assignee, t.deadline, TASK_STATUS.label(t.status as TaskStatus)]),
    });
  }
  if (b.milestones.length) {
    out.push({
      title: "各节点完成情况（实施方案时间节点）",
      header: ["节点", "截止日期", "应完成", "已到期", "已完成", "完成率(%)", "逾期"],
      rows: b.milestones.map((m) => [m.label, m.deadline, m.total, m.due, m.done, m.donePct, m.overdue]),
      note: "排查节点按全部排污口（含非排污口）计，已核实或认定为非排污口即完成排查；整治节点按各排污口最早适用的节点计，不含非排污口。",
    });
  }
  if (b.remediation.some((r) => r.total > 0)) {
    out.push({
      title: "按整治方式",
      header: ["整治方式", "数量", "已完成", "其中截污纳管"],
      rows: b.remediation.filter((r) => r.total > 0).map((r) => [r.label, r.total, r.done, r.sewerConnected ?? ""]),
    });
  }
  if (b.bySubdistrict.length) {
    const ranks = new Map(b.fairRanking.map((r) => [r.key, r.rank]));
    const order = [...b.bySubdistrict].sort((a, c) => (ranks.get(a.key) ?? 99) - (ranks.get(c.key) ?? 99));
    out.push({
      title: "各街道亮灯与排名（不计等待部门、区治水办办理的部分）",
      header: ["排名", "街道", "亮灯", "总数", "街道环节完成率(%)", "等待街道办理", "其中逾期或滞留", "等待部门或区治水办的逾期", "非排污口", "过渡期"],
      rows: order.map((s) => [ranks.get(s.key) ?? "", s.label, RAG_LABELS[s.rag], s.total, s.creditPct, s.waiting, s.lateWaiting, s.lateWaitingOthers, s.dismissed, s.transitions]),
    });
  }
  const departments = b.byDepartment.filter((d) => d.total > 0 || d.waiting > 0);
  if (departments.length) {
    out.push({
      title: "各监管部门亮灯与待办",
      header: ["监管部门", "亮灯", "监管排污口", "等待本部门验收", "其中逾期或滞留"],
      rows: departments.map((d) => [d.label, RAG_LABELS[d.rag], d.total, d.waiting, d.lateWaiting]),
    });
  }
  if (b.lateList.length) {
    const byParty = new Map<string, { count: number; days: number }>();
    for (const l of b.lateList) {
      const key = waitingLabel(l.waitingOn, ref);
      const e = byParty.get(key) ?? { count: 0, days: 0 };
      e.count++;
      e.days = Math.max(e.days, l.daysOverdue);
      byParty.set(key, e);
    }
    out.push({
      title: `逾期或滞留排污口按等待对象（共 ${b.lateList.length} 个，等待区治水办 ${b.coordinator.lateWaiting} 个）`,
      header: ["等待对象", "数量", "最长逾期天数"],
      rows: [...byParty.entries()].sort((a, c) => c[1].count - a[1].count).map(([k, v]) => [k, v.count, v.days]),
    });
  }
  return out;
}

export const LATE_HEADER = ["临时编号", "排污口名称", "街道", "状态", "逾期天数", "滞留", "等待对象"];

export function lateRows(b: BulletinFigures, ref: ReferenceIndex, limit = 50): Row[] {
  return b.lateList
    .slice(0, limit)
    .map((l) => [l.tempId, l.name, ref.subdistrictByKey.get(l.subdistrict)?.name ?? l.subdistrict, STATUS.label(l.status), l.daysOverdue, l.stalled ? "是" : "", waitingLabel(l.waitingOn, ref)]);
}
