// Lifecycle helpers for the integration tests: create, step, patch, batch and upload through the real API,
// keeping each outfall's version so a test reads as the clerk's sequence of actions.
import { expect } from "vitest";
import { uploadPhoto } from "../../functions/src/contracts/upload-photo.js";
import type { PhotoSlot } from "../../functions/src/domain/enums.js";
import { jpeg } from "../fixtures/images.js";
import { type Reply, baseUrl, call, tableItemCount, tokenFor, validOutfall } from "./client.js";
import { CLERK, ENFORCEMENT } from "./users.js";

export const version = new Map<string, number>();

export const party = (name = "景芳三区物业", kind = "residential") => ({ name, kind });
export const NO_FLOOD_RISK = { affects: false };

export async function step(id: string, action: string, payload: Record<string, unknown> = {}, as = CLERK) {
  const reply = await call("POST", `/v1/outfalls/${id}/transitions`, { as, body: { action, expectedVersion: version.get(id), ...payload } });
  if (reply.status === 200) version.set(id, reply.body.version);
  return reply;
}

export async function ok(id: string, action: string, payload: Record<string, unknown> = {}, as = CLERK) {
  const reply = await step(id, action, payload, as);
  expect(reply.status, `${action}: ${JSON.stringify(reply.body.errors ?? reply.body)}`).toBe(200);
  return reply.body;
}

export async function create(values: Record<string, unknown> = {}, as = CLERK) {
  const reply = await call("POST", "/v1/outfalls", { as, body: validOutfall({ surveyLevel: 1, ...values }) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  version.set(reply.body.id, reply.body.version);
  return reply.body;
}

/** Uploads one photo per slot; returns their ids. */
export async function photos(id: string, ...slots: PhotoSlot[]): Promise<string[]> {
  const ids: string[] = [];
  for (const slot of slots) ids.push((await uploadPhoto({ apiUrl: baseUrl(), token: await tokenFor(CLERK), outfallId: id, slot, data: jpeg() })).id);
  version.set(id, (await call("GET", `/v1/outfalls/${id}`, { as: CLERK })).body.version);
  return ids;
}

export async function patch(id: string, body: Record<string, unknown>, as = CLERK) {
  const reply = await call("PATCH", `/v1/outfalls/${id}`, { as, body, headers: { "if-match": String(version.get(id)) } });
  if (reply.status === 200) version.set(id, reply.body.version);
  return reply;
}

/** One spreadsheet row updating `id`; returns that row's result. */
export async function batchRow(id: string, values: Record<string, unknown>, as = CLERK) {
  const reply = await call("POST", "/v1/outfalls/batch?full=1", { as, body: { rows: [{ id, expectedVersion: version.get(id), values }] } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const row = reply.body.results[0];
  if (row.outcome === "ok") version.set(id, row.version);
  return row;
}

/** suspected → confirmed → traced, ready for a plan. */
export async function traced(values: Record<string, unknown> = {}, parties = [party()]) {
  const o = await create(values);
  await ok(o.id, "confirm", { surveyedAt: "2024-03-01", surveyedBy: "凯旋排查组" });
  return ok(o.id, "trace", { responsibleParties: parties, responsibilityBasis: "traced" });
}

/** traced → keep → accepted → retained (a stormwater outlet with its sign). */
export async function retained() {
  const o = await traced({ subcategory: "urban-stormwater", signboard: { installed: true, installedAt: "2023-09-01" } });
  await ok(o.id, "plan", { remediation: "keep" });
  await ok(o.id, "accept", {}, ENFORCEMENT);
  return ok(o.id, "retain", {}, ENFORCEMENT);
}

export const expectRule = (reply: Reply, status: number, rule: string) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.errors.map((e: any) => e.rule)).toContain(rule);
};

/** A row refused with `rule`, in Chinese and naming the field by its label. */
export const expectRowRule = (row: any, rule: string) => {
  expect(row.outcome, JSON.stringify(row)).toBe("invalid");
  expect(row.violations.map((v: any) => v.rule)).toContain(rule);
};

/** What "the store is unchanged" is checked against: the record and the number of items in the table. */
export async function snapshot(id: string) {
  return { record: (await call("GET", `/v1/outfalls/${id}`, { as: CLERK })).body, items: await tableItemCount() };
}

/** Today's date in China Standard Time: the capture date of a photo without EXIF uploaded now. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
