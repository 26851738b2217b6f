// Progress and digests (调度、通报): live progress for everyone in their scope; digests built on demand by
// a coordinator or on schedule, kept with their history, and delivered by mail, into the coordinators'
// spreadsheet and as files.
import { type Principal, readableSubdistricts } from "../domain/access.js";
import { departmentView, subdistrictView, weeklyTrend } from "../domain/digest-view.js";
import { type Progress, type TrendPoint, computeProgress, onlySubdistrict, snapshotOf } from "../domain/progress.js";
import { violation } from "../domain/violations.js";
import type { Delivery, DeliveryChannels, Digest, DigestSummary } from "../ports/digests.js";
import type { Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
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

/** Builds and stores a digest. With an id that exists already (a retried schedule) the stored one is returned. */
export async function buildDigest(deps: Deps, who: Principal, trigger: Digest["trigger"], id: string): Promise<{ digest: Digest; created: boolean }> {
  const existing = await deps.digests.get(id);
  if (existing) return { digest: existing, created: false };
  const previous = await deps.digests.latest();
  const records = await deps.outfalls.progressInputs(deps.reference.subdistricts.map((s) => s.key));
  const progress = computeProgress(records, deps.reference, deps.campaign, deps.clock.now(), previous?.snapshot);
  await addSupervisionFigures(deps, progress);
  progress.trend = await trendFromHistory(deps, progress);
  const digest: Digest = { id, trigger, createdBy: who.email, progress, snapshot: snapshotOf(progress), deliveries: [] };
  const created = await deps.digests.create(digest);
  return created ? { digest, created } : { digest: (await deps.digests.get(id))!, created: false };
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

/** Sends the digest out on every configured channel; one failing channel does not stop the others.
 *  Channels that already succeeded for this digest are not repeated. */
export async function deliverDigest(deps: Deps, channels: DeliveryChannels, digest: Digest): Promise<Delivery[]> {
  const { mailer, from, to, sheet, archive } = channels;
  const done = new Set(digest.deliveries.filter((d) => d.ok).map((d) => d.channel));
  const results: Delivery[] = digest.deliveries.filter((d) => d.ok);
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
      const keys = await archive.put(digest.id, JSON.stringify(digest.progress), renderDigestPage(digest.progress, deps.reference));
      return `${keys.jsonKey} ${keys.htmlKey}`;
    });
  }
  if (mailer && from && to.length) {
    await attempt("mail", async () => {
      const mail = renderDigestEmail(digest.progress, deps.reference);
      const { messageId } = await mailer.send({ from, to, ...mail });
      return `sent to ${to.length} recipient(s), ${messageId}`;
    });
  }
  if (sheet) {
    await attempt("sheet", async () => {
      const writer = await sheet();
      if (!writer) throw new Error("a spreadsheet is configured but no Google service-account key is available");
      return (await writer.write(digest.progress, deps.reference)).updatedRanges.join(" ");
    });
  }
  await deps.digests.recordDeliveries(digest.id, results);
  return results;
}

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
function digestScope(who: Principal): string | undefined {
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

/** A digest, or a clerk's view of it (their subdistrict only; the district snapshot left out). */
export async function findDigest(deps: Deps, who: Principal, id: string): Promise<Digest | Omit<Digest, "snapshot">> {
  const own = digestScope(who);
  const digest = id === "latest" ? await deps.digests.latest() : await deps.digests.get(id);
  if (!digest) throw new NotFound(id === "latest" ? "进度通报（尚未生成过）" : "该进度通报");
  if (!own) {
    if (who.role !== "department" || !who.department) return digest;
    const progress = departmentView(digest.progress, who.department);
    if (!progress) throw new NotFound("该进度通报中本部门的部分（通报生成时本部门尚未列入）");
    const { snapshot: _snapshot, ...rest } = digest;
    return { ...rest, progress };
  }
  const progress = subdistrictView(digest.progress, own);
  if (!progress) throw new NotFound("该进度通报中本街道的部分（通报生成时本街道尚未列入）");
  const { snapshot: _district, ...rest } = digest;
  return { ...rest, progress };
}
