// The bulletin as an official document (调度通报, issue 14 item 5): an issuing header (issuing body, 第 N 期,
// date, 抄送), three narrative sections a coordinator edits before issue, and the figures frozen with it.
// Pure: the narrative is drafted from a digest's figures; edits are checked here; nothing is stored.
import { type Campaign, chinaDate } from "./campaign.js";
import { INVENTORY } from "./enums.js";
import type { Progress } from "./progress.js";
import type { ReferenceIndex } from "./reference.js";
import { type Violation, violation } from "./violations.js";

export const NARRATIVE_SECTIONS = [
  { key: "progress", label: "工作进展" },
  { key: "problems", label: "存在问题" },
  { key: "nextSteps", label: "下步工作" },
] as const;
export type NarrativeKey = (typeof NARRATIVE_SECTIONS)[number]["key"];
export type Narrative = Record<NarrativeKey, string>;
/** Longest text of one section (a bulletin's section is a few paragraphs). */
export const NARRATIVE_MAX = 5000;

export interface BulletinHeader {
  /** The issuing body (发文机关), from the campaign file. */
  issuer: string;
  /** 抄送, from the campaign file. */
  copyTo: string[];
  /** 第 N 期: allocated once, when the bulletin is issued. */
  number?: number;
  /** China date of issue, YYYY-MM-DD. */
  issueDate?: string;
}

export interface Bulletin {
  id: string;
  status: "draft" | "issued";
  version: number;
  title: string;
  header: BulletinHeader;
  narrative: Narrative;
  /** The district's figures the draft was made from; frozen with the bulletin when it is issued. */
  progress: Progress;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  issuedAt?: string;
  issuedBy?: string;
}

export type BulletinSummary = Pick<Bulletin, "id" | "status" | "version" | "title" | "createdAt" | "createdBy" | "issuedAt"> & {
  number?: number;
  issueDate?: string;
  asOf: string;
};

export function summaryOf(b: Bulletin): BulletinSummary {
  return {
    id: b.id,
    status: b.status,
    version: b.version,
    title: b.title,
    createdAt: b.createdAt,
    createdBy: b.createdBy,
    asOf: b.progress.asOf,
    ...(b.issuedAt ? { issuedAt: b.issuedAt } : {}),
    ...(b.header.number ? { number: b.header.number, issueDate: b.header.issueDate } : {}),
  };
}

/** The header of a new draft: the issuing body and 抄送 of the campaign file (默认: 〈区〉治水办, no 抄送). */
export function draftHeader(campaign: Campaign, ref: ReferenceIndex): BulletinHeader {
  return { issuer: campaign.bulletin?.issuer ?? `${ref.district.name}治水办`, copyTo: [...(campaign.bulletin?.copyTo ?? [])] };
}

/** 2026-12-01 → 2026年12月1日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** The header's lines as printed: issuing body, 第 N 期 (or 草稿), date. */
export function headerLines(b: Pick<Bulletin, "status" | "header" | "progress">): { issuer: string; number: string; date: string } {
  const h = b.header;
  return {
    issuer: h.issuer,
    number: b.status === "issued" && h.number ? `第 ${h.number} 期` : "（草稿，未编号）",
    date: chineseDate(h.issueDate ?? chinaDate(new Date(b.progress.asOf))),
  };
}

/** What every form of the bulletin prints around its figures: the page, the e-mail, the sheet, the .docx. */
export interface DocumentParts {
  issuer: string;
  /** 第 N 期, or 草稿 on a draft. */
  number: string;
  /** 2026年12月1日 */
  date: string;
  title: string;
  sections: { label: string; text: string }[];
  copyTo: string[];
}

export function documentParts(b: Pick<Bulletin, "status" | "header" | "progress" | "title" | "narrative">): DocumentParts {
  const lines = headerLines(b);
  return {
    ...lines,
    title: b.title,
    sections: NARRATIVE_SECTIONS.map((s) => ({ label: s.label, text: b.narrative[s.key] })),
    copyTo: b.header.copyTo,
  };
}

