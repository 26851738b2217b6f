// The lists the plan names (问题排污口清单, 保留排污口清单, 销号清单, 责任主体清单, 管理主体清单) and the
// overdue list, per subdistrict or district-wide, as rows with Chinese column headers (JSON or CSV).
import { defuseFormula } from "../domain/formula-guard.js";
import { type Principal, readableSubdistricts } from "../domain/access.js";
import { ACTION, APPROVAL_STATUS, CATEGORY, INVENTORY, type Inventory, PARTY_KIND, PROBLEM, RESPONSIBILITY_BASIS, STATUS, vocabulary } from "../domain/enums.js";
import { daysPast } from "../domain/campaign.js";
import { monitoringDue } from "../domain/supervision/monitoring.js";
import { toKeys } from "../domain/labels.js";
import type { Outfall } from "../domain/outfall.js";
import { violation } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { Forbidden, InvalidInput } from "./errors.js";
import { allOutfalls, unknownSubdistrict } from "./outfalls.js";
import { type OutfallView, present } from "./present.js";

export const LIST_KIND = vocabulary({
  problems: "问题排污口清单",
  retained: "保留排污口清单",
  closed: "销号清单",
  overdue: "逾期排污口清单",
  transitions: "过渡期排污口清单",
  dismissed: "非排污口认定清单",
  "responsible-parties": "责任主体清单",
  management: "管理主体清单",
  "monitoring-overdue": "超期未监测排污口清单",
});
export type ListKind = (typeof LIST_KIND.keys)[number];

type Cell = string | number | boolean | null;
interface Column {
  key: string;
  label: string;
  value: (r: OutfallView, i: number) => Cell;
}

export interface PlanList {
  kind: ListKind;
  title: string;
  scope: string;
  generatedAt: string;
  columns: { key: string; label: string }[];
  rows: Record<string, Cell>[];
}

export async function planList(deps: Deps, who: Principal, kindOrLabel: string, subdistrict?: string, inventory?: Inventory): Promise<PlanList> {
  const kind = listKind(deps, kindOrLabel);
  const scope = listScope(deps, who, subdistrict);
  const records = (await allOutfalls(deps, scope)).map((r) => present(deps, r));
  return buildPlanList(deps, kind, records, scope, inventory);
}

/** The list kind a key, label or alias names; R-ENUM with the valid kinds otherwise. */
export function listKind(deps: Deps, kindOrLabel: string): ListKind {
  const kind = toKeys(LIST_KIND.schema, kindOrLabel, deps.reference) as string;
  if (!(LIST_KIND.keys as readonly string[]).includes(kind)) {
    throw new InvalidInput([violation("kind", "R-ENUM", `清单类型应为：${LIST_KIND.keys.map((k) => `${LIST_KIND.label(k)}（${k}）`).join("、")}`)]);
  }
  return kind as ListKind;
}

/** The subdistrict a list or export covers (undefined: the district); a clerk's own one, else R-SCOPE. */
export function listScope(deps: Deps, who: Principal, subdistrict?: string): string | undefined {
  const allowed = readableSubdistricts(who);
  const scope = subdistrict ?? (allowed?.length === 1 ? allowed[0] : undefined);
  if (scope !== undefined && !deps.reference.subdistrictByKey.has(scope)) {
    throw new InvalidInput([violation("subdistrict", "R-REFERENCE", unknownSubdistrict(deps, scope))]);
  }
  if (allowed && (scope === undefined || !allowed.includes(scope))) {
    const own = deps.reference.subdistrictByKey.get(who.subdistrict ?? "")?.name;
    throw new Forbidden(violation("subdistrict", "R-SCOPE", own ? `您是${own}经办人，只能导出${own}的清单` : "您的账号未绑定街道，不能导出清单"));
  }
  return scope;
}

