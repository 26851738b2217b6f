// A deterministic generator of a realistic DEMO dataset for the local stack (`npm start` seeds an empty
// store with it; the seeder flags every record as demo). Everything here is invented: company names,
// people, phone numbers and credit codes are fictional (the credit codes only have a valid check
// character). The tables below (roads, water bodies per subdistrict, names) are demo data, not logic;
// the district's real lists come from functions/reference/.
//
// Same seed → same output: all randomness comes from a small seeded PRNG (mulberry32) in this file,
// and no date depends on the clock (the simulated "today" is DEMO_AS_OF).
import { creditCodeCheckChar, CREDIT_CODE_CHARSET } from "../../functions/src/domain/credit-code.js";
import { STATUS, type Role, type Status } from "../../functions/src/domain/enums.js";
import { isPointInPolygon, roundCoord } from "../../functions/src/domain/geo.js";
import type { OutfallCreateInput } from "../../functions/src/domain/outfall.js";
import type { ReferenceIndex, Subdistrict } from "../../functions/src/domain/reference.js";

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
  };
  /** The simulated date of the last change, so the demo shows stalled and recent records. ISO timestamp. */
  updatedAt: string;
  createdAt: string;
}

export interface DemoUser {
  email: string;
  role: Role;
  subdistrict?: string;
  department?: string;
  name: string;
}

/** The simulated "today" of the demo: no generated date is later. */
export const DEMO_AS_OF = "2026-10-31";
/** Start of the survey campaign (实施方案, 2023); no generated date is earlier. */
export const DEMO_START = "2023-06-01";
export const DEMO_DEFAULT_COUNT = 336;
export const DEMO_DEFAULT_SEED = 20231013;

// ---------------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------------

const CLERK_NAMES: Record<string, string> = {
  hubin: "陈晓梅",
  qingbo: "林志远",
  xiaoying: "周静怡",
  wangjiang: "吴海涛",
  nanxing: "郑丽华",
  ziyang: "孙建明",
  kaixuan: "赵雅琴",
  caihe: "钱卫东",
  zhanongkou: "冯晓燕",
  sijiqing: "朱立群",
  jianqiao: "何振宇",
  pengbu: "沈佳慧",
  jiubao: "韩国平",
  dinglan: "杨思远",
};

/** Local demo accounts (admin@local is created by the stack itself). One clerk per subdistrict. */
export const DEMO_USERS: DemoUser[] = [
  { email: "coordinator@local", role: "coordinator", name: "王主任（区治水办）" },
  { email: "eco@local", role: "department", department: "eco", name: "李科长（市生态环境局上城分局）" },
  { email: "construction@local", role: "department", department: "construction", name: "张工（区住建局）" },
  { email: "enforcement@local", role: "department", department: "enforcement", name: "刘队长（区综合行政执法局）" },
  ...Object.entries(CLERK_NAMES).map(([key, name]) => ({
    email: `${key}@local`,
    role: "clerk" as const,
    subdistrict: key,
    name,
  })),
];

// ---------------------------------------------------------------------------------------------------
// Demo tables
// ---------------------------------------------------------------------------------------------------

/** Receiving water bodies per subdistrict, with weights; keys of functions/reference/water-bodies.json. */
const WATER_BY_SUBDISTRICT: Record<string, [string, number][]> = {
  hubin: [["zhong-river", 3], ["dong-river", 2]],
  qingbo: [["zhong-river", 4], ["dong-river", 1]],
  xiaoying: [["dong-river", 3], ["zhong-river", 2]],
  wangjiang: [["qiantang-river", 3], ["tiesha-river", 1], ["dong-river", 1]],
  nanxing: [["qiantang-river", 3], ["zhong-river", 2]],
  ziyang: [["zhong-river", 3], ["dong-river", 2]],
  kaixuan: [["xintang-river", 3], ["dong-river", 1], ["tiesha-river", 1]],
  caihe: [["xintang-river", 2], ["tiesha-river", 1], ["xinkai-river", 1]],
  zhanongkou: [["xinkai-river", 3], ["shangtang-river", 2]],
  sijiqing: [["qiantang-river", 3], ["beitang-river", 2], ["xintang-river", 1]],
  jianqiao: [["shangtang-river", 3], ["hemu-gang", 2]],
  pengbu: [["qiantang-river", 2], ["canal-second-channel", 2], ["beitang-river", 1], ["grand-canal", 1]],
  jiubao: [["qiantang-river", 3], ["canal-second-channel", 2]],
  dinglan: [["shangtang-river", 2], ["yanshan-river", 2], ["hemu-gang", 1]],
};

