// Work done in the field, kept in IndexedDB until the ledger has it: new outfalls (captures), evidence for an
// existing outfall (photos and a sensory observation) and patrols. Each item carries an idempotency key made
// when it was saved, and every key the sending needs is derived from it and written to the item before the
// request that uses it, so whatever answer is lost and whatever closes, a retry asks the same question:
// - a capture is created by POST /v1/outfalls/batch with one row and the item's key (a repeated key gets the
//   first answer, never a second record);
// - an observation is a batch update with its own key and the version it was based on, both saved first;
// - each photo's presign carries the photo's own key, so the ledger names the same photo every time (and
//   answers `confirmed` once it has it: nothing is uploaded or stored twice); the photo id is kept;
// - a patrol is posted with the item's key (the ledger derives the patrol's id from it).
import { ApiError, type Json, Offline, api, describeRefusal } from "./api.js";

export interface QueuedPhoto {
  slot: string;
  name: string;
  type: string;
  blob: Blob;
  /** Idempotency-Key of its presign: the same key always names the same photo. */
  key?: string;
  /** The id the ledger gave it at presign (kept: a retry must get the same one back). */
  ticketId?: string;
  /** Set once the ledger confirmed it. */
  photoId?: string;
  error?: string;
}

/** capture: a new outfall; evidence: photos and an observation for an existing one; patrol: 巡查记录. */
export type QueueKind = "capture" | "evidence" | "patrol";

export interface Capture {
  key: string;
  /** Absent on items saved before there were other kinds: a capture. */
  kind?: QueueKind;
  createdAt: string;
  state: "pending" | "sent" | "refused";
  /** capture: the new record's values; evidence: the fields the observation changes (may be empty);
   *  patrol: the patrol's body without its photos. */
  values: Record<string, unknown>;
  photos: QueuedPhoto[];
  outfallId?: string;
  tempId?: string;
  /** What the queue shows for an existing outfall (its name). */
  label?: string;
  /** evidence: the observation's batch update, fixed before it is sent. */
  update?: { key: string; expectedVersion: number; attempt: number; done?: boolean };
  /** patrol: the id the ledger gave it. */
  patrolId?: string;
  /** patrol: problems found / reopened, as the ledger answered. */
  outcome?: string;
  message?: string;
}

const DB = "outfall-ledger";
const STORE = "captures";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "key" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = run(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(req.result);
    };
    t.onerror = () => reject(t.error);
  });
}

export const saveCapture = (c: Capture) => tx("readwrite", (s) => s.put(c)).then(() => undefined);
export const listCaptures = () => tx<Capture[]>("readonly", (s) => s.getAll() as IDBRequest<Capture[]>).then((all) => all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));

export function newCapture(values: Record<string, unknown>, photos: QueuedPhoto[]): Capture {
  return newItem("capture", values, photos);
}

