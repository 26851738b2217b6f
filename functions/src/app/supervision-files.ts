// Supervision files (draws, tasks, cases, spot checks): every change is an event appended to the file's
// hash-chained log in the same transaction as the new document, conditional on the version it was based on.
import { createHash } from "node:crypto";
import jcs from "canonicalize";
import type { Principal } from "../domain/access.js";
import type { SupervisionDoc, SupervisionEvent, SupervisionKind } from "../ports/supervision-store.js";
import type { Deps } from "./deps.js";
import { AppError, NotFound } from "./errors.js";
import { violation } from "../domain/violations.js";
import { GENESIS_HASH } from "./history.js";

/** SHA-256 of the event's RFC 8785 form without its hash (the same rule verify-draw checks). */
export function eventHash(event: Omit<SupervisionEvent, "hash">): string {
  return createHash("sha256").update(jcs(event)!, "utf8").digest("hex");
}

export function nextEvent(prev: { eventsHash: string; version: number } | undefined, who: Principal, at: string, type: string, detail: Record<string, unknown>): SupervisionEvent {
  const body = { seq: (prev?.version ?? 0) + 1, at, by: who.email, type, detail, prevHash: prev?.eventsHash ?? GENESIS_HASH };
  return { ...body, hash: eventHash(body) };
}

/** Whether the events form one unbroken chain ending at `head`. */
export function verifyEvents(events: readonly SupervisionEvent[], head: string): boolean {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    const { hash, ...body } = e;
    if (e.seq !== i + 1 || e.prevHash !== prev || eventHash(body) !== hash) return false;
    prev = hash;
  }
  return prev === head;
}

export async function createFile<T extends SupervisionDoc>(deps: Deps, kind: SupervisionKind, who: Principal, fields: Omit<T, "id" | "version" | "createdAt" | "updatedAt" | "eventsHash">, type: string, detail: Record<string, unknown>, id = deps.newId()): Promise<T> {
  const now = deps.clock.now().toISOString();
  const event = nextEvent(undefined, who, now, type, detail);
  const doc = { ...fields, id, version: 1, createdAt: now, updatedAt: now, eventsHash: event.hash } as T;
  if (!(await deps.supervision.create(kind, doc, event))) throw new AppError(409, "记录已存在", [violation("id", "R-VERSION", "该编号已被使用，请重试")]);
  return doc;
}

export async function readFile<T extends SupervisionDoc>(deps: Deps, kind: SupervisionKind, id: string, what: string): Promise<T> {
  const doc = await deps.supervision.get(kind, id);
  if (!doc) throw new NotFound(what);
  return doc as T;
}

/** Appends an event and the document it produces; 409 when the file changed since `expectedVersion`. */
export async function changeFile<T extends SupervisionDoc>(deps: Deps, kind: SupervisionKind, who: Principal, current: T, expectedVersion: number, next: T, type: string, detail: Record<string, unknown>): Promise<T> {
  if (current.version !== expectedVersion) throw conflict(current, expectedVersion);
  const now = deps.clock.now().toISOString();
  const event = nextEvent(current, who, now, type, detail);
  const doc = { ...next, version: current.version + 1, updatedAt: now, eventsHash: event.hash } as T;
  if (!(await deps.supervision.append(kind, doc, event))) throw conflict((await deps.supervision.get(kind, current.id)) ?? current, expectedVersion);
  return doc;
}

const conflict = (current: SupervisionDoc, expected: number) =>
  new AppError(409, "记录已被他人修改", [violation("expectedVersion", "R-VERSION", `您依据的是第 ${expected} 版，服务器上已是第 ${current.version} 版，请刷新后再操作`)], { current });
