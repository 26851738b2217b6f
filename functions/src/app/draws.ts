// Random inspection draws (双随机、一公开) and recheck samples (销号后复查). Creating a draw freezes its
// population and inspector pool and publishes the seed (a server-generated 256-bit value: nobody chooses
// it, so nobody can try seeds until one gives the targets they want; every draw ever created is listed).
// Running it needs a witness on the log; every later change (substitution, recusal, result, close) is an
// event with its reason. The algorithm is domain/supervision/draw.ts; npm run verify-draw recomputes it.
import { randomBytes } from "node:crypto";
import type { Principal } from "../domain/access.js";
import { STATUS } from "../domain/enums.js";
import { toKeys } from "../domain/labels.js";
import { type DrawOutcome, type Inspector, type Pairing, type Substitution, applySubstitutions, inspectorsHash, populationHash, runDraw } from "../domain/supervision/draw.js";
import { DRAW_ACTION, DRAW_ACTION_PAYLOADS, DRAW_PURPOSE, DRAW_STATUS_LABELS, DrawCreateInput, type DrawAction } from "../domain/supervision/draw-input.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { SupervisionDoc } from "../ports/supervision-store.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput } from "./errors.js";
import { allOutfalls } from "./outfalls.js";
import { changeFile, createFile, readFile } from "./supervision-files.js";

export interface PopulationEntry {
  id: string;
  tempId: string;
  name: string;
  subdistrict: string;
}

export interface Draw extends SupervisionDoc {
  purpose: DrawCreateInput["purpose"];
  title: string;
  status: "published" | "run" | "closed";
  createdBy: string;
  filter: DrawCreateInput["filter"];
  population: PopulationEntry[];
  populationHash: string;
  inspectors: Inspector[];
  inspectorsHash: string;
  count: number;
  inspectorsPerTarget: number;
  answerDays?: number;
  seed: string;
  algorithm: string;
  witnesses: { witness: string; organisation?: string; note?: string; at: string }[];
  runAt?: string;
  answerBy?: string;
  /** The shuffled population (targets first) and the pairings as first drawn. */
  drawn?: Pick<DrawOutcome, "order" | "pairings">;
  substitutions: (Substitution & { at: string; by: string })[];
  /** The pairings after substitutions: who inspects what now. */
  pairings: Pairing[];
  results: { targetId: string; outcome: string; note?: string; patrolId?: string; at: string; by: string }[];
}

export const DRAW_ALGORITHM = "sha256-ctr-fisher-yates-v1";

const coordinatorOnly = (who: Principal, what: string) => {
  if (who.role !== "coordinator" && who.role !== "admin") throw new Forbidden(violation("action", "R-SCOPE", `「${what}」由区治水办（河长办）操作`));
};

const doneAt = (r: { closedAt?: string; acceptance?: { at: string }; updatedAt: string }) => r.closedAt ?? r.acceptance?.at ?? r.updatedAt;