/** A queue item with its key, and a key for each photo's presign derived from it. */
export function newItem(kind: QueueKind, values: Record<string, unknown>, photos: QueuedPhoto[], about: { outfallId?: string; tempId?: string; label?: string } = {}): Capture {
  const key = `${kind === "capture" ? "cap" : kind === "evidence" ? "evd" : "ptl"}-${crypto.randomUUID()}`;
  return {
    key,
    kind,
    createdAt: new Date().toISOString(),
    state: "pending",
    values,
    photos: photos.map((p, i) => ({ ...p, key: `${key}-p${i}` })),
    ...about,
  };
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

interface Ticket {
  photoId: string;
  upload?: { url: string; fields: Record<string, string>; fileField: string };
  confirmed?: Json;
}

/**
 * Presign → upload to storage → confirm (functions/src/app/photos.ts). With the photo's key the presign
 * names the same photo on every attempt; `kept` is called once its id is known, so the item keeps it.
 */
export async function sendPhoto(outfallId: string, photo: QueuedPhoto, kept: () => Promise<void> = async () => undefined): Promise<string> {
  const id = encodeURIComponent(outfallId);
  const ticket = await api<Ticket>(
    "POST",
    `/v1/outfalls/${id}/photos`,
    { slot: photo.slot, contentType: photo.type, size: photo.blob.size, sha256: await sha256Hex(photo.blob) },
    photo.key ? { "idempotency-key": photo.key } : {},
  );
  if (photo.ticketId && ticket.photoId !== photo.ticketId) throw new ApiError(`照片编号不一致（${photo.ticketId} / ${ticket.photoId}），未上传`, 409);
  if (!photo.ticketId) {
    photo.ticketId = ticket.photoId;
    await kept();
  }
  if (ticket.confirmed) return ticket.photoId; // an earlier attempt's confirmation reached the ledger
  if (!ticket.upload) throw new ApiError("服务器未给出上传地址", 502);
  const form = new FormData();
  for (const [k, v] of Object.entries(ticket.upload.fields)) form.append(k, v);
  form.append(ticket.upload.fileField, photo.blob, photo.name);
  const stored = await fetch(ticket.upload.url, { method: "POST", body: form }).catch(() => undefined);
  if (!stored) throw new Offline("网络不可用");
  if (!stored.ok) throw new ApiError(`照片上传到存储失败（HTTP ${stored.status}）`, stored.status);
  await api("POST", `/v1/outfalls/${id}/photos/${encodeURIComponent(ticket.photoId)}/confirm`);
  return ticket.photoId;
}

/** A refusal that is not about the item: not signed in (or the sign-in expired). The item waits. */
function refusalOf(error: unknown): ApiError {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 401) throw new Offline(error.message);
  return error;
}

type RowAnswer = { outcome: string; id?: string; tempId?: string; version?: number; current?: { version: number }; violations?: { field: string; rule: string; message: string }[] };
const rowRefusal = (row: RowAnswer) => (row.violations ?? []).map((v) => `${v.message}（${v.rule}）`).join("；") || "被退回";

/** One row through POST /v1/outfalls/batch with an Idempotency-Key; a refusal of the request is answered as a row. */
async function batchRow(key: string, row: Json): Promise<RowAnswer> {
  try {
    const answer = await api<{ results: RowAnswer[] }>("POST", "/v1/outfalls/batch", { rows: [row] }, { "idempotency-key": key });
    return answer.results[0]!;
  } catch (error) {
    const refused = refusalOf(error);
    return { outcome: "invalid", violations: refused.violations.length ? refused.violations : [{ field: "", rule: `HTTP ${refused.status}`, message: refused.message }] };
  }
}

/** Sends the item's photos not yet confirmed, saving after each; a refused photo keeps its message. */
async function sendPhotos(c: Capture): Promise<void> {
  for (const [i, photo] of c.photos.entries()) {
    if (photo.photoId || photo.error) continue;
    if (!photo.key) {
      photo.key = `${c.key}-p${i}`;
      await saveCapture(c);
    }
    try {
      photo.photoId = await sendPhoto(c.outfallId!, photo, () => saveCapture(c));
    } catch (error) {
      photo.error = describeRefusal(refusalOf(error));
    }
    await saveCapture(c);
  }
}

const photoRefusals = (c: Capture) => c.photos.filter((p) => p.error).map((p) => p.error);

async function sendCapture(c: Capture): Promise<void> {
  if (!c.outfallId) {
    const row = await batchRow(c.key, { clientRef: c.key, values: c.values });
    if (row.outcome !== "ok" || !row.id) {
      await saveCapture({ ...c, state: "refused", message: rowRefusal(row) });
      return;
    }
    c = { ...c, outfallId: row.id, ...(row.tempId ? { tempId: row.tempId } : {}) };
    await saveCapture(c);
  }
  await sendPhotos(c);
  const refused = photoRefusals(c);
  await saveCapture({ ...c, state: "sent", ...(refused.length ? { message: `照片被退回：${refused.join("；")}` } : {}) });
}

/** The observation as a batch update: its key and base version are saved before each attempt; a conflict
 *  (someone changed the record meanwhile) is tried again on the current version under a new key. */
