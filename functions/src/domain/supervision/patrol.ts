// Patrols (巡查, 河长巡河, domain.md §6): who looked at an outfall, when, and what they saw, from fixed
// lists. What a patrol reveals is put on the outfall: a problem it shows is added to the record's problems,
// and a retained or closed-out outfall showing one is reopened through the lifecycle's `reopen` step.
import * as z from "zod/mini";
import { meta } from "../meta.js";
import type { Principal } from "../access.js";
import { type PROBLEM, type Status, vocabulary } from "../enums.js";
import { runTransition } from "../lifecycle.js";
import type { Outfall } from "../outfall.js";
import type { ReferenceIndex } from "../reference.js";
import { type Violation, violation } from "../violations.js";

export const PATROL_KIND = vocabulary({
  routine: "日常巡查",
  "river-chief": "河长巡河",
  recheck: "销号后复查",
  inspection: "双随机检查",
});

export const WEATHER = vocabulary({ dry: "晴天（连续无降雨）", rain: "雨天或雨后" });

// One vocabulary per observation. Keys are distinct across lists (labels.ts finds a field's vocabulary by its keys).
export const FLOW = vocabulary({ "no-flow": "无水", trickle: "少量滴流", flowing: "持续出水", heavy: "大量出水" });
export const COLOUR = vocabulary({ "colour-normal": "无色/正常", "colour-slight": "轻微异色", "colour-abnormal": "明显异色（黑、黄、红、乳白等）" });
export const TURBIDITY = vocabulary({ "clear-water": "清澈", "slightly-turbid": "微浑", turbid: "浑浊" });
export const ODOUR = vocabulary({ "no-odour": "无异味", "slight-odour": "轻微异味", "strong-odour": "明显臭味或化学气味" });
export const OIL_FILM = vocabulary({ "no-oil": "无油膜", "oil-film": "有油膜" });
export const FLOATABLES = vocabulary({ "no-floatables": "无漂浮物", "some-floatables": "少量漂浮物", "heavy-floatables": "大量漂浮物/垃圾" });
export const DEPOSITS = vocabulary({ "no-deposits": "无淤积", "some-deposits": "轻微淤积", "heavy-deposits": "严重淤积/堵塞" });
export const DAMAGE = vocabulary({ intact: "完好", "minor-damage": "轻微破损", damaged: "破损/塌陷" });
export const SIGNBOARD_STATE = vocabulary({ "sign-ok": "标识牌完好", "sign-damaged": "标识牌破损/信息不清", "sign-missing": "无标识牌" });

export const Observations = z.strictObject({
  flow: FLOW.schema,
  colour: z.optional(COLOUR.schema),
  turbidity: z.optional(TURBIDITY.schema),
  odour: z.optional(ODOUR.schema),
  oilFilm: z.optional(OIL_FILM.schema),
  floatables: z.optional(FLOATABLES.schema),
  deposits: z.optional(DEPOSITS.schema),
  damage: z.optional(DAMAGE.schema),
  signboard: z.optional(SIGNBOARD_STATE.schema),
});
export type Observations = z.infer<typeof Observations>;

const timestamp = z.iso.datetime({ offset: true });

/** POST /v1/outfalls/{id}/patrols body. */
export const PatrolInput = meta(z.strictObject({
  kind: z._default(PATROL_KIND.schema, "routine"),
  patrolledAt: timestamp,
  patroller: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  weather: WEATHER.schema,
  observations: Observations,
  photoIds: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.maxLength(20)), []),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
  /** The draw (双随机 or recheck sample) this patrol answers, if any. */
  drawId: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
}), { id: "PatrolInput", title: "巡查记录" });
export type PatrolInput = z.output<typeof PatrolInput>;