/** Roads for addresses and landmarks (real road names of the district; positions are not). */
const ROADS: Record<string, string[]> = {
  hubin: ["湖滨路", "平海路", "东坡路", "延安路", "解放路", "庆春路", "岳王路", "浣纱路"],
  qingbo: ["南山路", "清波街", "劳动路", "河坊街", "定安路", "大井巷"],
  xiaoying: ["中山北路", "建国中路", "庆春路", "小营巷", "大学路", "环城东路"],
  wangjiang: ["望江路", "秋涛路", "近江路", "婺江路", "江城路", "始版桥直街"],
  nanxing: ["复兴路", "江城路", "之江路", "白塔岭", "馒头山路", "美政路"],
  ziyang: ["中河南路", "江城路", "佑圣观路", "望江路", "十五奎巷", "上羊市街"],
  kaixuan: ["新塘路", "景昙路", "凯旋路", "环城东路", "秋涛北路", "华家池路"],
  caihe: ["采荷路", "秋涛路", "凤起东路", "新塘路", "庆春东路", "双菱路"],
  zhanongkou: ["东新路", "天城路", "机场路", "石桥路", "新风路", "红梅路"],
  sijiqing: ["钱江路", "富春路", "新业路", "五福路", "三新路", "清江路"],
  jianqiao: ["机场路", "笕桥路", "黄家路", "横塘路", "同协路", "麦庙港路"],
  pengbu: ["艮山东路", "德胜东路", "御道路", "七堡路", "彭埠路", "皋塘路"],
  jiubao: ["九环路", "杭海路", "三村路", "格畈路", "九沙大道", "牛田路"],
  dinglan: ["丁桥路", "大塘路", "沿山河路", "勤丰路", "广福路", "长睦路"],
};
const FALLBACK_ROADS = ["滨河路", "人民路", "建设路", "环城路", "文化路"];

/** How much industry a subdistrict has (the old city none, the former 江干 belt most). */
const INDUSTRY: Record<string, number> = {
  hubin: 0, qingbo: 0, xiaoying: 0, ziyang: 0, wangjiang: 0.3, nanxing: 0.3, kaixuan: 0.3, caihe: 0.3,
  zhanongkou: 1, sijiqing: 0.6, jianqiao: 2.5, pengbu: 2.5, jiubao: 3, dinglan: 2,
};
/** Subdistricts where a (fictional) town wastewater plant outfall is plausible. */
const WWTP_SUBDISTRICTS = new Set(["pengbu", "jiubao"]);

/** Default distribution of final states for 336 records (campaign nearly done, late 2026). */
const STATUS_WEIGHTS: Record<Status, number> = {
  suspected: 10,
  confirmed: 12,
  dismissed: 10,
  traced: 16,
  remediating: 26,
  "awaiting-acceptance": 22,
  closed: 90,
  retained: 150,
};

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
const GIVEN = ["建国", "海燕", "伟", "芳", "志强", "丽娟", "明", "静", "国庆", "晓东", "红梅", "俊", "秀英", "立新", "小军", "玉兰", "文斌", "春花", "永康", "雪芬", "杰", "慧敏", "宏伟", "建华"];
const FIELD_SURVEYORS = ["王工", "李工", "张工", "刘工", "陈工", "周工", "徐工", "孙工", "胡工", "沈工"];
const BRANDS = ["钱江", "皋亭", "艮山", "笕新", "九乔", "丁桥", "彭城", "七堡", "近江", "望潮", "凯丰", "采莲", "东新", "三堡", "江城", "清泰", "麦庙", "横塘", "御道", "格畈", "新风", "天城", "景昙", "双菱"];
const INDUSTRIES = ["纺织", "印染", "食品", "机械制造", "电子科技", "包装材料", "服饰", "精密五金", "汽车零部件", "印刷"];
const SERVICE_TRADES = ["餐饮管理", "汽车服务", "酒店管理", "农贸市场管理", "洗涤服务"];
const COMPOUND_SUFFIXES = ["小区", "新村", "花园", "家园", "苑"];
const DIRECTIONS = ["东", "南", "西", "北", "东北", "东南", "西北", "西南"];

