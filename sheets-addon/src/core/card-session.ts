// The record card's server side, over the engine's ports (no Apps Script here): read the selected outfall
// with its history and photos, take a step, ask for a photo upload form and confirm it. The sidebar's RPCs
// (src/index.ts) call these; the simulated Apps Script runtime tests them against the local stack.
import { type Card, buildCard, checkPhotoFile, missingRequired, stepPayload } from "./card.js";
import * as engine from "./engine.js";
import { Api, ApiError, describeFailure } from "./http.js";
import type { Env } from "./ports.js";
import { trimReference } from "./reference.js";
import type { Reference, Violation } from "./types.js";

const REFERENCE_TTL = 6 * 3600;

export function cardApi(env: Env): Api {
  const url = env.documentSettings.get(engine.SETTING_API_URL) ?? env.scriptSettings.get(engine.SETTING_API_URL);
  if (!url) throw new engine.UserError("还没有设置台账接口地址：请打开「排污口 → 设置」填写（向管理员索取）");
  return new Api({ baseUrl: url, token: () => env.identityToken(), http: env.http, clock: env.clock });
}

function reference(env: Env, api: Api): Reference {
  const key = `card-ref:${api.baseUrl}`.slice(0, 240);
  const hit = env.cache.get(key);
  if (hit) return JSON.parse(hit) as Reference;
  const ref = trimReference(api.reference());
  try {
    env.cache.put(key, JSON.stringify(ref), REFERENCE_TTL);
  } catch {
    // too large for the cache: fetched again next time
  }
  return ref;
}

/** The step or photo is saved; the sheet's row catches up through an incremental pull (at the next pull if
 *  this one cannot run, e.g. while a colleague pushes). */
function refreshRow(env: Env): boolean {
  try {
    engine.pull(env, {});
    return true;
  } catch {
    return false;
  }
}

const path = (id: string) => `/v1/outfalls/${encodeURIComponent(id)}`;

/** The outfall of the selected ledger row (the first one when several are selected). */
export function selectedOutfall(env: Env): string {
  const [id] = engine.selectedIds(env);
  if (!id) throw new engine.UserError("请先在「排污口台账」表中选中一行已拉取（有临时编号）的排污口，再打开「查看/办理」");
  return id;
}

export function loadCard(env: Env, id: string): Card {
  const api = cardApi(env);
  const ref = reference(env, api);
  const [record, history, photos] = api.send([
    api.request("get", path(id)),
    api.request("get", `${path(id)}/history?limit=200`),
    api.request("get", `${path(id)}/photos?expiresIn=600`),
  ]);
  return buildCard(
    api.json<Record<string, unknown>>(record!),
    api.json<{ items: Record<string, unknown>[] }>(history!).items,
    api.json<{ items: Record<string, unknown>[] }>(photos!).items,
    ref,
  );
}

export type StepResult = { ok: true; card: Card; refreshed: boolean; message: string } | { ok: false; message: string; violations: Violation[] };

/** One step through POST …/transitions with the card's version; the row is refreshed by a pull after it. */
export function takeStep(env: Env, id: string, version: number, action: string, values: Record<string, unknown>): StepResult {
  const missing = missingRequired(action, values ?? {});
  if (missing.length) return { ok: false, message: "请补全必填项", violations: missing };
  const api = cardApi(env);
  const body = JSON.stringify({ ...stepPayload(action, values ?? {}), expectedVersion: version });
  const [outcome] = api.send([api.request("post", `${path(id)}/transitions`, body)]);
  if (!("response" in outcome!) || outcome.response.status >= 300) {
    const failure = describeFailure(outcome!, api.baseUrl);
    return { ok: false, message: failure.message, violations: failure.violations };
  }
  const refreshed = refreshRow(env);
  const card = loadCard(env, id);
  return { ok: true, card, refreshed, message: `已办理「${card.history[0]?.what ?? action}」，现为「${card.statusLabel}」` };
}

export interface PhotoRequest {
  slot: string;
  name: string;
  type: string;
  size: number;
  sha256?: string;
  note?: string;
}

export type PhotoTicket = { ok: true; photoId: string; upload: { url: string; fields: Record<string, string>; fileField: string } } | { ok: false; violations: Violation[]; message: string };

/** Checks the file as the sidebar did, then asks the API for a presigned form for it. */
export function photoTicket(env: Env, id: string, file: PhotoRequest): PhotoTicket {
  const refused = checkPhotoFile(file);
  if (refused) return { ok: false, violations: [refused], message: refused.message };
  const api = cardApi(env);
  const body = JSON.stringify({ slot: file.slot, contentType: file.type, size: file.size, ...(file.sha256 ? { sha256: file.sha256 } : {}), ...(file.note ? { note: file.note } : {}) });
  const [outcome] = api.send([api.request("post", `${path(id)}/photos`, body)]);
  try {
    const ticket = api.json<{ photoId: string; upload: { url: string; fields: Record<string, string>; fileField: string } }>(outcome!);
    return { ok: true, photoId: ticket.photoId, upload: ticket.upload };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, violations: error.violations, message: error.message };
    throw error;
  }
}

/** After the browser posted the file to storage: the API checks the stored bytes and records the photo. */
export function confirmPhoto(env: Env, id: string, photoId: string): { ok: true; card: Card } | { ok: false; violations: Violation[]; message: string } {
  const api = cardApi(env);
  const [outcome] = api.send([api.request("post", `${path(id)}/photos/${encodeURIComponent(photoId)}/confirm`)]);
  try {
    api.json(outcome!);
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, violations: error.violations, message: error.message };
    throw error;
  }
  refreshRow(env);
  return { ok: true, card: loadCard(env, id) };
}