/** One list of the plan over records already read and scoped. */
export function buildPlanList(deps: Deps, k: ListKind, all: OutfallView[], scope: string | undefined, inventory?: Inventory): PlanList {
  const ref = deps.reference;
  const records = [...all].sort((a, b) => a.tempId.localeCompare(b.tempId));
  const selected = records.filter((r) => {
    if (inventory && r.inventory !== inventory) return false;
    switch (k) {
      case "problems":
        return r.onProblemList;
      case "retained":
        return r.status === "retained";
      case "closed":
        return r.status === "closed";
      case "overdue":
        return r.overdue || r.investigationOverdue;
      case "transitions":
        return !!r.transitionUntil && r.status !== "dismissed";
      case "dismissed":
        return r.status === "dismissed";
      case "monitoring-overdue":
        return monitoringDue(r, deps.campaign, ref, deps.clock.now())?.overdue === true;
      default:
        return r.status !== "dismissed";
    }
  });

  const sub = (r: Outfall) => ref.subdistrictByKey.get(r.subdistrict)?.name ?? r.subdistrict;
  const dept = (r: Outfall) => (r.department ? (ref.departmentByKey.get(r.department)?.name ?? r.department) : "");
  const parties = (r: Outfall) => (r.responsibleParties ?? []).map((p) => p.name).join("；");
  const inventoryCol: Column = { key: "inventory", label: "所属清单", value: (r) => INVENTORY.label(r.inventory) };
  const identity: Column[] = [
    { key: "tempId", label: "临时编号", value: (r) => r.tempId },
    { key: "nationalCode", label: "国家统一编码", value: (r) => r.nationalCode ?? "" },
    { key: "name", label: "排污口名称", value: (r) => r.name },
    { key: "subdistrict", label: "属地街道", value: sub },
    { key: "category", label: "排污口类型", value: (r) => ref.subcategoryByKey.get(r.subcategory ?? "")?.name ?? CATEGORY.label(r.category) },
    { key: "waterBody", label: "受纳水体", value: (r) => ref.waterBodyByKey.get(r.waterBody)?.name ?? r.waterBody },
    { key: "longitude", label: "经度", value: (r) => r.longitude },
    { key: "latitude", label: "纬度", value: (r) => r.latitude },
    inventoryCol,
  ];
  const status: Column = { key: "status", label: "状态", value: (r) => STATUS.label(r.status) };
  const action: Column = { key: "action", label: "整治类型", value: (r) => (r.action ? ACTION.label(r.action) : "") };
  const deadline: Column = { key: "effectiveDeadline", label: "整治截止日期", value: (r) => r.effectiveDeadline };
  const columns: Record<ListKind, Column[]> = {
    problems: [
      ...identity,
      { key: "problems", label: "存在问题", value: (r) => (r.problems ?? []).map((p) => PROBLEM.label(p)).join("、") },
      action,
      { key: "plan", label: "整治方案", value: (r) => r.plan ?? "" },
      { key: "responsibleParties", label: "责任主体", value: parties },
      deadline,
      { key: "overdue", label: "是否逾期", value: (r) => (r.overdue ? "是" : "否") },
      status,
    ],
    retained: [
      ...identity,
      action,
      { key: "responsibleParties", label: "责任主体", value: parties },
      { key: "department", label: "监管部门", value: dept },
      { key: "approval", label: "审批情况", value: (r) => (r.approval ? `${APPROVAL_STATUS.label(r.approval.status)}${r.approval.documentNo ? ` ${r.approval.documentNo}` : ""}` : "") },
      { key: "signboard", label: "立牌日期", value: (r) => (r.signboard?.installed ? (r.signboard.installedAt ?? "已立牌") : "未立牌") },
      { key: "acceptedAt", label: "验收时间", value: (r) => r.acceptance?.at ?? "" },
    ],
    closed: [
      ...identity,
      action,
      { key: "completedAt", label: "整治完成日期", value: (r) => r.completedAt ?? "" },
      { key: "acceptedBy", label: "验收人", value: (r) => r.acceptance?.by ?? "" },
      { key: "acceptedAt", label: "验收时间", value: (r) => r.acceptance?.at ?? "" },
      { key: "closedAt", label: "销号时间", value: (r) => r.closedAt ?? "" },
      { key: "closedBy", label: "销号人", value: (r) => r.closedBy ?? "" },
      { key: "sewerConnection", label: "截污纳管去向", value: (r) => (r.sewerConnection ? `${r.sewerConnection.network}（${r.sewerConnection.connectionPoint}）` : "") },
    ],
    overdue: [
      ...identity,
      status,
      deadline,
      { key: "deadlineLabel", label: "截止日期依据", value: (r) => r.deadlineLabel },
      { key: "daysOverdue", label: "逾期天数", value: (r) => (r.overdue ? -r.daysToDeadline : daysPast(deps.campaign.investigationDeadline, deps.clock.now())) },
      { key: "investigationOverdue", label: "排查逾期", value: (r) => (r.investigationOverdue ? `是（排查应于${deps.campaign.investigationDeadline}前完成）` : "否") },
      { key: "department", label: "监管部门", value: dept },
    ],
    transitions: [
      ...identity,
      status,
      { key: "transitionUntil", label: "过渡期截止日期", value: (r) => r.transitionUntil?.until ?? "" },
      { key: "transitionReason", label: "过渡期理由", value: (r) => r.transitionUntil?.reason ?? "" },
      { key: "campaignDeadline", label: "方案规定截止日期", value: (r) => r.campaignDeadline },
      { key: "department", label: "监管部门", value: dept },
    ],
    dismissed: [
      ...identity,
      { key: "dismissalNote", label: "认定依据", value: (r) => r.dismissal?.note ?? "" },
      { key: "dismissedBy", label: "认定人", value: (r) => r.dismissal?.by ?? "" },
      { key: "dismissedAt", label: "认定时间", value: (r) => r.dismissal?.at ?? "" },
      { key: "photoCount", label: "照片数", value: (r) => (r.photos ?? []).filter((p) => !p.supersededBy).length },
    ],
    "responsible-parties": [],
    "monitoring-overdue": [
      ...identity,
      status,
      { key: "monitoringPlan", label: "监测计划", value: (r) => monitoringDue(r, deps.campaign, ref, deps.clock.now())?.planLabel ?? "" },
      { key: "lastMonitoringAt", label: "最近监测时间", value: (r) => r.lastMonitoringAt ?? "从未监测" },
      { key: "monitoringDueAt", label: "应监测日期", value: (r) => monitoringDue(r, deps.campaign, ref, deps.clock.now())?.dueAt.slice(0, 10) ?? "" },
      { key: "monitoringDaysOverdue", label: "超期天数", value: (r) => monitoringDue(r, deps.campaign, ref, deps.clock.now())?.daysOverdue ?? 0 },
      { key: "department", label: "监管部门", value: dept },
    ],
    management: [
      { key: "tempId", label: "临时编号", value: (r) => r.tempId },
      { key: "name", label: "排污口名称", value: (r) => r.name },
      { key: "managementEntity", label: "管理主体（属地街道）", value: sub },
      { key: "community", label: "村/社区", value: (r) => r.community ?? "" },
      { key: "department", label: "监管部门", value: dept },
      { key: "responsibleParties", label: "责任主体", value: parties },
      status,
    ],
  };

  let rows: Record<string, Cell>[];
  let cols: { key: string; label: string }[];
  if (k === "responsible-parties") {
    // One row per party: the plan's 责任主体清单 lists the units, each with the outfalls it answers for.
    const partyCols: { key: string; label: string; value: (r: OutfallView, i: number) => Cell }[] = [
      { key: "partyName", label: "责任主体名称", value: (r, i) => r.responsibleParties[i]!.name },
      { key: "partyKind", label: "主体类型", value: (r, i) => PARTY_KIND.label(r.responsibleParties[i]!.kind) },
      { key: "creditCode", label: "统一社会信用代码", value: (r, i) => r.responsibleParties[i]!.creditCode ?? "" },
      { key: "permitNo", label: "排污许可证编号", value: (r, i) => r.responsibleParties[i]!.permitNo ?? "" },
      { key: "contact", label: "联系人", value: (r, i) => r.responsibleParties[i]!.contact ?? "" },
      { key: "phone", label: "联系电话", value: (r, i) => r.responsibleParties[i]!.phone ?? "" },
      { key: "basis", label: "认定方式", value: (r) => (r.responsibilityBasis ? RESPONSIBILITY_BASIS.label(r.responsibilityBasis) : "") },
      { key: "tempId", label: "临时编号", value: (r) => r.tempId },
      { key: "name", label: "排污口名称", value: (r) => r.name },
      { key: "subdistrict", label: "属地街道", value: sub },
      status,
    ];
    cols = partyCols.map(({ key, label }) => ({ key, label }));
    rows = selected.flatMap((r) => r.responsibleParties.map((_, i) => Object.fromEntries(partyCols.map((c) => [c.key, c.value(r, i)]))));
  } else {
    const list = columns[k];
    cols = list.map(({ key, label }) => ({ key, label }));
    rows = selected.map((r) => Object.fromEntries(list.map((c) => [c.key, c.value(r, 0)])));
  }
  return {
    kind: k,
    title: LIST_KIND.label(k),
    scope: `${scope ? sub({ subdistrict: scope } as Outfall) : `${ref.district.name}全区`}${inventory ? `·${INVENTORY.label(inventory)}` : ""}`,
    generatedAt: deps.clock.now().toISOString(),
    columns: cols,
    rows,
  };
}

/** CSV for Excel/WPS: UTF-8 with BOM, Chinese headers, RFC 4180 quoting. */
export function toCsv(list: Pick<PlanList, "columns" | "rows">): string {
  const quote = (v: Cell) => {
    // Numbers (a negative one too) stay numbers; text that a spreadsheet could take for a formula is defused.
    const s = v === null ? "" : typeof v === "boolean" ? (v ? "是" : "否") : typeof v === "number" ? String(v) : defuseFormula(String(v));
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [list.columns.map((c) => quote(c.label)).join(","), ...list.rows.map((row) => list.columns.map((c) => quote(row[c.key] ?? "")).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
