// The figures a district's progress bulletin (调度通报, domain.md §7) is judged by: completion per milestone
// of the campaign file, counts by remediation, whom each late outfall waits on, red/amber/green per
// subdistrict and department with a ranking that does not count a department's delay against a
// subdistrict, and — once the campaign's last deadline has passed — dynamic supervision (动态监管).
// Pure: the same compact records as progress.ts, the campaign, the reference data and the time.
import { type Campaign, type Derived, campaignEnd, campaignMode, chinaDate, deriveStatus, effectiveDeadline } from "./campaign.js";
import { ACTION, type Status } from "./enums.js";
import type { Group, ProgressInput } from "./progress.js";
import type { ReferenceIndex } from "./reference.js";
import { monitoringDue } from "./supervision/monitoring.js";

/** Whose move it is on an open outfall. */
export type WaitingOn = { kind: "subdistrict"; key: string } | { kind: "department"; key: string } | { kind: "coordinator" };

/**
 * Whom an open outfall waits on, read from its lifecycle state:
 * - 待验收 (awaiting acceptance): the supervising department, which accepts and closes it out (the
 *   coordinator when the record has no department yet);
 * - 已核实 past its deadline: tracing failed, and R-TRACE-DEADLINE says it must end in a designation of the
 *   responsible party, which only the coordinator makes;
 * - everything else (suspected, confirmed in time, traced, remediating): the subdistrict, which registers,
 *   traces, plans and remediates. A deadline override or transition period has no request state in the
 *   ledger (the coordinator sets it directly), so nothing is counted as waiting on one.
 */
export function waitingOn(r: Pick<ProgressInput, "status" | "subdistrict" | "department">, d: Pick<Derived, "overdue">): WaitingOn {
  if (r.status === "awaiting-acceptance") return r.department ? { kind: "department", key: r.department } : { kind: "coordinator" };
  if (r.status === "confirmed" && d.overdue) return { kind: "coordinator" };
  return { kind: "subdistrict", key: r.subdistrict };
}

export interface MilestoneFigures {
  /** A campaign rule key, or `investigation`. */
  key: string;
  label: string;
  deadline: string;
  /** Outfalls this milestone applies to (their earliest campaign rule; dismissed ones left out). */
  total: number;
  /** The same when the deadline has passed, else 0: what should be done by now. */
  due: number;
  done: number;
  donePct: number;
  overdue: number;
}

export type RemediationKey = (typeof ACTION.keys)[number] | "undecided";

export interface RemediationFigures {
  key: RemediationKey;
  label: string;
  total: number;
  done: number;
  /** Merges connected to the municipal sewer (截污纳管); only on `merge`. */
  sewerConnected?: number;
}

/** `none`: a subdistrict or department without outfalls has nothing to light. */
export type Rag = "green" | "amber" | "red" | "none";

export interface PartyFigures {
  key: string;
  label: string;
  total: number;
  /** Open records that are overdue or stalled (no change for `stalledDays`) and wait on this party. */
  lateWaiting: number;
  /** Open records waiting on this party, late or not. */
  waiting: number;
  rag: Rag;
}

export interface SubdistrictFigures extends PartyFigures {
  /** Done, plus open records whose next move is a department's or the coordinator's: the subdistrict's part is done. */
  creditPct: number;
  /** Late records of this subdistrict that wait on a department or the coordinator. */
  lateWaitingOthers: number;
  dismissed: number;
  transitions: number;
}

export interface LateItem {
  id: string;
  tempId: string;
  name: string;
  subdistrict: string;
  status: Status;
  overdue: boolean;
  stalled: boolean;
  daysOverdue: number;
  waitingOn: WaitingOn;
}

export interface SupervisionFigures {
  /** Open records of the finished campaign still past their deadline. */
  stillOverdue: number;
  retained: number;
  /** Retained outfalls without a patrol or monitoring within `patrolDays`. */
  retainedWithoutPatrol: number;
  /** The window of that figure, in days (campaign.json `patrolDays`, default 90). */
  patrolDays: number;
  /** Outfalls whose monitoring plan (campaign.json `monitoring`) asks for a sample that is overdue. */
  monitoringOverdue: number;
  /** Targets of recheck samples (销号后复查) past their answer date without a result (set by the app). */
  recheckUnanswered?: number;
  /** Assigned tasks (督导交办) past their deadline and not answered: escalated by name (set by the app). */
  overdueTasks?: { id: string; title: string; assignee: string; deadline: string; status: string }[];
  reopened: number;
  /** Outfalls registered after the campaign's last date. */
  newSinceEnd: number;
  since: string;
}

