// Captures made in the field, kept in IndexedDB until the ledger has them. Each capture carries an
// idempotency key made when it was captured: the record is created by POST /v1/outfalls/batch with one row
// and that key (the API answers a repeated key with the first answer, never a second record), and each
// photo's confirmation is recorded before the next, so a capture is never sent twice, whatever closes.
import { ApiError, Offline, api, describeRefusal } from "./api.js";

export interface QueuedPhoto {
  slot: string;
  name: string;
  type: string;
  blob: Blob;
  /** Set once the ledger confirmed it. */
  photoId?: string;
  error?: string;
}

export interface Capture {
  key: string;
  createdAt: string;
  state: "pending" | "sent" | "refused";
  values: Record<string, unknown>;
  photos: QueuedPhoto[];
  outfallId?: string;
  tempId?: string;
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
  return { key: `cap-${crypto.randomUUID()}`, createdAt: new Date().toISOString(), state: "pending", values, photos };
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Presign → upload to storage → confirm (functions/src/app/photos.ts). */
export async function sendPhoto(outfallId: string, photo: QueuedPhoto): Promise<string> {
  const id = encodeURIComponent(outfallId);
  const ticket = await api<{ photoId: string; upload: { url: string; fields: Record<string, string>; fileField: string } }>("POST", `/v1/outfalls/${id}/photos`, {
    slot: photo.slot,
    contentType: photo.type,
    size: photo.blob.size,
    sha256: await sha256Hex(photo.blob),
  });
  const form = new FormData();
  for (const [k, v] of Object.entries(ticket.upload.fields)) form.append(k, v);
  form.append(ticket.upload.fileField, photo.blob, photo.name);
  const stored = await fetch(ticket.upload.url, { method: "POST", body: form }).catch(() => undefined);
  if (!stored) throw new Offline("网络不可用");
  if (!stored.ok) throw new ApiError(`照片上传到存储失败（HTTP ${stored.status}）`, stored.status);
  await api("POST", `/v1/outfalls/${id}/photos/${encodeURIComponent(ticket.photoId)}/confirm`);
  return ticket.photoId;
}

/** Moves one capture as far as it can go; saves after every step. Offline leaves it pending. */
async function sendOne(c: Capture): Promise<void> {
  if (!c.outfallId) {
    const answer = await api<{ results: { outcome: string; id?: string; tempId?: string; violations?: { field: string; rule: string; message: string }[] }[] }>(
      "POST",
      "/v1/outfalls/batch",
      { rows: [{ clientRef: c.key, values: c.values }] },
      { "idempotency-key": c.key },
    ).catch((error: unknown) => {
      if (error instanceof ApiError) return { refused: describeRefusal(error) } as const;
      throw error;
    });
    if ("refused" in answer) {
      await saveCapture({ ...c, state: "refused", message: answer.refused });
      return;
    }
    const row = answer.results[0]!;
    if (row.outcome !== "ok" || !row.id) {
      await saveCapture({ ...c, state: "refused", message: (row.violations ?? []).map((v) => `${v.message}（${v.rule}）`).join("；") || "被退回" });
      return;
    }
    c = { ...c, outfallId: row.id, ...(row.tempId ? { tempId: row.tempId } : {}) };
    await saveCapture(c);
  }
  for (const photo of c.photos) {
    if (photo.photoId || photo.error) continue;
    try {
      photo.photoId = await sendPhoto(c.outfallId!, photo);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      photo.error = describeRefusal(error);
    }
    await saveCapture(c);
  }
  const refusedPhotos = c.photos.filter((p) => p.error);
  await saveCapture({ ...c, state: "sent", ...(refusedPhotos.length ? { message: `照片被退回：${refusedPhotos.map((p) => p.error).join("；")}` } : {}) });
}

let running: Promise<void> | undefined;

/** Sends what is pending, one capture at a time; one sender per browser (Web Locks) and per page. */
export function flush(onChange: () => void = () => undefined): Promise<void> {
  running ??= (async () => {
    const work = async () => {
      for (const c of await listCaptures()) {
        if (c.state !== "pending") continue;
        try {
          await sendOne(c);
        } catch (error) {
          if (error instanceof Offline) break;
          throw error;
        } finally {
          onChange();
        }
      }
    };
    if (navigator.locks) await navigator.locks.request("outfall-ledger-queue", work);
    else await work();
  })().finally(() => {
    running = undefined;
  });
  return running;
}
