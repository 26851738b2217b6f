// One call that presigns, uploads and confirms a photo — for the workbook tools, scripts and any
// fetch-capable client. The file goes straight to object storage; the API only sees metadata.
import type { Channel, PhotoSlot, PhotoType } from "../domain/enums.js";
import { type PhotoEntry, sniffImageType } from "../domain/photo.js";

export interface UploadPhotoOptions {
  apiUrl: string;
  token: string;
  outfallId: string;
  slot: PhotoSlot;
  data: Uint8Array | Blob;
  /** Sniffed from the leading bytes when omitted. */
  contentType?: PhotoType;
  fileName?: string;
  takenAt?: string;
  note?: string;
  channel?: Exclude<Channel, "system">;
  fetch?: typeof fetch;
}

/** A refusal from the API or storage, with the API's problem details when there are some. */
export class PhotoUploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem?: { errors?: { field: string; rule: string; message: string }[] },
  ) {
    super(message);
  }
}

export async function uploadPhoto(options: UploadPhotoOptions): Promise<PhotoEntry> {
  const http = options.fetch ?? fetch;
  const bytes = options.data instanceof Blob ? new Uint8Array(await options.data.arrayBuffer()) : options.data;
  const contentType = options.contentType ?? sniffImageType(bytes.subarray(0, 64));
  if (!contentType) throw new PhotoUploadError("文件不是 JPEG/PNG/WebP/HEIC 图片", 0);
  const base = options.apiUrl.replace(/\/+$/, "");
  const headers = { authorization: `Bearer ${options.token}`, "content-type": "application/json", "x-channel": options.channel ?? "api" };
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await http(`${base}${path}`, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const payload = (await res.json().catch(() => undefined)) as T & { detail?: string };
    if (!res.ok) throw new PhotoUploadError(payload?.detail ?? `HTTP ${res.status}`, res.status, payload as never);
    return payload;
  };
  const id = encodeURIComponent(options.outfallId);
  // Declaring the checksum binds the form to these bytes (storage refuses others) and confirmation checks it.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  const ticket = await call<{ photoId: string; upload: { url: string; fields: Record<string, string>; fileField: string } }>(
    `/v1/outfalls/${id}/photos`,
    { slot: options.slot, contentType, size: bytes.byteLength, sha256, ...(options.takenAt ? { takenAt: options.takenAt } : {}), ...(options.note ? { note: options.note } : {}) },
  );
  const form = new FormData();
  for (const [k, v] of Object.entries(ticket.upload.fields)) form.append(k, v);
  form.append(ticket.upload.fileField, new Blob([bytes], { type: contentType }), options.fileName ?? "photo");
  const stored = await http(ticket.upload.url, { method: "POST", body: form });
  if (!stored.ok) throw new PhotoUploadError(`照片上传到存储失败（HTTP ${stored.status}）`, stored.status);
  return call<PhotoEntry>(`/v1/outfalls/${id}/photos/${encodeURIComponent(ticket.photoId)}/confirm`);
}