// ---------------------------------------------------------------------------------------------------
// Randomness and dates
// ---------------------------------------------------------------------------------------------------

/** mulberry32: a tiny 32-bit PRNG; good enough for demo data, identical on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const live = items.filter(([, w]) => w > 0);
    if (live.length === 0) throw new Error("weighted pick with no positive weight");
    const total = live.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of live) {
      x -= w;
      if (x < 0) return item;
    }
    return live[live.length - 1]![0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
const dayOf = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const pad = (n: number): string => String(n).padStart(2, "0");

const START_DAY = dayOf(DEMO_START);
const AS_OF_DAY = dayOf(DEMO_AS_OF);
const clampDay = (d: number): number => Math.max(START_DAY, Math.min(AS_OF_DAY, d));

/** A working-hours timestamp (China Standard Time) on `day`, at or after `notBefore` minutes past midnight. */
function stamp(rng: Rng, day: number, notBefore = 8 * 60 + 30): { iso: string; minute: number } {
  const minute = Math.min(17 * 60 + 30, notBefore + rng.int(0, Math.max(0, 17 * 60 + 30 - notBefore)));
  const second = rng.int(0, 59);
  return { iso: `${dateOf(day)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(second)}+08:00`, minute };
}

// ---------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------

type Action = "ban" | "merge" | "standardize" | "keep";
type Problem = NonNullable<OutfallCreateInput["problems"]>[number];
type Party = NonNullable<OutfallCreateInput["responsibleParties"]>[number];