/** 抄送：A，B。 (nothing when the list is empty) */
export const copyToLine = (copyTo: string[]) => (copyTo.length ? `抄送：${copyTo.join("，")}。` : "");

/** The section headings as a bulletin numbers them: 一、工作进展 */
export const sectionHeading = (i: number, label: string) => `${ORDINALS[i] ?? i + 1}、${label}`;

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/** 一是……；二是……。 */
const points = (items: string[]) => items.map((t, i) => `${ORDINALS[i] ?? i + 1}是${t}`).join("；") + (items.length ? "。" : "");
const top = <T>(items: T[], by: (t: T) => number, label: (t: T) => string, n = 3) =>
  items
    .filter((t) => by(t) > 0)
    .sort((a, c) => by(c) - by(a) || label(a).localeCompare(label(c), "zh-Hans-CN"))
    .slice(0, n);

/** The three sections drafted from the district's figures; the coordinator edits them before issue. */
export function draftNarrative(p: Progress): Narrative {
  const b = p.bulletin;
  const d = p.district;
  const date = chineseDate(chinaDate(new Date(p.asOf)));
  const supervision = b?.supervision;
  const lead = supervision ? `整治行动已于${chineseDate(supervision.since)}结束，现处动态监管阶段。` : "";
  const inventories = INVENTORY.keys.map((k) => `${INVENTORY.label(k)} ${d.inventory[k].total} 个、已完成 ${d.inventory[k].done} 个`).join("；");
  const progress = [
    `${lead}截至${date}，全区排污口 ${d.total} 个（另认定非排污口 ${d.dismissed} 个），已溯源 ${d.traced} 个（${d.tracedPct}%），已完成整治 ${d.done} 个（${d.donePct}%）。其中${inventories}。`,
  ];
  const milestones = (b?.milestones ?? []).filter((m) => m.total > 0);
  if (milestones.length) {
    progress.push(`分节点看：${milestones.map((m) => `${m.label}（${m.deadline}）完成 ${m.done}/${m.total} 个（${m.donePct}%）${m.overdue ? `，逾期 ${m.overdue} 个` : ""}`).join("；")}。`);
  }
  const actions = (b?.remediation ?? []).filter((r) => r.total > 0 && r.key !== "undecided");
  if (actions.length) {
    const undecided = b!.remediation.find((r) => r.key === "undecided")?.total ?? 0;
    const parts = actions.map((r) => `${r.label} ${r.total} 个${r.sewerConnected ? `（其中截污纳管 ${r.sewerConnected} 个）` : ""}`);
    progress.push(`按整治方式：${parts.join("、")}${undecided ? `，尚未确定整治方式 ${undecided} 个` : ""}。`);
  }
  if (supervision) progress.push(`保留排污口 ${supervision.retained} 个。`);

  const problems: string[] = [];
  const subs = top(b?.bySubdistrict ?? [], (s) => s.lateWaiting, (s) => s.label);
  const depts = top(b?.byDepartment ?? [], (s) => s.waiting, (s) => s.label);
  const late = b?.lateList.length ?? 0;
  if (supervision) {
    problems.push(`整治行动遗留逾期未完成 ${supervision.stillOverdue} 个，重新打开（复发）${supervision.reopened} 个，整治行动结束后新发现 ${supervision.newSinceEnd} 个。`);
  }
  if (!b || late === 0) {
    problems.push("无逾期或滞留的排污口。");
  } else {
    const onDepartments = b.byDepartment.reduce((n, s) => n + s.lateWaiting, 0);
    const onSubdistricts = b.bySubdistrict.reduce((n, s) => n + s.lateWaiting, 0);
    problems.push(
      `逾期或滞留排污口 ${late} 个，其中等待街道办理 ${onSubdistricts} 个、等待监管部门验收 ${onDepartments} 个、等待区治水办指定责任主体或审批 ${b.coordinator.lateWaiting} 个。`,
    );
    if (subs.length) problems.push(`等待街道办理的逾期或滞留排污口较多的街道：${subs.map((s) => `${s.label}（${s.lateWaiting} 个）`).join("、")}。`);
  }
  if (depts.length) problems.push(`等待验收较多的部门：${depts.map((s) => `${s.label}（${s.waiting} 个，其中逾期或滞留 ${s.lateWaiting} 个）`).join("、")}。`);
  const red = (b?.bySubdistrict ?? []).filter((s) => s.rag === "red").map((s) => s.label);
  if (red.length) problems.push(`亮红灯的街道：${red.join("、")}。`);

  const steps: string[] = [];
  if (supervision) {
    if (supervision.stillOverdue) steps.push(`对整治行动遗留逾期的 ${supervision.stillOverdue} 个排污口限期完成整治`);
    if (supervision.newSinceEnd) steps.push(`对整治行动结束后新发现的 ${supervision.newSinceEnd} 个排污口纳入台账，按程序溯源、整治`);
  }
  if (subs.length) steps.push(`请${subs.map((s) => s.label).join("、")}对等待街道办理的逾期排污口逐个明确办理时限，加快溯源、整治`);
  if (depts.length) steps.push(`请${depts.map((s) => s.label).join("、")}及时组织验收、销号`);
  if (b?.coordinator.lateWaiting) steps.push(`区治水办对 ${b.coordinator.lateWaiting} 个溯源逾期的排污口指定责任主体`);
  const today = chinaDate(new Date(p.asOf));
  const next = milestones.filter((m) => m.deadline >= today && m.done < m.total).sort((a, c) => a.deadline.localeCompare(c.deadline))[0];
  if (next) steps.push(`${chineseDate(next.deadline)}前完成“${next.label}”的整治（尚余 ${next.total - next.done} 个）`);
  if (supervision) steps.push("对保留排污口定期巡查、监测，发现问题及时重新打开整治");
  if (!steps.length) steps.push("继续按实施方案推进排查整治，巩固整治成效");

  return { progress: progress.join(""), problems: problems.join(""), nextSteps: points(steps) };
}