export type RagThresholds = NonNullable<Campaign["rag"]>;
const DEFAULT_RAG: RagThresholds = { green: { donePct: 90, overduePct: 5 }, red: { donePct: 60, overduePct: 20 } };

export interface BulletinFigures {
  mode: "campaign" | "supervision";
  /** The thresholds the lights were set with (the page's legend states them). */
  rag: RagThresholds;
  title: string;
  campaignEnd: string;
  milestones: MilestoneFigures[];
  remediation: RemediationFigures[];
  bySubdistrict: SubdistrictFigures[];
  byDepartment: PartyFigures[];
  coordinator: { waiting: number; lateWaiting: number };
  /** Subdistricts by credit share, then by fewer late records of their own; ties share a rank. */
  fairRanking: { rank: number; key: string; label: string; creditPct: number; lateWaiting: number }[];
  lateList: LateItem[];
  supervision?: SupervisionFigures;
}

/** A retained outfall should be patrolled or monitored at least this often unless the campaign says otherwise. */
export const DEFAULT_PATROL_DAYS = 90;

/** When someone last looked at the outfall (patrol or monitoring), as epoch ms; 0 when never. */
export function lastLookedAt(r: Pick<ProgressInput, "lastPatrolAt" | "lastMonitoringAt">): number {
  return Math.max(r.lastPatrolAt ? Date.parse(r.lastPatrolAt) : 0, r.lastMonitoringAt ? Date.parse(r.lastMonitoringAt) : 0);
}

const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

/** Red/amber/green from the share done and the share late, with the campaign's thresholds. */
export function ragOf(donePct: number, latePct: number, campaign: Campaign): Rag {
  const t = campaign.rag ?? DEFAULT_RAG;
  if (donePct < t.red.donePct || latePct > t.red.overduePct) return "red";
  if (donePct >= t.green.donePct && latePct <= t.green.overduePct) return "green";
  return "amber";
}

export const RAG_LABELS: Record<Rag, string> = { green: "绿灯", amber: "黄灯", red: "红灯", none: "—" };
export const RAG_COLOURS: Record<Rag, string> = { green: "#c8e6c9", amber: "#fff59d", red: "#ffcdd2", none: "" };

