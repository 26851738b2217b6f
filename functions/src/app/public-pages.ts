// What the public pages read: one public outfall by its temp id, every public outfall (open data),
// the outfalls closed out or kept lately (销号公示), and a short-lived link to a signboard photo.
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Status } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { PUBLIC_STATUSES, publicity } from "../domain/public-view.js";
import { TEMP_ID_PATTERN } from "../domain/public-report.js";
import type { Deps } from "./deps.js";
import { evidenceLink } from "./photos.js";

/** Presigned photo links on public pages live this long; the page itself is not cached longer. */
export const PUBLIC_PHOTO_SECONDS = 600;

export type Found = { kind: "public" | "closed"; record: Outfall };

/** Undefined for an unknown temp id and for a record the public may not see: callers answer both alike. */
export async function findPublicOutfall(deps: Deps, tempId: string): Promise<Found | undefined> {
  const code = tempId.trim().toUpperCase();
  if (!TEMP_ID_PATTERN.test(code)) return undefined;
  const id = await deps.outfalls.idByTempId(code);
  const record = id ? await deps.outfalls.get(id) : undefined;
  if (!record) return undefined;
  const seen = publicity(record);
  return seen === "hidden" ? undefined : { kind: seen, record };
}

/** The newest live signboard photo (标识牌), as a link that expires; undefined when there is none. */
export async function signboardPhotoLink(deps: Deps, record: Outfall): Promise<string | undefined> {
  const photo = (record.photos ?? []).filter((p) => p.slot === "signboard" && !p.supersededBy).at(-1);
  if (!photo) return undefined;
  return evidenceLink(deps, photo, PUBLIC_PHOTO_SECONDS, `${record.tempId}-标识牌.${photo.contentType.split("/")[1]}`);
}

/** Every outfall in these states, of one subdistrict or the district, page after page. */
export async function allWithStatus(deps: Deps, status: Status[], subdistrict?: string): Promise<Outfall[]> {
  const out: Outfall[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.outfalls.list({ status, limit: 1000, ...(subdistrict ? { subdistrict } : {}), ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Every outfall the public may see in full, ordered by temp id (stable rows for the open data). */
export async function publicOutfalls(deps: Deps): Promise<Outfall[]> {
  const records = await allWithStatus(deps, [...PUBLIC_STATUSES]);
  return records.filter((r) => publicity(r) === "public").sort((a, b) => a.tempId.localeCompare(b.tempId));
}

export interface Closeout {
  record: Outfall;
  /** 已销号 or 保留, and when (ISO). */
  outcome: "closed" | "retained";
  at: string;
}

/** When a record became 保留: the newest history entry that set the status to retained. */
async function retainedAt(deps: Deps, record: Outfall): Promise<string | undefined> {
  let found: string | undefined;
  let cursor: string | undefined;
  do {
    const page = await deps.outfalls.history(record.id, 200, cursor);
    for (const e of page.items) if (e.changes.some((c) => c.field === "status" && c.after === "retained")) found = e.at;
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** 销号公示: outfalls closed out or kept within the last `days` days, newest first. */
export async function recentCloseouts(deps: Deps, days = 30): Promise<Closeout[]> {
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
  const records = await allWithStatus(deps, ["closed", "retained"]);
  const out: Closeout[] = [];
  for (const record of records) {
    if (record.updatedAt < since) continue;
    const at = record.status === "closed" ? record.closedAt : await retainedAt(deps, record);
    if (at && at >= since) out.push({ record, outcome: record.status as "closed" | "retained", at });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : -1));
}

/** The public pages' address: configured (PUBLIC_BASE_URL), else the one this request came to. */
export function publicBase(deps: Deps, event: APIGatewayProxyEventV2): string {
  if (deps.publicBaseUrl) return deps.publicBaseUrl;
  const host = event.headers?.host ?? event.requestContext?.domainName ?? "localhost";
  const proto = event.headers?.["x-forwarded-proto"] ?? (/^(localhost|127\.|\[::1\])/.test(host) ? "http" : "https");
  return `${proto === "http" ? "http" : "https"}://${host}`;
}