/** Checks a narrative edit (PATCH body `narrative`): only the three sections, text, not blank, not too long. */
export function checkNarrativeEdit(raw: unknown): { edit: Partial<Narrative>; violations: Violation[] } {
  const violations: Violation[] = [];
  const edit: Partial<Narrative> = {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { edit, violations: [violation("narrative", "R-TYPE", "「通报正文」应为对象，包含 工作进展（progress）、存在问题（problems）、下步工作（nextSteps）")] };
  }
  const known = new Map<string, string>(NARRATIVE_SECTIONS.map((s) => [s.key, s.label]));
  for (const [key, value] of Object.entries(raw)) {
    const label = known.get(key);
    if (!label) {
      violations.push(violation(`narrative.${key}`, "R-UNKNOWN-FIELD", `不认识的字段「${key}」，通报正文只有 工作进展、存在问题、下步工作 三部分`));
    } else if (typeof value !== "string") {
      violations.push(violation(`narrative.${key}`, "R-TYPE", `「${label}」应为文字`));
    } else if (!value.trim()) {
      violations.push(violation(`narrative.${key}`, "R-REQUIRED", `「${label}」不能为空`));
    } else if (value.length > NARRATIVE_MAX) {
      violations.push(violation(`narrative.${key}`, "R-RANGE", `「${label}」最多 ${NARRATIVE_MAX} 字，现有 ${value.length} 字`));
    } else {
      edit[key as NarrativeKey] = value.trim();
    }
  }
  if (!violations.length && !Object.keys(edit).length) {
    violations.push(violation("narrative", "R-REQUIRED", "「通报正文」至少要修改 工作进展、存在问题、下步工作 中的一部分"));
  }
  return { edit, violations };
}
