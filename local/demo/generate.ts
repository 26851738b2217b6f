// A deterministic generator of a realistic DEMO dataset for the local stack (`npm start` seeds an empty
// store with it; the seeder flags every record as demo). Everything here is invented: company names,
// people, phone numbers and credit codes are fictional (the credit codes only have a valid check
// character). The tables (vocabulary.ts: roads, water bodies per subdistrict, names) are demo data, not
// logic; the district's real lists come from functions/reference/.
//
// Same seed → same output: all randomness comes from a small seeded PRNG (random.ts), and no date
// depends on the clock (the simulated "today" is DEMO_AS_OF).
import { STATUS, type Status } from "../../functions/src/domain/enums.js";
import { isPointInPolygon, roundCoord } from "../../functions/src/domain/geo.js";
import { deriveFields } from "../../functions/src/domain/record.js";
import { inProtectedZone } from "../../functions/src/domain/rules.js";
import type { DryWeatherCheck, OutfallCreateInput } from "../../functions/src/domain/outfall.js";
import type { PhotoEntry } from "../../functions/src/domain/photo.js";
import type { ReferenceIndex, Subdistrict } from "../../functions/src/domain/reference.js";
import { type Action, Describer, STAGE } from "./describe.js";
import { People } from "./people.js";
import { demoPhoto } from "./photos.js";
import { AS_OF_DAY, Rng, START_DAY, dateOf, dayOf, stamp } from "./random.js";
import { FIELD_SURVEYORS, STATUS_WEIGHTS, WATER_BY_SUBDISTRICT } from "./vocabulary.js";

export interface DemoOutfall {
  values: OutfallCreateInput; // passes buildNewOutfall(values, ref) with ok: true
  lifecycle: {
    status: Status;
    /** YYYY-MM-DD, for awaiting-acceptance/closed/retained where work was done. */
    completedAt?: string;
    /** at = ISO timestamp with +08:00. */
    acceptance?: { by: string; at: string; result: "passed" | "rejected"; note?: string };
    /** closedAt: ISO timestamp with +08:00 (as the record's closedAt); closedBy: the department user. */
    closedAt?: string;
    closedBy?: string;
    /** Evidence of dismissals and dry-weather checks (files stored by the seeder, see photos.ts). */
    photos?: PhotoEntry[];
    dryWeatherChecks?: DryWeatherCheck[];
    dismissal?: { by: string; at: string; note: string; photoIds: string[] };
    /** A coordinator's approval of a non-ban action in a protected zone (R-PROTECTED). */
    protectedApproval?: { by: string; at: string; action: Action };
  };
  /** The simulated date of the last change, so the demo shows stalled and recent records. ISO timestamp. */
  updatedAt: string;
  createdAt: string;
}

export { DEMO_AS_OF, DEMO_START } from "./random.js";
export { DEMO_USERS, type DemoUser } from "./vocabulary.js";
export const DEMO_DEFAULT_COUNT = 336;
export const DEMO_DEFAULT_SEED = 20231013;