export interface Patrol extends PatrolInput {
  id: string;
  outfallId: string;
  subdistrict: string;
  /** Problems this patrol put on the outfall (ones already on it are not repeated). */
  problemsFound: (typeof PROBLEM.keys)[number][];
  /** The water looked polluted (colour, turbidity, odour, oil film): a sample should be taken. */
  needsSampling: boolean;
  /** The outfall was reopened by this patrol (it was retained or closed out). */
  reopened: boolean;
  recordedBy: string;
  recordedAt: string;
  /** The outfall's version this patrol produced. */
  outfallVersion: number;
}

type Problem = (typeof PROBLEM.keys)[number];
const FLOWING: readonly string[] = ["trickle", "flowing", "heavy"];

/** The problems what was seen shows: water in dry weather, a damaged outlet, a missing or illegible sign,
 *  a blocked outlet. */
export function problemsSeen(p: Pick<PatrolInput, "weather" | "observations">): Problem[] {
  const o = p.observations;
  const out: Problem[] = [];
  if (p.weather === "dry" && FLOWING.includes(o.flow)) out.push("dry-weather");
  if (o.damage === "damaged") out.push("aging");
  if (o.signboard === "sign-missing" || o.signboard === "sign-damaged") out.push("no-signboard");
  if (o.deposits === "heavy-deposits" || o.floatables === "heavy-floatables") out.push("poor-drainage");
  return out;
}

/** The water looks polluted: worth a sample (monitoring) whatever the weather. */
export function pollutionSigns(o: Observations): boolean {
  return o.colour === "colour-abnormal" || o.turbidity === "turbid" || o.odour === "strong-odour" || o.oilFilm === "oil-film";
}

/** Statuses a finding reopens: the outfall was counted as done. */
export const REOPENED_BY_FINDING: readonly Status[] = ["retained", "closed"];

export interface Finding {
  next: Outfall;
  added: Problem[];
  reopened: boolean;
}

/**
 * The record after a finding of `problems` at `at`: new problems added; a retained or closed-out outfall
 * with a new problem goes through the lifecycle's reopen step. A dismissed point is left as it is (it is
 * not an outfall; a new one is registered instead). `touch` sets the compact supervision timestamps.
 */
export function applyFinding(record: Outfall, problems: readonly Problem[], who: Principal, now: string, ref: ReferenceIndex, touch: Partial<Outfall>): Finding | Violation[] {
  const current = record.problems ?? [];
  const added = record.status === "dismissed" ? [] : [...new Set(problems)].filter((p) => !current.includes(p));
  let next: Outfall = { ...record, ...touch };
  if (!added.length) return { next, added, reopened: false };
  const all = [...current, ...added];
  if (REOPENED_BY_FINDING.includes(record.status)) {
    const reopened = runTransition("reopen", next, { problems: all }, who, now, ref);
    if (Array.isArray(reopened)) return reopened;
    next = reopened;
  } else {
    next = { ...next, problems: all };
  }
  if (added.includes("dry-weather")) next.dryWeatherFlow = true;
  return { next, added, reopened: REOPENED_BY_FINDING.includes(record.status) };
}

/** Photos a patrol names must be confirmed, live evidence of this outfall. */
export function checkPatrolPhotos(record: Outfall, photoIds: readonly string[]): Violation[] {
  const live = new Set((record.photos ?? []).filter((p) => !p.supersededBy).map((p) => p.id));
  return photoIds.flatMap((id, i) =>
    live.has(id) ? [] : [violation(`photoIds[${i}]`, "R-PHOTO-MISSING", `照片「${id}」不是本排污口已上传确认的照片；请先在本排污口上传照片（近景、远景或其他），再填写照片编号`)],
  );
}

/** A patrol time in the future, or later than now by more than clock skew, is refused. */
export function checkPatrolTime(at: string, now: string, field = "patrolledAt"): Violation[] {
  return Date.parse(at) > Date.parse(now) + 5 * 60_000 ? [violation(field, "R-RANGE", `「${field === "patrolledAt" ? "巡查时间" : "采样时间"}」不能晚于当前时间`)] : [];
}
