// What a demo outfall looks like: its type, remediation, problems, physical description, plan text and
// address, drawn from the demo tables with the demo's seeded randomness.
import type { Status } from "../../functions/src/domain/enums.js";
import type { OutfallCreateInput } from "../../functions/src/domain/outfall.js";
import type { ReferenceIndex, Subdistrict } from "../../functions/src/domain/reference.js";
import type { Rng } from "./random.js";
import { DIRECTIONS, FALLBACK_ROADS, INDUSTRY, ROADS, WWTP_SUBDISTRICTS } from "./vocabulary.js";

export type Action = "ban" | "merge" | "standardize" | "keep";
export type Problem = NonNullable<OutfallCreateInput["problems"]>[number];

/** Lifecycle depth of each state: 0 suspected … 5 done. */
export const STAGE: Record<Status, number> = {
  suspected: 0,
  dismissed: 1,
  confirmed: 1,
  traced: 2,
  remediating: 3,
  "awaiting-acceptance": 4,
  closed: 5,
  retained: 5,
};

export class Describer {
  constructor(
    private readonly ref: ReferenceIndex,
    private readonly rng: Rng,
  ) {}

  has(subKey: string | undefined): subKey is string {
    return subKey !== undefined && this.ref.subcategoryByKey.has(subKey);
  }

  subcategory(sub: Subdistrict, status: Status): string | undefined {
    const f = INDUSTRY[sub.key] ?? 0.5;
    const w = WWTP_SUBDISTRICTS.has(sub.key) ? 1 : 0;
    let table: [string | undefined, number][];
    switch (status) {
      case "suspected":
      case "dismissed":
        return undefined;
      case "confirmed":
        table = [["urban-stormwater", 70], [undefined, 30]];
        break;
      case "traced":
        table = [["urban-stormwater", 60], ["urban-domestic-scattered", 22], ["ditch-creek", 12], ["industrial-enterprise", 3 * f], ["industrial-enterprise-stormwater", 3 * f], ["other", 2]];
        break;
      case "remediating":
      case "awaiting-acceptance":
        table = [["urban-stormwater", 55], ["urban-domestic-scattered", 25], ["ditch-creek", 14], ["industrial-enterprise", 4 * f], ["industrial-enterprise-stormwater", 4 * f]];
        break;
      case "closed":
        table = [["urban-domestic-scattered", 52], ["ditch-creek", 25], ["industrial-enterprise", 6 * f], ["industrial-enterprise-stormwater", 8 * f], ["other", 3]];
        break;
      case "retained":
        table = [["urban-stormwater", 82], ["ditch-creek", 9], ["industrial-enterprise", 3 * f], ["industrial-enterprise-stormwater", 3 * f], ["urban-wwtp", 14 * w], ["urban-domestic-scattered", 1]];
        break;
    }
    // 区住建局's outfalls (new or rebuilt sewer networks, new river outlets) appear once traced.
    if (status !== "confirmed") table.push(...this.constructionSubcategories().map((k): [string, number] => [k, 4]));
    const available = table.filter(([k]) => k === undefined || this.has(k));
    const chosen = available.length ? this.rng.weighted(available) : undefined;
    // R-STORM: a closed outfall was banned or merged, so it may never be an urban stormwater outlet.
    if (chosen && status === "closed" && this.ref.subcategoryByKey.get(chosen)?.stormwater) return "urban-domestic-scattered";
    return chosen;
  }

  chooseAction(status: Status, subKey: string, storm: boolean, dryFlow: boolean): Action | undefined {
    const r = this.rng;
    if (STAGE[status] < 3) return undefined;
    if (storm) {
      // R-STORM: never ban or merge an urban stormwater outlet.
      if (dryFlow) return "standardize";
      if (status === "retained") return r.chance(0.4) ? "keep" : "standardize";
      if (status === "awaiting-acceptance") return r.chance(0.15) ? "keep" : "standardize";
      return "standardize";
    }
    const done: [Action, number][] =
      subKey === "urban-domestic-scattered" ? [["ban", 70], ["merge", 30]]
      : subKey === "ditch-creek" ? [["merge", 50], ["ban", 50]]
      : subKey === "industrial-enterprise" ? [["ban", 100]]
      : subKey === "industrial-enterprise-stormwater" ? [["merge", 70], ["ban", 30]]
      : [["ban", 100]];
    const kept: [Action, number][] =
      subKey === "urban-wwtp" || subKey.startsWith("industrial") ? [["standardize", 60], ["keep", 40]] : [["standardize", 100]];
    if (status === "closed") return r.weighted(done);
    if (status === "retained") return r.weighted(kept);
    return r.weighted([...done.map(([a, n]): [Action, number] => [a, n * 0.6]), ...kept.map(([a, n]): [Action, number] => [a, n * 0.4])]);
  }