export async function createDraw(deps: Deps, who: Principal, body: unknown): Promise<Draw> {
  coordinatorOnly(who, "创建随机抽查");
  const parsed = DrawCreateInput.safeParse(toKeys(DrawCreateInput, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const input = parsed.data;
  const recheck = input.purpose === "recheck" ? deps.campaign.recheck : undefined;
  const filter = {
    ...input.filter,
    ...(input.purpose === "recheck" ? { status: input.filter.status ?? (["closed", "retained"] as const).slice(), doneWithinDays: input.filter.doneWithinDays ?? recheck?.withinDays } : {}),
  };
  const bad = (filter.subdistrict ?? []).filter((s) => !deps.reference.subdistrictByKey.has(s));
  if (bad.length) throw new InvalidInput([violation("filter.subdistrict", "R-REFERENCE", `街道「${bad.join("、")}」不在本区街道名单中`)]);
  const now = deps.clock.now();
  const since = filter.doneWithinDays ? now.getTime() - filter.doneWithinDays * 86_400_000 : undefined;
  const population = (await allOutfalls(deps))
    .filter((r) => r.status !== "dismissed")
    .filter((r) => !filter.subdistrict || filter.subdistrict.includes(r.subdistrict))
    .filter((r) => !filter.category || filter.category.includes(r.category))
    .filter((r) => !filter.subcategory || (r.subcategory !== undefined && filter.subcategory.includes(r.subcategory)))
    .filter((r) => !filter.status || filter.status.includes(r.status))
    .filter((r) => since === undefined || Date.parse(doneAt(r)) >= since)
    .map((r) => ({ id: r.id, tempId: r.tempId, name: r.name, subdistrict: r.subdistrict }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!population.length) {
    const statuses = filter.status ? `，状态为${filter.status.map((s) => STATUS.label(s)).join("、")}` : "";
    throw new InvalidInput([violation("filter", "R-LIFECYCLE", `抽取范围内没有排污口${statuses}，请放宽范围`)]);
  }
  const sharePct = input.sharePct ?? recheck?.sharePct;
  const count = input.count ?? (sharePct ? Math.max(1, Math.ceil((population.length * sharePct) / 100)) : undefined);
  if (!count) throw new InvalidInput([violation("count", "R-REQUIRED", "请填写「抽取数量」或「抽取比例（%）」")]);
  if (input.purpose === "inspection" && !input.inspectors.length) throw new InvalidInput([violation("inspectors", "R-REQUIRED", "双随机检查须有「检查人员库」（至少 1 人）")]);
  const keys = new Set(input.inspectors.map((i) => i.key));
  if (keys.size !== input.inspectors.length) throw new InvalidInput([violation("inspectors", "R-FORMAT", "「检查人员编号」不能重复")]);
  const seed = randomBytes(32).toString("hex");
  const answerDays = input.answerDays ?? recheck?.answerDays;
  return createFile<Draw>(
    deps,
    "draw",
    who,
    {
      purpose: input.purpose,
      title: input.title,
      status: "published",
      createdBy: who.email,
      filter,
      population,
      populationHash: populationHash(population.map((p) => p.id)),
      inspectors: input.inspectors,
      inspectorsHash: inspectorsHash(input.inspectors),
      count: Math.min(count, population.length),
      inspectorsPerTarget: input.inspectorsPerTarget,
      ...(answerDays ? { answerDays } : {}),
      seed,
      algorithm: DRAW_ALGORITHM,
      witnesses: [],
      substitutions: [],
      pairings: [],
      results: [],
    } as never,
    "created",
    { seed, populationHash: populationHash(population.map((p) => p.id)), populationSize: population.length, inspectorsHash: inspectorsHash(input.inspectors), count },
  );
}

export const getDraw = (deps: Deps, id: string) => readFile<Draw>(deps, "draw", id, "该抽查");

export async function drawWithEvents(deps: Deps, id: string) {
  const draw = await getDraw(deps, id);
  return { ...draw, events: await deps.supervision.events("draw", id) };
}

/** Who may record a target's result: coordinators, departments, and the clerks of the target's subdistrict. */
function resultScope(who: Principal, draw: Draw, targetId: string) {
  if (who.role !== "clerk") return;
  const target = draw.population.find((p) => p.id === targetId);
  if (target && target.subdistrict === who.subdistrict) return;
  throw new Forbidden(violation("targetId", "R-SCOPE", "街道经办人只能录入本街道抽查对象的检查结果"));
}

export async function drawAction(deps: Deps, who: Principal, id: string, body: unknown): Promise<Draw> {
  const action = toKeys(DRAW_ACTION.schema, (body as { action?: unknown } | null)?.action, deps.reference);
  if (typeof action !== "string" || !(DRAW_ACTION.keys as readonly string[]).includes(action)) {
    throw new InvalidInput([violation("action", "R-ENUM", `「操作」应为以下之一：${DRAW_ACTION.keys.map((k) => `${DRAW_ACTION.label(k)}（${k}）`).join("、")}`)]);
  }
  const a = action as DrawAction;
  const parsed = DRAW_ACTION_PAYLOADS[a].safeParse(toKeys(DRAW_ACTION_PAYLOADS[a], { ...(body as object), action: a }, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const p = parsed.data as Record<string, unknown> & { expectedVersion: number };
  const draw = await getDraw(deps, id);
  if (a === "result") resultScope(who, draw, p.targetId as string);
  else coordinatorOnly(who, DRAW_ACTION.label(a));
  const state = (allowed: Draw["status"][]) => {
    if (!allowed.includes(draw.status)) {
      throw new AppError(422, "不能进行该操作", [violation("status", "R-LIFECYCLE", `抽查当前为「${DRAW_STATUS_LABELS[draw.status]}」，不能「${DRAW_ACTION.label(a)}」`)]);
    }
  };
  const now = deps.clock.now().toISOString();
  const { action: _a, expectedVersion, ...detail } = p;
  const next: Draw = structuredClone(draw);
  switch (a) {
    case "witness":
      state(["published", "run"]);
      next.witnesses.push({ witness: p.witness as string, ...(p.organisation ? { organisation: p.organisation as string } : {}), ...(p.note ? { note: p.note as string } : {}), at: now });
      break;
    case "run": {
      state(["published"]);
      if (!draw.witnesses.length) throw new AppError(422, "不能进行该操作", [violation("witness", "R-LIFECYCLE", "抽取前须至少登记一名见证人（操作“见证”）")]);
      const outcome = runDraw({ seed: draw.seed, population: draw.population.map((x) => x.id), inspectors: draw.inspectors, count: draw.count, inspectorsPerTarget: draw.inspectorsPerTarget });
      next.status = "run";
      next.runAt = now;
      if (draw.answerDays) next.answerBy = new Date(Date.parse(now) + draw.answerDays * 86_400_000).toISOString();
      next.drawn = { order: outcome.order, pairings: outcome.pairings };
      next.pairings = outcome.pairings;
      Object.assign(detail, { targets: outcome.pairings.map((x) => x.targetId), pairings: outcome.pairings });
      break;
    }
    case "substitute":
    case "recuse": {
      state(["run"]);
      const sub: Substitution =
        a === "substitute"
          ? { kind: "target", targetId: p.targetId as string, reason: p.reason as string }
          : { kind: "recusal", targetId: p.targetId as string, inspectorKey: p.inspectorKey as string, reason: p.reason as string };
      if (draw.results.some((r) => r.targetId === sub.targetId)) throw new AppError(422, "不能进行该操作", [violation("targetId", "R-LIFECYCLE", "该对象已录入检查结果，不能再替换或回避")]);
      try {
        next.pairings = applySubstitutions({ ...draw.drawn!, populationHash: draw.populationHash, inspectorsHash: draw.inspectorsHash }, draw, [...draw.substitutions, sub]);
      } catch {
        throw new AppError(422, "不能进行该操作", [violation("targetId", "R-LIFECYCLE", a === "substitute" ? "该对象不在当前抽取结果中，或备选对象已用完" : "该人员不在该对象的检查组中，或人员库中已无可替换的人员")]);
      }
      next.substitutions.push({ ...sub, at: now, by: who.email });
      Object.assign(detail, { pairings: next.pairings });
      break;
    }
    case "result":
      state(["run"]);
      if (!draw.pairings.some((x) => x.targetId === p.targetId)) throw new AppError(422, "不能进行该操作", [violation("targetId", "R-LIFECYCLE", "该排污口不是本次抽查的对象")]);
      if (draw.results.some((r) => r.targetId === p.targetId)) throw new AppError(422, "不能进行该操作", [violation("targetId", "R-LIFECYCLE", "该对象已录入检查结果；结果不能修改，如有错误请在说明中更正后由区治水办办结时注明")]);
      next.results.push({ targetId: p.targetId as string, outcome: p.outcome as string, ...(p.note ? { note: p.note as string } : {}), ...(p.patrolId ? { patrolId: p.patrolId as string } : {}), at: now, by: who.email });
      break;
    case "finish":
      state(["run"]);
      next.status = "closed";
      break;
  }
  return changeFile(deps, "draw", who, draw, expectedVersion, next, a, detail);
}

/** Targets of run recheck draws past their answer date without a result (the digest's figure). */
export function unansweredRechecks(draws: readonly Draw[], now: Date): number {
  return draws
    .filter((d) => d.purpose === "recheck" && d.status === "run" && d.answerBy && Date.parse(d.answerBy) < now.getTime())
    .reduce((n, d) => n + d.pairings.filter((x) => !d.results.some((r) => r.targetId === x.targetId)).length, 0);
}

/** The public form (双随机、一公开): everything needed to recompute the draw and check its log, as stored. */
export const publicDraw = (d: Draw & { events?: unknown[] }) => ({ ...d, purposeLabel: DRAW_PURPOSE.label(d.purpose) });