export function computeBulletin(
  records: readonly ProgressInput[],
  ref: ReferenceIndex,
  campaign: Campaign,
  now: Date,
  groups: { bySubdistrict: Group[]; byDepartment: Group[] },
): BulletinFigures {
  const end = campaignEnd(campaign);
  const mode = campaignMode(campaign, now);
  const today = chinaDate(now);
  const stalledBefore = now.getTime() - campaign.stalledDays * 86_400_000;
  const milestones = new Map<string, MilestoneFigures>(
    campaign.rules.map((r) => [r.key, { key: r.key, label: r.label, deadline: r.deadline, total: 0, due: 0, done: 0, donePct: 0, overdue: 0 }]),
  );
  const investigation: MilestoneFigures = { key: "investigation", label: "全部排污口和雨洪排口排查", deadline: campaign.investigationDeadline, total: 0, due: 0, done: 0, donePct: 0, overdue: 0 };
  const remediation = new Map<RemediationKey, RemediationFigures>([
    ...ACTION.keys.map((k) => [k, { key: k, label: ACTION.label(k), total: 0, done: 0, ...(k === "merge" ? { sewerConnected: 0 } : {}) }] as const),
    ["undecided", { key: "undecided", label: "尚未确定整治方式", total: 0, done: 0 }],
  ]);
  const party = (key: string) => ({ key, waiting: 0, lateWaiting: 0, lateWaitingOthers: 0 });
  const subs = new Map(ref.subdistricts.map((s) => [s.key, party(s.key)]));
  const depts = new Map(ref.departments.map((d) => [d.key, party(d.key)]));
  const coordinator = { waiting: 0, lateWaiting: 0 };
  const lateList: LateItem[] = [];
  const supervision = { stillOverdue: 0, retained: 0, retainedWithoutPatrol: 0, monitoringOverdue: 0, reopened: 0, newSinceEnd: 0 };
  const patrolDays = campaign.patrolDays ?? DEFAULT_PATROL_DAYS;
  const patrolledSince = now.getTime() - patrolDays * 86_400_000;

  for (const r of records) {
    if (r.createdAt && chinaDate(new Date(r.createdAt)) > end) supervision.newSinceEnd++;
    if (r.reopenedAt) supervision.reopened++;
    investigation.total++;
    if (r.status !== "suspected") investigation.done++;
    else if (today > campaign.investigationDeadline) investigation.overdue++;
    if (r.status === "dismissed") continue;
    if (monitoringDue(r, campaign, ref, now)?.overdue) supervision.monitoringOverdue++;
    const d = deriveStatus(r, campaign, ref, now);
    const milestone = milestones.get(effectiveDeadline(r, campaign, ref).campaignRule)!;
    milestone.total++;
    if (d.done) milestone.done++;
    if (d.overdue) milestone.overdue++;
    const action = remediation.get(r.action ?? "undecided")!;
    action.total++;
    if (d.done) action.done++;
    if (r.action === "merge" && r.sewerConnected) action.sewerConnected!++;
    if (r.status === "retained") {
      supervision.retained++;
      if (lastLookedAt(r) < patrolledSince) supervision.retainedWithoutPatrol++;
    }
    if (d.done) continue;
    if (d.overdue) supervision.stillOverdue++;
    const waits = waitingOn(r, d);
    const stalled = Date.parse(r.updatedAt) < stalledBefore;
    const late = d.overdue || d.investigationOverdue || stalled;
    const target = waits.kind === "subdistrict" ? subs.get(waits.key) : waits.kind === "department" ? depts.get(waits.key) : coordinator;
    if (target) {
      target.waiting++;
      if (late) target.lateWaiting++;
    }
    if (waits.kind !== "subdistrict") {
      const own = subs.get(r.subdistrict);
      if (own && late) own.lateWaitingOthers++;
    }
    if (late) {
      lateList.push({
        id: r.id,
        tempId: r.tempId,
        name: r.name,
        subdistrict: r.subdistrict,
        status: r.status,
        overdue: d.overdue || d.investigationOverdue,
        stalled,
        daysOverdue: Math.max(0, -d.daysToDeadline),
        waitingOn: waits,
      });
    }
  }

  for (const m of [investigation, ...milestones.values()]) {
    m.due = today > m.deadline ? m.total : 0;
    m.donePct = pct(m.done, m.total);
  }
  const bySubdistrict = groups.bySubdistrict.map((g): SubdistrictFigures => {
    const s = subs.get(g.key) ?? party(g.key);
    // Open records waiting on others: all open ones minus those waiting on the subdistrict itself.
    const waitingOnOthers = g.total - g.done - s.waiting;
    const creditPct = pct(g.done + waitingOnOthers, g.total);
    return {
      key: g.key,
      label: g.label,
      total: g.total,
      waiting: s.waiting,
      lateWaiting: s.lateWaiting,
      lateWaitingOthers: s.lateWaitingOthers,
      creditPct,
      dismissed: g.dismissed,
      transitions: g.transitions ?? 0,
      rag: g.total ? ragOf(creditPct, pct(s.lateWaiting, g.total), campaign) : "none",
    };
  });
  const byDepartment = groups.byDepartment.map((g): PartyFigures => {
    const s = depts.get(g.key) ?? party(g.key);
    return { key: g.key, label: g.label, total: g.total, waiting: s.waiting, lateWaiting: s.lateWaiting, rag: g.total ? ragOf(g.donePct, pct(s.lateWaiting, g.total), campaign) : "none" };
  });
  const ranked = bySubdistrict
    .filter((s) => s.total > 0)
    .sort((a, b) => b.creditPct - a.creditPct || a.lateWaiting - b.lateWaiting || a.label.localeCompare(b.label, "zh-Hans-CN"));
  const fairRanking = ranked.map((s, i) => ({ rank: i + 1, key: s.key, label: s.label, creditPct: s.creditPct, lateWaiting: s.lateWaiting }));
  fairRanking.forEach((e, i) => {
    const prev = fairRanking[i - 1];
    if (prev && prev.creditPct === e.creditPct && prev.lateWaiting === e.lateWaiting) e.rank = prev.rank;
  });
  return {
    mode,
    rag: campaign.rag ?? DEFAULT_RAG,
    title: mode === "supervision" ? (campaign.supervisionTitle ?? `${ref.district.name}入河入海排污口动态监管`) : campaign.name,
    campaignEnd: end,
    milestones: [...campaign.rules.filter((r) => r.deadline <= campaign.investigationDeadline).map((r) => milestones.get(r.key)!), investigation, ...campaign.rules.filter((r) => r.deadline > campaign.investigationDeadline).map((r) => milestones.get(r.key)!)],
    remediation: [...remediation.values()],
    bySubdistrict,
    byDepartment,
    coordinator,
    fairRanking,
    lateList: lateList.sort((a, b) => b.daysOverdue - a.daysOverdue || a.tempId.localeCompare(b.tempId)),
    ...(mode === "supervision" ? { supervision: { ...supervision, patrolDays, since: end } } : {}),
  };
}
