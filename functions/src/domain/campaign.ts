// Campaign deadlines (domain.md §4) as data: each rule says which outfalls it applies to and by when they
// must be investigated, traced and remediated. The earliest applicable rule wins; an approved transition
// period (过渡期) or a coordinator's override moves it. Another district or a later campaign loads its own file.
import * as z from "zod/mini";
import { builtOnFirstUse } from "./meta.js";
import { CATEGORY, DONE_STATUSES, RECEIVING, STATUS } from "./enums.js";
import type { Outfall } from "./outfall.js";

/** What deadlines and derived status depend on: a record, or the compact progress summary of one. */
export type DeadlineInput = Pick<
  Outfall,
  "status" | "category" | "subcategory" | "receiving" | "waterBody" | "zones" | "dryWeatherFlow" | "transitionUntil" | "deadlineOverride" | "problems"
>;
import type { ReferenceIndex } from "./reference.js";

/** The campaign file's schema, built on first use: only validation needs it (a REFERENCE_DIR at start, the
 *  CDK app at synth; a Lambda bundle's file was checked when the stack was synthesized). */
function buildSchemas() {
  const Predicate = z.union([
    z.strictObject({ zone: z.enum(["nearVenue", "drinkingWaterProtection", "natureReserve", "specialProtection"]) }),
    z.strictObject({ waterBody: z.enum(["mainStemOrTributary", "asianGamesCore", "drinkingWaterSource"]) }),
    z.strictObject({ category: z.array(CATEGORY.schema).check(z.minLength(1)) }),
    z.strictObject({ subcategory: z.array(z.string()).check(z.minLength(1)) }),
    z.strictObject({ receiving: RECEIVING.schema }),
    z.strictObject({ stormwater: z.boolean() }),
    z.strictObject({ dryWeatherFlow: z.boolean() }),
    /** Named water bodies (e.g. the poor-quality waters that get more frequent monitoring). */
    z.strictObject({ waterBodyIn: z.array(z.string()).check(z.minLength(1)) }),
  ]);

  const Condition = z.union([
    z.strictObject({ any: z.array(Predicate).check(z.minLength(1)) }),
    z.strictObject({ all: z.array(Predicate).check(z.minLength(1)) }),
    z.strictObject({ always: z.literal(true) }),
  ]);

  const CampaignSchema = z.strictObject({
    key: z.string().check(z.minLength(1)),
    name: z.string().check(z.minLength(1)),
    source: z.optional(z.string()),
    investigationDeadline: z.iso.date(),
    /** The latest end of a transition period (过渡期, R-TRANSITION). */
    transitionCap: z.optional(z.iso.date()),
    dueSoonDays: z.int().check(z.positive()),
    stalledDays: z.int().check(z.positive()),
    /** The digest's title once the last deadline has passed (动态监管), without the finished campaign's years. */
    supervisionTitle: z.optional(z.string().check(z.minLength(1))),
    /** Days without a patrol or monitoring after which a retained outfall is reported in supervision. */
    patrolDays: z.optional(z.int().check(z.positive())),
    /** Days a 转巡查 task (督导交办 to the report's subdistrict) has when the clerk names no due date. */
    reportPatrolDays: z.optional(z.int().check(z.positive())),
    /** Monitoring plans (监测计划, domain.md §6): how often an outfall in supervision is sampled; the first plan
     *  whose `when` holds applies; outfalls of `statuses` (default retained) are planned. */
    monitoring: z.optional(z.strictObject({
      statuses: z.optional(z.array(STATUS.schema).check(z.minLength(1))),
      plans: z.array(z.strictObject({ key: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)), label: z.string().check(z.minLength(1)), everyDays: z.int().check(z.positive()), source: z.optional(z.string()), when: Condition })).check(z.minLength(1)),
    })),
    /** Recheck after close-out (销号后复查): the share of closed and retained outfalls drawn for a recheck patrol,
     *  among those done within `withinDays`, and the days a drawn recheck has to be answered. */
    recheck: z.optional(z.strictObject({ sharePct: z.number().check(z.gte(0), z.lte(100)), withinDays: z.int().check(z.positive()), answerDays: z.int().check(z.positive()) })),
    /** Red/amber/green (亮灯): green needs at least `green.donePct` done and at most `green.overduePct` of the
     *  group late (on the group itself); red is below `red.donePct` done or above `red.overduePct` late; amber between. */
    rag: z.optional(z.strictObject({
      green: z.strictObject({ donePct: z.number().check(z.gte(0), z.lte(100)), overduePct: z.number().check(z.gte(0), z.lte(100)) }),
      red: z.strictObject({ donePct: z.number().check(z.gte(0), z.lte(100)), overduePct: z.number().check(z.gte(0), z.lte(100)) }),
    })),
    /** The bulletin's issuing header (调度通报): the issuing body and the 抄送 list printed at its end. */
    bulletin: z.optional(z.strictObject({
      issuer: z.string().check(z.minLength(1), z.maxLength(60)),
      copyTo: z.array(z.string().check(z.minLength(1), z.maxLength(60))).check(z.maxLength(40)),
    })),
    rules: z.array(
      z.strictObject({
        key: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)),
        label: z.string().check(z.minLength(1)),
        deadline: z.iso.date(),
        source: z.optional(z.string()),
        when: Condition,
      }),
    ).check(z.minLength(1)),
  });
  return { CampaignSchema, Predicate };
}