/** Counts per state for `count` records: proportional (largest remainder), every state at least once. */
function statusQuota(count: number): Status[] {
  const keys = STATUS.keys;
  const total = keys.reduce((s, k) => s + STATUS_WEIGHTS[k], 0);
  const exact = keys.map((k) => (STATUS_WEIGHTS[k] * count) / total);
  const counts = exact.map(Math.floor);
  const order = keys.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  let left = count - counts.reduce((s, c) => s + c, 0);
  for (const i of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  if (count >= keys.length) {
    // Take from the largest state for any state left empty.
    for (let i = 0; i < keys.length; i++) {
      if (counts[i] === 0) {
        const big = counts.indexOf(Math.max(...counts));
        counts[big]!--;
        counts[i] = 1;
      }
    }
  }
  return keys.flatMap((k, i) => Array<Status>(counts[i]!).fill(k));
}

class Generator {
  private readonly usedNames = new Set<string>();
  private photoCount = 0;
  private readonly d: Describer;
  private readonly people: People;

  constructor(
    private readonly ref: ReferenceIndex,
    private readonly rng: Rng,
  ) {
    this.d = new Describer(ref, rng);
    this.people = new People(ref, rng);
  }

  private point(sub: Subdistrict): { longitude: number; latitude: number } {
    const bounds = this.ref.district.bounds.polygon;
    for (let tries = 0; tries < 200; tries++) {
      const r = 1200 * Math.sqrt(this.rng.float());
      const theta = 2 * Math.PI * this.rng.float();
      const lat = sub.centre.lat + (r * Math.cos(theta)) / 111_320;
      const lng = sub.centre.lng + (r * Math.sin(theta)) / (111_320 * Math.cos((sub.centre.lat * Math.PI) / 180));
      const p = { lng: roundCoord(lng), lat: roundCoord(lat) };
      if (isPointInPolygon(p, bounds)) return { longitude: p.lng, latitude: p.lat };
    }
    return { longitude: roundCoord(sub.centre.lng), latitude: roundCoord(sub.centre.lat) };
  }

  private waterBody(sub: Subdistrict): string {
    const table = (WATER_BY_SUBDISTRICT[sub.key] ?? []).filter(([k]) => this.ref.waterBodyByKey.has(k));
    if (table.length) return this.rng.weighted(table);
    return this.rng.pick(this.ref.waterBodies).key;
  }

  outfall(sub: Subdistrict, status: Status): DemoOutfall {
    const r = this.rng;
    const ref = this.ref;
    const stage = STAGE[status];
    const point = this.point(sub);
    const waterBody = this.waterBody(sub);
    const waterName = ref.waterBodyByKey.get(waterBody)?.name ?? "河道";
    const community = sub.communities.length ? r.pick(sub.communities) : undefined;
    const where = this.d.address(sub, waterBody, waterName);
    const subKey = this.d.subcategory(sub, status);
    const subInfo = subKey ? ref.subcategoryByKey.get(subKey) : undefined;
    const storm = subInfo?.stormwater === true;
    // The work left late in the campaign is mostly the hard part: dry-weather flow from mixed connections.
    const dryFlow = storm && stage >= 1 && r.chance(stage === 3 || stage === 4 ? 0.5 : 0.25);
    const illicit =
      stage >= 2 && ((subKey === "urban-domestic-scattered" && r.chance(0.35)) || (dryFlow && r.chance(0.4)));

    // ---- timeline (days) ----
    let foundDay: number; // the first survey (level 1 or the first visit on foot)
    if (status === "suspected") foundDay = r.int(dayOf("2026-08-01"), AS_OF_DAY - 3);
    else if (status === "confirmed") foundDay = r.int(dayOf("2026-03-01"), AS_OF_DAY - 10);
    else if (status === "traced") foundDay = r.int(dayOf("2025-03-01"), dayOf("2026-05-31"));
    else if (status === "dismissed") foundDay = r.chance(0.8) ? r.int(START_DAY, dayOf("2023-12-20")) : r.int(dayOf("2025-06-01"), AS_OF_DAY - 20);
    else if (status === "awaiting-acceptance" || status === "remediating") foundDay = r.chance(0.75) ? r.int(START_DAY, dayOf("2023-12-20")) : r.int(dayOf("2024-03-01"), dayOf("2025-10-31"));
    else foundDay = r.chance(0.9) ? r.int(START_DAY, dayOf("2023-12-20")) : r.int(dayOf("2024-03-01"), dayOf("2025-06-30"));

    const level: 1 | 2 | 3 = stage === 0 ? 1 : stage >= 2 && (illicit || dryFlow) && r.chance(0.6) ? 3 : stage >= 2 && r.chance(0.1) ? 3 : 2;
    const suspectedFirst = status === "suspected" || status === "dismissed" || r.chance(0.35);
    const created = stamp(r, foundDay + r.int(0, 3));
    const createdDay = dayOf(created.iso.slice(0, 10));
    // Level 2 visit after a level-1 find, level 3 investigation after the visit.
    let surveyDay = foundDay;
    if (level >= 2 && suspectedFirst) surveyDay = createdDay + r.int(3, 30);
    if (level === 3) surveyDay += r.int(10, 60);
    if (status === "confirmed" || status === "dismissed") surveyDay = Math.min(surveyDay, AS_OF_DAY - 1);
    const surveyedAt = dateOf(surveyDay);
    const traceDay = stage >= 2 ? Math.min(surveyDay + r.int(15, 120), AS_OF_DAY - 2) : undefined;
    const planDay = stage >= 3 && traceDay !== undefined ? Math.min(traceDay + r.int(10, 45), AS_OF_DAY - 1) : undefined;

    // ---- values ----
    const values: OutfallCreateInput = {
      subdistrict: sub.key,
      ...(community ? { community } : {}),
      address: where.address,
      longitude: point.longitude,
      latitude: point.latitude,
      waterBody,
      receiving: "river",
      surveyLevel: level,
      surveyedAt,
      // Registered as a level-1 point (疑似) or found on foot (已核实); the lifecycle carries the rest.
      status: status === "suspected" || status === "dismissed" ? "suspected" : "confirmed",
    };
    if (level === 1) {
      values.surveyMethod = r.pick(["remote-sensing", "aerial"] as const);
      values.surveyedBy = `${r.pick(["区治水办无人机航测组", "第三方遥感解译单位"])} ${r.pick(FIELD_SURVEYORS)}`;
    } else {
      values.surveyMethod = level === 3 ? r.pick(["cctv", "pipe-robot", "dye-test", "underwater"] as const) : "on-foot";
      values.surveyedBy = `${sub.name.replace(/街道$/u, "")}排查组 ${r.pick(FIELD_SURVEYORS)}`;
    }
    if (subKey) values.subcategory = subKey;

    if (status === "dismissed") {
      values.sensory = this.d.sensory(surveyedAt, false, r.pick([
        "现场核实为废弃管道，管口已淤塞，无排水功能，判定非排污口",
        "遥感疑似点为河道护岸泄水孔，非排污口",
        "现场为桥面排水落水管，非排污口",
        "疑似点为景观跌水出水口，非排污口",
      ]));
      values.dischargePattern = "none";
    } else if (stage >= 1) {
      Object.assign(values, this.d.physical(subKey, storm, dryFlow, waterBody));
      values.dryWeatherFlow = dryFlow;
      const polluted = dryFlow || illicit || subKey === "urban-domestic-scattered" || (subKey === "ditch-creek" && r.chance(0.4));
      values.sensory = this.d.sensory(surveyedAt, polluted);
    }

    // A plain stormwater outlet is mostly registered on the short path: a dry-weather check, no tracing.
    const shortPath = storm && !dryFlow && status === "retained" && r.chance(0.6);
    const clerk = `${sub.key}@local`;
    let action: Action | undefined = shortPath ? "keep" : undefined;
    if (stage >= 2 && subKey && !shortPath) {
      action = this.d.chooseAction(status, subKey, storm, dryFlow);
      const designated = (subKey === "ditch-creek" || subKey === "urban-domestic-scattered") && r.chance(0.12);
      const party = this.people.party(sub, community ?? sub.name, subKey, storm, dryFlow, designated);
      values.responsibleParties = [party];
      values.responsibilityBasis = designated ? "designated" : party.kind === "enterprise" && subKey !== "urban-domestic-scattered" ? r.weighted([["self-declared", 60], ["traced", 40]] as const) : r.weighted([["traced", 75], ["self-declared", 25]] as const);
      if (designated) values.designationNote = "多次溯源未能确定排放单位，经区治水办研究，指定属地街道为责任主体";
      if (illicit) {
        values.illicitConnection = true;
        values.illicitFindings = storm
          ? `${level === 3 ? "CCTV检测" : "现场排查"}发现沿街商铺私接污水管${r.int(1, 3)}处接入雨水管网`
          : `${values.surveyMethod === "dye-test" ? "示踪试验确认" : "现场排查发现"}${party.name}生活污水经私设暗管直排入河`;
      }
      const pr = this.d.problems(subKey, storm, action, dryFlow, illicit);
      values.problems = pr.problems;
      if (pr.note) values.problemNote = pr.note;
      if (subKey.startsWith("industrial") || subKey === "urban-wwtp") {
        const approved = action === "standardize" || action === "keep";
        const approvedOn = dateOf(Math.min((traceDay ?? surveyDay) + r.int(5, 60), AS_OF_DAY));
        values.approval = approved
          ? { status: subKey === "industrial-enterprise-stormwater" ? "filed" : "approved", documentNo: `杭环上排〔${approvedOn.slice(0, 4)}〕${r.int(1, 60)}号`, authority: "市生态环境局上城分局", date: approvedOn }
          : { status: "unapproved" };
      }
    }
    if (stage >= 3 && action && subKey) {
      values.action = action;
      if (!shortPath) values.plan = this.d.plan(action, subKey, values.problems ?? []);
      if (action === "merge") values.sewerConnection = this.d.sewerConnection(sub);
      if (action === "ban" || action === "merge") values.floodSafety = this.d.floodSafety(storm);
      if (status === "remediating" && r.chance(0.25)) {
        values.transitionUntil = {
          until: r.pick(["2026-12-31", "2027-06-30"]),
          reason: r.pick([
            `结合${community ?? sub.name}老旧小区综合改造工程同步实施雨污分流，需待工程完工`,
            "涉及市政主干管接驳，需与道路改造工程同步实施",
          ]),
        };
      }
    }

    // ---- lifecycle ----
    const lifecycle: DemoOutfall["lifecycle"] = { status };
    let updatedAt: string;
    const department = subInfo?.department;
    const departmentUser = department ? `${department}@local` : "enforcement@local";
    const workDone = action !== undefined && action !== "keep";

    if (shortPath) {
      const checkDay = Math.min(surveyDay + r.int(1, 20), AS_OF_DAY - 1);
      const checked = stamp(r, checkDay);
      this.dryWeatherCheck(lifecycle, dateOf(checkDay), checked.iso, false, clerk);
      updatedAt = checked.iso;
    } else if (status === "closed" || status === "retained") {
      let accDay: number;
      if (workDone) {
        const completedDay = Math.min(planDay! + r.int(20, 500), AS_OF_DAY - 45);
        lifecycle.completedAt = dateOf(Math.max(completedDay, planDay!));
        accDay = dayOf(lifecycle.completedAt) + r.int(5, 40);
        // 雨污分流 is accepted only after a dry-weather re-check after completion found no flow.
        if (dryFlow) {
          const recheckDay = dayOf(lifecycle.completedAt) + r.int(1, 4);
          this.dryWeatherCheck(lifecycle, dateOf(recheckDay), stamp(r, recheckDay).iso, false, clerk);
          accDay = Math.max(accDay, recheckDay + 1);
        }
      } else {
        accDay = planDay! + r.int(5, 60);
      }
      accDay = Math.min(accDay, AS_OF_DAY - 12);
      const acc = stamp(r, accDay);
      lifecycle.acceptance = {
        by: departmentUser,
        at: acc.iso,
        result: "passed",
        note:
          action === "ban" ? "现场核查排口已封堵，周边无渗漏，同意销号"
          : action === "merge" ? "排口已清理合并，原排口拆除到位，同意销号"
          : action === "standardize" ? "排口规范整治到位，标识牌已设置，同意保留"
          : "排口运行正常，标识牌已设置，同意保留",
      };
      if (status === "closed") {
        const closed = stamp(r, accDay + r.int(1, 10));
        lifecycle.closedAt = closed.iso;
        lifecycle.closedBy = departmentUser;
        updatedAt = closed.iso;
      } else {
        const fromDay = lifecycle.completedAt ? dayOf(lifecycle.completedAt) : planDay!;
        values.signboard = { installed: true, installedAt: dateOf(r.int(Math.min(fromDay, accDay), accDay)) };
        updatedAt = acc.iso;
      }
    } else if (status === "awaiting-acceptance") {
      let lastDay: number;
      if (workDone) {
        lifecycle.completedAt = dateOf(Math.max(planDay!, AS_OF_DAY - r.int(3, 90)));
        lastDay = dayOf(lifecycle.completedAt) + r.int(0, 2);
        // Some dry-weather outlets were re-checked and still ran: they wait for more work.
        if (dryFlow && r.chance(0.5) && lastDay + 1 < AS_OF_DAY) {
          lastDay += 1;
          this.dryWeatherCheck(lifecycle, dateOf(lastDay), stamp(r, lastDay).iso, true, clerk);
        }
      } else {
        lastDay = planDay!;
      }
      updatedAt = stamp(r, Math.min(lastDay, AS_OF_DAY)).iso;
    } else if (status === "remediating") {
      // Some move (last change within three weeks), some are stalled for months.
      const candidate = r.chance(0.55) ? AS_OF_DAY - r.int(0, 21) : AS_OF_DAY - r.int(40, 300);
      updatedAt = stamp(r, Math.max(candidate, planDay!)).iso;
    } else if (status === "traced") {
      updatedAt = stamp(r, traceDay!).iso;
    } else if (status === "dismissed") {
      updatedAt = stamp(r, surveyDay).iso;
      const photo = this.photo("near", updatedAt, clerk, "现场核实照片");
      lifecycle.photos = [photo];
      lifecycle.dismissal = { by: clerk, at: updatedAt, note: values.sensory?.note ?? "现场核实无排水功能，认定为非排污口", photoIds: [photo.id] };
    } else if (status === "confirmed") {
      updatedAt = stamp(r, surveyDay).iso;
    } else {
      updatedAt = created.iso;
    }
    if (updatedAt < created.iso) updatedAt = created.iso;

    // In a protected zone (e.g. on a drinking-water source) anything but a ban has a legal basis and the
    // coordinator's approval (R-PROTECTED).
    const derived = { ...values };
    deriveFields(derived, ref);
    if (action && action !== "ban" && inProtectedZone(derived)) {
      values.legalBasis = "历史遗留排口，经区治水办研究同意，依法保留并规范管理";
      lifecycle.protectedApproval = { by: "coordinator@local", at: new Date(updatedAt).toISOString(), action };
    }

    // ~20% carry an explicit name following the naming practice; the rest get the default name.
    if (subInfo && stage >= 1 && status !== "dismissed" && r.chance(0.2)) {
      const enterprise = values.responsibleParties?.find((p) => p.kind === "enterprise" && subKey !== "urban-domestic-scattered");
      for (let n = 1; n <= 9; n++) {
        const name = enterprise
          ? `${sub.name}${enterprise.name}${n}#${subInfo.name}`
          : `${sub.name}${where.landmark}${where.dir}${where.dist}米${n}#${subInfo.name}`;
        if (!this.usedNames.has(name)) {
          this.usedNames.add(name);
          values.name = name;
          break;
        }
      }
    }

    return { values, lifecycle, updatedAt, createdAt: created.iso };
  }

  private photo(slot: PhotoEntry["slot"], takenAt: string, by: string, note?: string): PhotoEntry {
    this.photoCount++;
    return demoPhoto(`demo-${String(this.photoCount).padStart(5, "0")}`, slot, takenAt, by, note);
  }

  /** A dry-weather check on `date` with its photo taken then (晴天核查). */
  private dryWeatherCheck(lifecycle: DemoOutfall["lifecycle"], date: string, at: string, flowObserved: boolean, by: string): void {
    const photo = this.photo("near", at, by, flowObserved ? "晴天复核：管口仍有水流出" : "晴天核查：管口干燥无水");
    lifecycle.photos = [...(lifecycle.photos ?? []), photo];
    lifecycle.dryWeatherChecks = [...(lifecycle.dryWeatherChecks ?? []), { checkedAt: date, flowObserved, photoId: photo.id, by, at: new Date(at).toISOString() }];
  }
}

/**
 * The demo outfalls: `count` records (default 336, spread equally over the subdistricts: 24 each for
 * 上城区's 14) in every lifecycle state, deterministic for a given `seed` (default 20231013). Sorted by
 * registration time, so temp ids issued in this order follow the simulated history. No date is before
 * DEMO_START or after DEMO_AS_OF.
 */
export function generateDemoOutfalls(ref: ReferenceIndex, options: { count?: number; seed?: number } = {}): DemoOutfall[] {
  const count = options.count ?? DEMO_DEFAULT_COUNT;
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (ref.subdistricts.length === 0) return [];
  const rng = new Rng(seed);
  const statuses = rng.shuffle(statusQuota(count));
  const gen = new Generator(ref, rng);
  const subs = ref.subdistricts;
  const per = Math.floor(count / subs.length);
  const extra = count % subs.length;
  const out: { row: DemoOutfall; n: number }[] = [];
  let n = 0;
  subs.forEach((sub, i) => {
    const k = per + (i < extra ? 1 : 0);
    for (let j = 0; j < k; j++, n++) out.push({ row: gen.outfall(sub, statuses[n]!), n });
  });
  return out.sort((a, b) => (a.row.createdAt < b.row.createdAt ? -1 : a.row.createdAt > b.row.createdAt ? 1 : a.n - b.n)).map((x) => x.row);
}