  problems(subKey: string | undefined, storm: boolean, action: Action | undefined, dryFlow: boolean, illicit: boolean): { problems: Problem[]; note?: string } {
    const r = this.rng;
    if (action === "keep" || !subKey) return { problems: [] };
    const set = new Set<Problem>();
    if (storm) {
      if (dryFlow) {
        set.add("dry-weather");
        set.add("no-separation");
        if (illicit) set.add("illicit-pipe");
      } else {
        set.add(r.pick(["aging", "poor-drainage", "hard-maintenance"] as const));
        if (r.chance(0.5)) set.add(r.pick(["no-signboard", "aging", "poor-drainage"] as const));
      }
    } else if (subKey === "urban-domestic-scattered") {
      set.add("uncollected");
      if (illicit) set.add("illicit-pipe");
      if (r.chance(0.3)) set.add("no-separation");
    } else if (subKey === "ditch-creek") {
      set.add(r.pick(["uncollected", "poor-layout"] as const));
      if (r.chance(0.4)) set.add(r.pick(["aging", "poor-drainage"] as const));
    } else if (subKey === "industrial-enterprise") {
      if (action === "ban") return { problems: ["other"], note: "企业已关停搬迁，原生产废水排口闲置" };
      set.add("no-signboard");
      if (r.chance(0.3)) set.add("poor-layout");
      if (r.chance(0.1)) set.add("exceedance");
    } else if (subKey === "industrial-enterprise-stormwater") {
      set.add(action === "merge" ? "poor-layout" : r.pick(["no-separation", "no-signboard"] as const));
    } else if (subKey === "urban-wwtp") {
      set.add("no-signboard");
    } else {
      return { problems: ["other"], note: "临时施工降水排口，工程结束后未拆除" };
    }
    return { problems: [...set] };
  }

  physical(subKey: string | undefined, storm: boolean, dryFlow: boolean, waterBody: string): Partial<OutfallCreateInput> {
    const r = this.rng;
    const river = waterBody === "qiantang-river";
    const submerged = river && r.chance(0.4) ? r.pick(["partial", "full"] as const) : r.chance(0.1) ? "partial" : "none";
    if (storm || subKey === undefined) {
      if (r.chance(0.2)) {
        return { outletType: "box-culvert", shape: "rectangular", sizeMm: r.pick(["1500x1000", "2000x1500", "2500x1800", "3000x2000"]), material: "concrete", submerged, dischargePattern: dryFlow ? "dry-weather" : "wet-weather" };
      }
      return { outletType: "pipe", shape: "round", sizeMm: r.pick(["300", "400", "500", "600", "800", "1000", "1200", "1500"]), material: r.pick(["concrete", "concrete", "concrete", "hdpe", "masonry"] as const), submerged, dischargePattern: dryFlow ? "dry-weather" : r.chance(0.15) ? "none" : "wet-weather" };
    }
    switch (subKey) {
      case "urban-domestic-scattered":
        return { outletType: "pipe", shape: "round", sizeMm: r.pick(["110", "160", "200", "225", "300"]), material: r.pick(["pvc", "pvc", "hdpe", "cast-iron"] as const), submerged: "none", dischargePattern: r.pick(["intermittent", "intermittent", "continuous"] as const) };
      case "ditch-creek":
        return { outletType: r.pick(["open-channel", "open-channel", "sluice"] as const), shape: r.pick(["rectangular", "irregular"] as const), sizeMm: r.pick(["800x600", "1200x800", "1500x1000", "2000x1200"]), material: r.pick(["masonry", "concrete"] as const), submerged, dischargePattern: r.pick(["intermittent", "wet-weather"] as const) };
      case "industrial-enterprise":
        return { outletType: "pipe", shape: "round", sizeMm: r.pick(["200", "250", "300", "400"]), material: r.pick(["steel", "hdpe", "cast-iron"] as const), submerged: "none", dischargePattern: r.pick(["continuous", "intermittent"] as const) };
      case "industrial-enterprise-stormwater":
        return { outletType: "pipe", shape: "round", sizeMm: r.pick(["400", "500", "600", "800"]), material: "concrete", submerged: "none", dischargePattern: "wet-weather" };
      case "urban-wwtp":
        return { outletType: "pipe", shape: "round", sizeMm: r.pick(["1200", "1500", "1800"]), material: r.pick(["steel", "concrete"] as const), submerged: r.pick(["partial", "full"] as const), dischargePattern: "continuous" };
      default:
        return { outletType: "pipe", shape: "round", sizeMm: r.pick(["150", "200", "300"]), material: "other", submerged: "none", dischargePattern: "intermittent" };
    }
  }