const campaignSchemas = builtOnFirstUse(buildSchemas);
type Predicate = z.infer<ReturnType<typeof buildSchemas>["Predicate"]>;
type Condition = Campaign["rules"][number]["when"];
export type Campaign = z.infer<ReturnType<typeof buildSchemas>["CampaignSchema"]>;

export class CampaignDataError extends Error {}

/** Validates a campaign file against the reference data; the message names the rule at fault. */
export function validateCampaign(raw: unknown, ref: ReferenceIndex, source = "campaign.json"): Campaign {
  const parsed = campaignSchemas().CampaignSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${source}: ${i.path.join(".")}: ${i.message}`);
    throw new CampaignDataError(lines.join("\n"));
  }
  const campaign = parsed.data;
  const problems: string[] = [];
  const keys = new Set<string>();
  const checkReferences = (when: Campaign["rules"][number]["when"], at: string) => {
    const predicates = "always" in when ? [] : "any" in when ? when.any : when.all;
    for (const p of predicates) {
      if ("subcategory" in p) {
        for (const s of p.subcategory) if (!ref.subcategoryByKey.has(s)) problems.push(`${source}: ${at}: unknown subcategory "${s}"`);
      }
      if ("waterBodyIn" in p) {
        for (const w of p.waterBodyIn) if (!ref.waterBodyByKey.has(w)) problems.push(`${source}: ${at}: unknown water body "${w}"`);
      }
    }
  };
  campaign.rules.forEach((rule, i) => {
    if (keys.has(rule.key)) problems.push(`${source}: rules[${i}] "${rule.key}": key is used twice`);
    keys.add(rule.key);
    checkReferences(rule.when, `rules[${i}] "${rule.key}"`);
  });
  campaign.monitoring?.plans.forEach((plan, i) => checkReferences(plan.when, `monitoring.plans[${i}] "${plan.key}"`));
  if (campaign.rag) {
    const { green, red } = campaign.rag;
    if (green.donePct < red.donePct) problems.push(`${source}: rag: green.donePct (${green.donePct}) is below red.donePct (${red.donePct})`);
    if (green.overduePct > red.overduePct) problems.push(`${source}: rag: green.overduePct (${green.overduePct}) is above red.overduePct (${red.overduePct})`);
  }
  if (!campaign.rules.some((r) => "always" in r.when)) problems.push(`${source}: no rule applies to every outfall ("when": { "always": true })`);
  if (problems.length) throw new CampaignDataError(problems.join("\n"));
  return campaign;
}

function holds(p: Predicate, record: DeadlineInput, ref: ReferenceIndex): boolean {
  if ("zone" in p) return record.zones?.[p.zone] === true;
  if ("waterBody" in p) return ref.waterBodyByKey.get(record.waterBody)?.[p.waterBody] === true;
  if ("category" in p) return p.category.includes(record.category);
  if ("subcategory" in p) return record.subcategory !== undefined && p.subcategory.includes(record.subcategory);
  if ("receiving" in p) return record.receiving === p.receiving;
  if ("stormwater" in p) return (ref.subcategoryByKey.get(record.subcategory ?? "")?.stormwater ?? false) === p.stormwater;
  if ("waterBodyIn" in p) return p.waterBodyIn.includes(record.waterBody);
  return record.dryWeatherFlow === p.dryWeatherFlow;
}

function applies(rule: Campaign["rules"][number], record: DeadlineInput, ref: ReferenceIndex): boolean {
  return conditionHolds(rule.when, record, ref);
}

/** Whether a campaign condition (`any`, `all`, `always`) holds for a record. */
export function conditionHolds(when: Condition, record: DeadlineInput, ref: ReferenceIndex): boolean {
  if ("always" in when) return true;
  if ("any" in when) return when.any.some((p) => holds(p, record, ref));
  return when.all.every((p) => holds(p, record, ref));
}

export interface Deadline {
  date: string;
  /** The campaign rule key, or "transition" / "override" when those moved it. */
  rule: string;
  label: string;
  /** The campaign's own deadline, shown beside a moved one. */
  campaignDate: string;
  campaignRule: string;
}

export function effectiveDeadline(record: DeadlineInput, campaign: Campaign, ref: ReferenceIndex): Deadline {
  const applicable = campaign.rules.filter((r) => applies(r, record, ref));
  const earliest = applicable.reduce((a, b) => (b.deadline < a.deadline ? b : a));
  const base = { campaignDate: earliest.deadline, campaignRule: earliest.key };
  if (record.deadlineOverride) {
    return { ...base, date: record.deadlineOverride.date, rule: "override", label: `区治水办调整：${record.deadlineOverride.reason}` };
  }
  if (record.transitionUntil) {
    return { ...base, date: record.transitionUntil.until, rule: "transition", label: `过渡期：${record.transitionUntil.reason}` };
  }
  return { ...base, date: earliest.deadline, rule: earliest.key, label: earliest.label };
}

/** The calendar date in China Standard Time, where the plan's deadlines live. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** Whole days from `date` to today (China time); positive once it has passed. */
export const daysPast = (date: string, now: Date) => dayNumber(chinaDate(now)) - dayNumber(date);

/** Fields derived on every read: they depend on the clock, so they are computed, never stored. */
export interface Derived {
  onProblemList: boolean;
  effectiveDeadline: string;
  deadlineRule: string;
  deadlineLabel: string;
  campaignDeadline: string;
  overdue: boolean;
  /** Negative when overdue; the deadline day itself counts as 0. */
  daysToDeadline: number;
  done: boolean;
  /** Still not traced although its deadline passed: tracing failed and must end in a designation (R-TRACE-DEADLINE). */
  traceOverdue: boolean;
  /** 排查逾期: still suspected (neither confirmed nor dismissed) after the campaign's investigation date. */
  investigationOverdue: boolean;
}

export const DERIVED_FIELDS = [
  "onProblemList",
  "effectiveDeadline",
  "deadlineRule",
  "deadlineLabel",
  "campaignDeadline",
  "overdue",
  "daysToDeadline",
  "done",
  "traceOverdue",
  "investigationOverdue",
] as const;

export function deriveStatus(record: DeadlineInput, campaign: Campaign, ref: ReferenceIndex, now: Date): Derived {
  const deadline = effectiveDeadline(record, campaign, ref);
  const done = DONE_STATUSES.includes(record.status) || record.status === "dismissed";
  const today = chinaDate(now);
  const days = dayNumber(deadline.date) - dayNumber(today);
  const overdue = !done && days < 0;
  return {
    onProblemList: (record.problems?.length ?? 0) > 0 && record.status !== "dismissed",
    effectiveDeadline: deadline.date,
    deadlineRule: deadline.rule,
    deadlineLabel: deadline.label,
    campaignDeadline: deadline.campaignDate,
    overdue,
    daysToDeadline: days,
    done,
    traceOverdue: overdue && (record.status === "suspected" || record.status === "confirmed"),
    investigationOverdue: record.status === "suspected" && today > campaign.investigationDeadline,
  };
}

/** The campaign's last date: its latest rule deadline or investigation date. */
export const campaignEnd = (campaign: Campaign) => campaign.rules.reduce((end, r) => (r.deadline > end ? r.deadline : end), campaign.investigationDeadline);

/** 整治 while any deadline of the campaign is ahead; 动态监管 (supervision) once the last one has passed. */
export const campaignMode = (campaign: Campaign, now: Date): "campaign" | "supervision" => (chinaDate(now) > campaignEnd(campaign) ? "supervision" : "campaign");