const STAGE: Record<Status, number> = {
  suspected: 0,
  dismissed: 1,
  confirmed: 1,
  traced: 2,
  remediating: 3,
  "awaiting-acceptance": 4,
  closed: 5,
  retained: 5,
};

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
  private readonly usedCodes = new Set<string>();
  private readonly usedCompanies = new Set<string>();
  private readonly usedNames = new Set<string>();

  constructor(
    private readonly ref: ReferenceIndex,
    private readonly rng: Rng,
  ) {}

  private has(subKey: string | undefined): subKey is string {
    return subKey !== undefined && this.ref.subcategoryByKey.has(subKey);
  }

  private person(): string {
    return this.rng.pick(SURNAMES) + this.rng.pick(GIVEN);
  }

  private phone(): string {
    return `0571-8${this.rng.int(5, 9)}${String(this.rng.int(0, 999_999)).padStart(6, "0")}`;
  }

  /** A fictional enterprise registered in the district with a credit code whose check character is valid. */
  private company(trades: readonly string[]): { name: string; creditCode: string } {
    let name = "";
    for (let tries = 0; tries < 200; tries++) {
      name = `杭州${this.rng.pick(BRANDS)}示范${this.rng.pick(trades)}有限公司`;
      if (!this.usedCompanies.has(name)) break;
    }
    if (this.usedCompanies.has(name)) name = name.replace("有限公司", `${this.usedCompanies.size}号有限公司`);
    this.usedCompanies.add(name);
    let code = "";
    do {
      let org = "MA2";
      for (let i = 0; i < 6; i++) org += this.rng.pick(CREDIT_CODE_CHARSET.split(""));
      const first17 = `91${this.ref.district.code}${org}`;
      code = first17 + creditCodeCheckChar(first17)!;
    } while (this.usedCodes.has(code));
    this.usedCodes.add(code);
    return { name, creditCode: code };
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

  private subcategory(sub: Subdistrict, status: Status): string | undefined {
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
    const available = table.filter(([k]) => k === undefined || this.has(k));
    const chosen = available.length ? this.rng.weighted(available) : undefined;
    // R-STORM: a closed outfall was banned or merged, so it may never be an urban stormwater outlet.
    if (chosen && status === "closed" && this.ref.subcategoryByKey.get(chosen)?.stormwater) return undefined;
    return chosen;
  }

  private chooseAction(status: Status, subKey: string, storm: boolean, dryFlow: boolean): Action | undefined {
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

  private problems(subKey: string | undefined, storm: boolean, action: Action | undefined, dryFlow: boolean, illicit: boolean): { problems: Problem[]; note?: string } {
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

  private party(sub: Subdistrict, community: string, subKey: string, storm: boolean, dryFlow: boolean, designated: boolean): Party {
    const r = this.rng;
    const base = community.replace(/(社区|村)$/u, "");
    const contact = () => `${this.person()}`;
    if (designated) {
      return { name: `${sub.name}办事处`, kind: "government", contact: contact(), phone: this.phone() };
    }
    const compound = (): Party => ({
      name: `${base}${r.pick(COMPOUND_SUFFIXES)}`.replace(/家园家园$/u, "家园"),
      kind: "residential",
      contact: `${contact()}（物业）`,
      phone: this.phone(),
    });
    if (storm) {
      if (dryFlow && r.chance(0.7)) return compound();
      return { name: `杭州市上城区${sub.name.replace(/街道$/u, "")}市政设施养护站`, kind: "institution", contact: contact(), phone: this.phone() };
    }
    switch (subKey) {
      case "urban-domestic-scattered": {
        const kind = r.weighted([["residential", 50], ["enterprise", 30], ["individual", 10], ["institution", 10]] as const);
        if (kind === "residential") return compound();
        if (kind === "enterprise") return { ...this.company(SERVICE_TRADES), kind: "enterprise", contact: contact(), phone: this.phone() };
        if (kind === "individual") return { name: `沿街商铺经营者${r.pick(SURNAMES)}某`, kind: "individual", phone: this.phone() };
        return { name: `杭州市${base}${r.pick(["小学", "幼儿园", "社区卫生服务站"])}`, kind: "institution", contact: contact(), phone: this.phone() };
      }
      case "ditch-creek":
        return (INDUSTRY[sub.key] ?? 0) >= 1 && r.chance(0.5)
          ? { name: `${base}股份经济合作社`, kind: "institution", contact: contact(), phone: this.phone() }
          : { name: `${sub.name}办事处`, kind: "government", contact: contact(), phone: this.phone() };
      case "industrial-enterprise":
      case "industrial-enterprise-stormwater": {
        const c = this.company(INDUSTRIES);
        return { ...c, kind: "enterprise", permitNo: `${c.creditCode}001${subKey === "industrial-enterprise" ? "P" : "W"}`, contact: contact(), phone: this.phone() };
      }
      case "urban-wwtp": {
        const c = this.company(["水务"]);
        return { ...c, kind: "enterprise", permitNo: `${c.creditCode}001P`, contact: contact(), phone: this.phone() };
      }
      default:
        return { name: `${sub.name}城市管理服务中心`, kind: "institution", contact: contact(), phone: this.phone() };
    }
  }

  private physical(subKey: string | undefined, storm: boolean, dryFlow: boolean, waterBody: string): Partial<OutfallCreateInput> {
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

  private sensory(observedAt: string, polluted: boolean, note?: string): NonNullable<OutfallCreateInput["sensory"]> {
    const r = this.rng;
    const s: NonNullable<OutfallCreateInput["sensory"]> = polluted
      ? { observedAt, colour: r.pick(["light", "dark", "abnormal"] as const), turbidity: r.pick(["slight", "turbid", "turbid"] as const), odour: r.pick(["slight", "obvious", "strong"] as const), oilFilm: r.chance(0.2), floatables: r.chance(0.5), deposits: r.chance(0.4) }
      : { observedAt, colour: "colourless", turbidity: r.pick(["clear", "clear", "slight"] as const), odour: "none", oilFilm: false, floatables: r.chance(0.1), deposits: r.chance(0.2) };
    if (note) s.note = note;
    return s;
  }

  private plan(action: Action, subKey: string, problems: Problem[]): string {
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

  private address(sub: Subdistrict, waterKey: string, waterName: string): { address: string; landmark: string; dir: string; dist: number } {
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

  outfall(sub: Subdistrict, status: Status): DemoOutfall {
    const r = this.rng;
    const ref = this.ref;
    const stage = STAGE[status];
    const point = this.point(sub);
    const waterBody = this.waterBody(sub);
    const waterName = ref.waterBodyByKey.get(waterBody)?.name ?? "河道";
    const community = sub.communities.length ? r.pick(sub.communities) : undefined;
    const where = this.address(sub, waterBody, waterName);
    const subKey = this.subcategory(sub, status);
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
      values.sensory = this.sensory(surveyedAt, false, r.pick([
        "现场核实为废弃管道，管口已淤塞，无排水功能，判定非排污口",
        "遥感疑似点为河道护岸泄水孔，非排污口",
        "现场为桥面排水落水管，非排污口",
        "疑似点为景观跌水出水口，非排污口",
      ]));
      values.dischargePattern = "none";
    } else if (stage >= 1) {
      Object.assign(values, this.physical(subKey, storm, dryFlow, waterBody));
      values.dryWeatherFlow = dryFlow;
      const polluted = dryFlow || illicit || subKey === "urban-domestic-scattered" || (subKey === "ditch-creek" && r.chance(0.4));
      values.sensory = this.sensory(surveyedAt, polluted);
    }

    let action: Action | undefined;
    if (stage >= 2 && subKey) {
      action = this.chooseAction(status, subKey, storm, dryFlow);
      const designated = (subKey === "ditch-creek" || subKey === "urban-domestic-scattered") && r.chance(0.12);
      const party = this.party(sub, community ?? sub.name, subKey, storm, dryFlow, designated);
      values.responsibleParties = [party];
      values.responsibilityBasis = designated ? "designated" : party.kind === "enterprise" && subKey !== "urban-domestic-scattered" ? r.weighted([["self-declared", 60], ["traced", 40]] as const) : r.weighted([["traced", 75], ["self-declared", 25]] as const);
      if (designated) values.designationNote = "多次溯源未能确定排放单位，经区治水办研究，指定属地街道为责任主体";
      if (illicit) {
        values.illicitConnection = true;
        values.illicitFindings = storm
          ? `${level === 3 ? "CCTV检测" : "现场排查"}发现沿街商铺私接污水管${r.int(1, 3)}处接入雨水管网`
          : `${values.surveyMethod === "dye-test" ? "示踪试验确认" : "现场排查发现"}${party.name}生活污水经私设暗管直排入河`;
      }
      const pr = this.problems(subKey, storm, action, dryFlow, illicit);
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
      values.plan = this.plan(action, subKey, values.problems ?? []);
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

    if (status === "closed" || status === "retained") {
      let accDay: number;
      if (workDone) {
        const completedDay = Math.min(planDay! + r.int(20, 500), AS_OF_DAY - 45);
        lifecycle.completedAt = dateOf(Math.max(completedDay, planDay!));
        accDay = dayOf(lifecycle.completedAt) + r.int(5, 40);
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
    } else if (status === "confirmed" || status === "dismissed") {
      updatedAt = stamp(r, surveyDay).iso;
    } else {
      updatedAt = created.iso;
    }
    if (updatedAt < created.iso) updatedAt = created.iso;

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