  sensory(observedAt: string, polluted: boolean, note?: string): NonNullable<OutfallCreateInput["sensory"]> {
    const r = this.rng;
    const s: NonNullable<OutfallCreateInput["sensory"]> = polluted
      ? { observedAt, colour: r.pick(["light", "dark", "abnormal"] as const), turbidity: r.pick(["slight", "turbid", "turbid"] as const), odour: r.pick(["slight", "obvious", "strong"] as const), oilFilm: r.chance(0.2), floatables: r.chance(0.5), deposits: r.chance(0.4) }
      : { observedAt, colour: "colourless", turbidity: r.pick(["clear", "clear", "slight"] as const), odour: "none", oilFilm: false, floatables: r.chance(0.1), deposits: r.chance(0.2) };
    if (note) s.note = note;
    return s;
  }

  plan(action: Action, subKey: string, problems: Problem[]): string {
    const r = this.rng;
    if (action === "keep") return "排口设置规范、运行正常，保留并纳入日常巡查";
    if (action === "ban") {
      if (subKey === "industrial-enterprise") return "企业已关停搬迁，依法取缔该排口，封堵并拆除排放管道";
      if (subKey === "ditch-creek") return "沟渠来水已截流纳管，依法封堵排口并清理沟渠淤积";
      if (subKey === "urban-domestic-scattered") return `完成沿线截污纳管后依法封堵排口，拆除私接管道${r.int(1, 4)}处`;
      return "依法取缔排口，封堵并拆除管道";
    }
    if (action === "merge") {
      if (subKey === "industrial-enterprise-stormwater") return "厂区雨水排口清理合并，保留1个规范雨水排口并设置切换阀";
      return `清理合并至下游规范排口，新建DN${r.pick([300, 400, 500])}截污管约${r.int(3, 30) * 10}米`;
    }
    const parts: string[] = [];
    if (problems.includes("no-separation") || problems.includes("dry-weather")) parts.push(`实施雨污分流改造，封堵混接管${r.int(1, 6)}处`);
    if (problems.includes("illicit-pipe")) parts.push("拆除私接暗管，沿街商铺污水接入市政污水管");
    if (problems.includes("aging")) parts.push("修复破损管口及护坡");
    if (problems.includes("poor-drainage")) parts.push("清淤疏通管道");
    if (problems.includes("hard-maintenance")) parts.push("增设检修井");
    if (problems.includes("poor-layout")) parts.push("调整排口位置至常水位以上");
    if (problems.includes("uncollected")) parts.push("污水截流纳管");
    if (subKey.startsWith("industrial") || subKey === "urban-wwtp") parts.push("按规范设置采样井，完善在线监测");
    parts.push("规范设置排口标识牌");
    return parts.join("，");
  }

  address(sub: Subdistrict, waterKey: string, waterName: string): { address: string; landmark: string; dir: string; dist: number } {
    const r = this.rng;
    const roads = ROADS[sub.key] ?? FALLBACK_ROADS;
    const r1 = r.pick(roads);
    let r2 = r.pick(roads);
    for (let i = 0; r2 === r1 && i < 10; i++) r2 = r.pick(roads);
    const dir = r.pick(DIRECTIONS);
    const dist = r.int(2, 40) * 10;
    const form = r.int(0, 2);
    // The 钱塘江 is crossed by few bridges: on its bank the landmark is the embankment (江堤) by a road.
    const bigRiver = waterKey === "qiantang-river";
    const landmark = bigRiver ? `${r1}江堤` : `${r1}桥`;
    const bank = bigRiver ? "北" : r.pick(["东", "西", "南", "北"]);
    const address =
      form === 0 && r2 !== r1 ? `${r1}与${r2}交叉口${dir}侧`
      : form === 1 ? `${r1}${r.int(1, 120) * 2 - 1}号${dir}侧${waterName}岸边`
      : `${waterName}${bank}岸${landmark}${dir}${dist}米`;
    return { address, landmark, dir, dist };
  }

  /** 截污纳管: the receiving network or plant and the connection point of a merged outlet. */
  sewerConnection(sub: Subdistrict): { network: string; connectionPoint: string } {
    const r = this.rng;
    const road = r.pick(ROADS[sub.key] ?? FALLBACK_ROADS);
    return {
      network: r.pick(["市政污水管网（四堡污水处理厂）", "市政污水管网（七格污水处理厂）", "沿河截污干管（七格污水处理厂）"]),
      connectionPoint: `${road}DN${r.pick([400, 500, 600])}污水检查井W${r.int(1, 60)}`,
    };
  }

  /** R-FLOOD-SAFETY: most sealed or merged outlets do not drain flood water; some do, with measures. */
  floodSafety(storm: boolean): { affects: boolean; measures?: string } {
    if (storm || !this.rng.chance(0.15)) return { affects: false };
    return { affects: true, measures: this.rng.pick(["汛前疏通下游雨水管并增设应急排涝泵", "保留雨天溢流通道，封堵晴天污水入口", "经区水利部门复核，同步加固堤防护坡"]) };
  }

  /** The subcategories 区住建局 supervises (reference data decides which). */
  constructionSubcategories(): string[] {
    return this.ref.subcategories.filter((s) => s.department === "construction").map((s) => s.key);
  }
}