async function sendObservation(c: Capture): Promise<string | undefined> {
  if (!Object.keys(c.values).length || c.update?.done) return undefined;
  for (let round = 0; round < 3; round++) {
    if (!c.update) {
      const record = await api<{ version: number }>("GET", `/v1/outfalls/${encodeURIComponent(c.outfallId!)}`);
      c.update = { key: `${c.key}-obs`, expectedVersion: record.version, attempt: 1 };
      await saveCapture(c);
    }
    const row = await batchRow(c.update.key, { id: c.outfallId, expectedVersion: c.update.expectedVersion, clientRef: c.key, values: c.values });
    if (row.outcome === "ok") {
      c.update = { ...c.update, done: true };
      await saveCapture(c);
      return undefined;
    }
    if (row.outcome !== "conflict" || !row.current) return rowRefusal(row);
    const attempt = c.update.attempt + 1;
    c.update = { key: `${c.key}-obs${attempt}`, expectedVersion: row.current.version, attempt };
    await saveCapture(c);
  }
  return "排污口正被他人频繁修改，现场观测未能保存，请稍后在记录卡片上重试";
}

async function sendEvidence(c: Capture): Promise<void> {
  const refusedObservation = await sendObservation(c);
  await sendPhotos(c);
  const messages = [...(refusedObservation ? [`现场观测被退回：${refusedObservation}`] : []), ...photoRefusals(c).map((m) => `照片被退回：${m}`)];
  const nothingTaken = (refusedObservation || !Object.keys(c.values).length) && !c.photos.some((p) => p.photoId);
  await saveCapture({ ...c, state: nothingTaken && messages.length ? "refused" : "sent", ...(messages.length ? { message: messages.join("；") } : {}) });
}

async function sendPatrol(c: Capture): Promise<void> {
  await sendPhotos(c);
  const photoIds = c.photos.flatMap((p) => (p.photoId ? [p.photoId] : []));
  let patrol: Json;
  try {
    patrol = await api("POST", `/v1/outfalls/${encodeURIComponent(c.outfallId!)}/patrols`, { ...c.values, photoIds }, { "idempotency-key": c.key });
  } catch (error) {
    await saveCapture({ ...c, state: "refused", message: describeRefusal(refusalOf(error)) });
    return;
  }
  const refused = photoRefusals(c);
  const found = (patrol.problemsFound as string[] | undefined)?.length ? `发现问题 ${(patrol.problemsFound as string[]).length} 项${patrol.reopened ? "，排污口已重新打开" : ""}` : "未发现问题";
  await saveCapture({ ...c, state: "sent", patrolId: String(patrol.id), outcome: found, ...(refused.length ? { message: `照片被退回：${refused.join("；")}` } : {}) });
}

/** Moves one item as far as it can go; saves after every step. Offline leaves it pending; a refusal
 *  nobody expected (the outfall gone or out of the user's scope) is shown on the item. */
async function sendOne(c: Capture): Promise<void> {
  try {
    if (c.kind === "evidence") await sendEvidence(c);
    else if (c.kind === "patrol") await sendPatrol(c);
    else await sendCapture(c);
  } catch (error) {
    const refused = refusalOf(error);
    const latest = (await listCaptures()).find((x) => x.key === c.key) ?? c;
    await saveCapture({ ...latest, state: "refused", message: describeRefusal(refused) });
  }
}

let running: Promise<void> | undefined;
let again = false;

/** Sends what is pending, oldest first, one item at a time; one sender per browser (Web Locks) and per
 *  page. A call while sending makes the sender look once more when it is done (an item saved meanwhile). */
export function flush(onChange: () => void = () => undefined): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    const work = async () => {
      do {
        again = false;
        const pending = (await listCaptures()).filter((c) => c.state === "pending").reverse();
        for (const c of pending) {
          try {
            await sendOne(c);
          } catch (error) {
            if (error instanceof Offline) return;
            throw error;
          } finally {
            onChange();
          }
        }
      } while (again);
    };
    if (navigator.locks) await navigator.locks.request("outfall-ledger-queue", work);
    else await work();
  })().finally(() => {
    running = undefined;
  });
  return running;
}
