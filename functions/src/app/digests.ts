// Progress and digests (调度、通报): live progress for everyone in their scope; digests built on demand by
// a coordinator or on schedule, kept with their history, and delivered by mail, into the coordinators'
// spreadsheet and as files.
import { type Principal, readableSubdistricts } from "../domain/access.js";
import { departmentView, subdistrictView, weeklyTrend } from "../domain/digest-view.js";
import { type Progress, type TrendPoint, computeProgress, onlySubdistrict, snapshotOf } from "../domain/progress.js";
import type { DocumentParts } from "../domain/bulletin-issue.js";
import { violation } from "../domain/violations.js";
import type { Delivery, DeliveryChannels, Digest, DigestSummary } from "../ports/digests.js";
import type { Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { mailMap } from "./digest-map.js";
import { renderDigestEmail, renderDigestPage } from "./digest-render.js";
import { Forbidden, InvalidInput, NotFound } from "./errors.js";
import { unknownSubdistrict } from "./outfalls.js";
import { addSupervisionFigures } from "./supervision-figures.js";

export const SCHEDULER: Principal = { email: "scheduler@system", role: "admin" };

/** Live figures in the caller's scope, or of one subdistrict (`subdistrict`, a key; a clerk's own only). */
export async function liveProgress(deps: Deps, who: Principal, subdistrict?: string): Promise<Progress> {
  const allowed = readableSubdistricts(who);
  if (allowed && !allowed[0]) throw new Forbidden(violation("subdistrict", "R-SCOPE", "您的账号未绑定街道"));
  if (subdistrict !== undefined && !deps.reference.subdistrictByKey.has(subdistrict)) {
    throw new InvalidInput([violation("subdistrict", "R-REFERENCE", unknownSubdistrict(deps, subdistrict))]);
  }
  if (allowed && subdistrict !== undefined && !allowed.includes(subdistrict)) {
    throw new Forbidden(violation("subdistrict", "R-SCOPE", "街道经办人只能查看本街道的进度"));
  }
  const only = subdistrict ?? allowed?.[0];
  const previous = await deps.digests.latest();
  const records = await deps.outfalls.progressInputs(only ? [only] : deps.reference.subdistricts.map((s) => s.key));
  const progress = computeProgress(records, deps.reference, deps.campaign, deps.clock.now(), previous?.snapshot);
  await addSupervisionFigures(deps, progress, only);
  if (only) return onlySubdistrict(progress, only);
  // A department officer reads the district with only their own department's group and what waits on it.
  return (who.role === "department" && who.department && departmentView(progress, who.department)) || progress;
}

/** Reports the public sent that no clerk has triaged yet, per subdistrict. */
async function openReportFigures(deps: Deps): Promise<NonNullable<Progress["openReports"]>> {
  const open = await deps.reports.list(undefined, ["open"]);
  const bySubdistrict = deps.reference.subdistricts
    .map((s) => ({ key: s.key, name: s.name, count: open.filter((r) => r.subdistrict === s.key).length }))
    .filter((g) => g.count > 0);
  return { total: open.length, bySubdistrict };
}

/** Builds and stores a digest. With an id that exists already (a retried schedule) the stored one is returned. */
export async function buildDigest(deps: Deps, who: Principal, trigger: Digest["trigger"], id: string): Promise<{ digest: Digest; created: boolean }> {
  const existing = await deps.digests.get(id);
  if (existing) return { digest: existing, created: false };
  const progress = await districtProgress(deps);
  const digest: Digest = { id, trigger, createdBy: who.email, progress, snapshot: snapshotOf(progress), deliveries: [] };
  const created = await deps.digests.create(digest);
  return created ? { digest, created } : { digest: (await deps.digests.get(id))!, created: false };
}

/** The district's figures now: against the latest digest (change) and with the weekly trend of the kept ones. */
export async function districtProgress(deps: Deps): Promise<Progress> {
  const previous = await deps.digests.latest();
  const records = await deps.outfalls.progressInputs(deps.reference.subdistricts.map((s) => s.key));
  const progress = computeProgress(records, deps.reference, deps.campaign, deps.clock.now(), previous?.snapshot);
  await addSupervisionFigures(deps, progress);
  progress.trend = await trendFromHistory(deps, progress);
  progress.openReports = await openReportFigures(deps);
  return progress;
}

/** Done % and overdue per subdistrict over the kept digests, read from their stored summaries (the
 *  records are not scanned again), one point a week, ending with the digest being built. */
async function trendFromHistory(deps: Deps, now: Progress): Promise<TrendPoint[]> {
  const kept = await deps.digests.list(60);
  const points: TrendPoint[] = kept.items.map((s) => ({
    asOf: s.asOf,
    district: { donePct: s.donePct, overdue: s.overdue },
    bySubdistrict: Object.fromEntries(Object.entries(s.bySubdistrict ?? {}).map(([k, g]) => [k, { donePct: g.donePct, overdue: g.overdue }])),
  }));
  points.push({
    asOf: now.asOf,
    district: { donePct: now.district.donePct, overdue: now.district.overdue },
    bySubdistrict: Object.fromEntries(now.bySubdistrict.map((g) => [g.key, { donePct: g.donePct, overdue: g.overdue }])),
  });
  return weeklyTrend(points);
}

/** What goes out on the delivery channels: a digest, or an issued bulletin with its header and narrative. */
export interface Deliverable {
  /** Archive name (`digests/<id>.json|html`). */
  id: string;
  progress: Progress;
  doc?: DocumentParts;
  /** Deliveries made before (a retry repeats only the failed channels). */
  deliveries: Delivery[];
}

/** Sends a digest or bulletin out on every configured channel; one failing channel does not stop the
 *  others, channels that already succeeded are not repeated, and `record` keeps the results. */
export async function deliver(deps: Deps, channels: DeliveryChannels, item: Deliverable, record: (results: Delivery[]) => Promise<void>): Promise<Delivery[]> {
  const { mailer, from, to, sheet, archive } = channels;
  const { progress, doc } = item;
  const done = new Set(item.deliveries.filter((d) => d.ok).map((d) => d.channel));
  const results: Delivery[] = item.deliveries.filter((d) => d.ok);
  const attempt = async (channel: Delivery["channel"], run: () => Promise<string>) => {
    if (done.has(channel)) return;
    const at = deps.clock.now().toISOString();
    try {
      results.push({ channel, ok: true, at, detail: await run() });
    } catch (error) {
      results.push({ channel, ok: false, at, detail: String((error as Error)?.message ?? error).slice(0, 500) });
    }
    channels.onDelivery?.(results.at(-1)!);
  };
  if (archive) {
    await attempt("archive", async () => {
      const keys = await archive.put(item.id, JSON.stringify(doc ? { ...doc, progress } : progress), renderDigestPage(progress, deps.reference, doc));
      return `${keys.jsonKey} ${keys.htmlKey}`;
    });
  }
  if (mailer && from && to.length) {
    await attempt("mail", async () => {
      const map = channels.svgToPng ? await mailMap(progress, deps.reference, channels.svgToPng) : undefined;
      const mail = renderDigestEmail(progress, deps.reference, doc, map ? { map } : {});
      const inline = map ? [{ cid: map.cid, filename: "district-map.png", contentType: "image/png", content: map.png }] : [];
      const { messageId } = await mailer.send({ from, to, ...mail, ...(inline.length ? { inline } : {}) });
      return `sent to ${to.length} recipient(s), ${messageId}`;
    });
  }
  if (sheet) {
    await attempt("sheet", async () => {
      const writer = await sheet();
      if (!writer) throw new Error("a spreadsheet is configured but no Google service-account key is available");
      return (await writer.write(progress, deps.reference, doc)).updatedRanges.join(" ");
    });
  }
  await record(results);
  return results;
}

export const deliverDigest = (deps: Deps, channels: DeliveryChannels, digest: Digest): Promise<Delivery[]> =>
  deliver(deps, channels, digest, (results) => deps.digests.recordDeliveries(digest.id, results));

/** The scheduled run: one digest per scheduled time, however often the scheduler retries. */
export async function runScheduledDigest(deps: Deps, channels: DeliveryChannels, scheduledTime: Date): Promise<Digest> {
  const id = `w-${scheduledTime.toISOString().slice(0, 16).replace(/[-:T]/g, "")}`;
  const { digest } = await buildDigest(deps, SCHEDULER, "schedule", id);
  const deliveries = await deliverDigest(deps, channels, digest);
  const failed = deliveries.filter((d) => !d.ok);
  if (failed.length) {
    // Surfacing the failure lets the scheduler retry (only the failed channels run again) and alarms fire.
    throw new Error(`digest ${id}: delivery failed on ${failed.map((f) => `${f.channel} (${f.detail})`).join(", ")}`);
  }
  return { ...digest, deliveries };
}

export async function requestDigest(deps: Deps, who: Principal, channels: DeliveryChannels | undefined): Promise<Digest> {
  if (who.role !== "coordinator" && who.role !== "admin") {
    throw new Forbidden(violation("role", "R-SCOPE", "只有区治水办（河长办）可以生成进度通报"));
  }
  const { digest } = await buildDigest(deps, who, "manual", `m-${deps.newId()}`);
  return channels ? { ...digest, deliveries: await deliverDigest(deps, channels, digest) } : digest;
}

/** The subdistrict whose view of digests `who` reads; undefined for the district-wide readers. */
export function digestScope(who: Principal): string | undefined {
  const readable = readableSubdistricts(who);
  if (!readable) return undefined;
  if (!readable[0]) throw new Forbidden(violation("subdistrict", "R-SCOPE", "您的账号未绑定街道，不能查看进度通报"));
  return readable[0];
}

/** A clerk's list shows their subdistrict's figures of each digest; others see the district's. */
export async function listDigests(deps: Deps, who: Principal, limit: number, cursor?: string): Promise<Page<DigestSummary>> {
  const own = digestScope(who);
  const page = await deps.digests.list(limit, cursor);
  const items = await Promise.all(
    page.items.map(async ({ bySubdistrict, ...summary }) => {
      if (!own) return summary;
      const figures = bySubdistrict?.[own] ?? (await deps.digests.get(summary.id))?.progress.bySubdistrict.find((g) => g.key === own);
      const { total = 0, done = 0, donePct = 0, overdue = 0 } = figures ?? {};
      return { ...summary, total, done, donePct, overdue };
    }),
  );
  return { ...page, items };
}

/** The caller's view of district figures (R-SCOPE): a clerk's subdistrict, a department officer's
 *  department, everything for the others; undefined when the figures have no part of theirs. */
export function progressView(who: Principal, progress: Progress): Progress | undefined {
  const own = digestScope(who);
  if (own) return subdistrictView(progress, own);
  return who.role === "department" && who.department ? departmentView(progress, who.department) : progress;
}

/** A digest, or a clerk's or department's view of it (the district snapshot left out). */
export async function findDigest(deps: Deps, who: Principal, id: string): Promise<Digest | Omit<Digest, "snapshot">> {
  const own = digestScope(who);
  const digest = id === "latest" ? await deps.digests.latest() : await deps.digests.get(id);
  if (!digest) throw new NotFound(id === "latest" ? "进度通报（尚未生成过）" : "该进度通报");
  const progress = progressView(who, digest.progress);
  if (progress === digest.progress) return digest;
  if (!progress) throw new NotFound(own ? "该进度通报中本街道的部分（通报生成时本街道尚未列入）" : "该进度通报中本部门的部分（通报生成时本部门尚未列入）");
  const { snapshot: _snapshot, ...rest } = digest;
  return { ...rest, progress };
}
