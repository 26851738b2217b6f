// Progress and digests (调度、通报): live progress for everyone in their scope; digests built on demand by
// a coordinator or on schedule, kept with their history, and delivered by mail, into the coordinators'
// spreadsheet and as files.
import { type Principal, readableSubdistricts } from "../domain/access.js";
import { type Progress, computeProgress, onlySubdistrict, snapshotOf } from "../domain/progress.js";
import { violation } from "../domain/violations.js";
import type { Delivery, DeliveryChannels, Digest, DigestSummary } from "../ports/digests.js";
import type { Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { renderDigestEmail, renderDigestPage } from "./digest-render.js";
import { Forbidden, NotFound } from "./errors.js";

export const SCHEDULER: Principal = { email: "scheduler@system", role: "admin" };

export async function liveProgress(deps: Deps, who: Principal): Promise<Progress> {
  const own = readableSubdistricts(who)?.[0];
  if (readableSubdistricts(who) && !own) throw new Forbidden(violation("subdistrict", "R-SCOPE", "您的账号未绑定街道"));
  const previous = await deps.digests.latest();
  const records = await deps.outfalls.progressInputs(own ? [own] : deps.reference.subdistricts.map((s) => s.key));
  const progress = computeProgress(records, deps.reference, deps.campaign, deps.clock.now(), previous?.snapshot);
  return own ? onlySubdistrict(progress, own) : progress;
}

/** Builds and stores a digest. With an id that exists already (a retried schedule) the stored one is returned. */
export async function buildDigest(deps: Deps, who: Principal, trigger: Digest["trigger"], id: string): Promise<{ digest: Digest; created: boolean }> {
  const existing = await deps.digests.get(id);
  if (existing) return { digest: existing, created: false };
  const previous = await deps.digests.latest();
  const records = await deps.outfalls.progressInputs(deps.reference.subdistricts.map((s) => s.key));
  const progress = computeProgress(records, deps.reference, deps.campaign, deps.clock.now(), previous?.snapshot);
  const digest: Digest = { id, trigger, createdBy: who.email, progress, snapshot: snapshotOf(progress), deliveries: [] };
  const created = await deps.digests.create(digest);
  return created ? { digest, created } : { digest: (await deps.digests.get(id))!, created: false };
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
      return (await writer.write(digest.progress)).updatedRanges.join(" ");
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

export async function listDigests(deps: Deps, limit: number, cursor?: string): Promise<Page<DigestSummary>> {
  return deps.digests.list(limit, cursor);
}

export async function findDigest(deps: Deps, id: string): Promise<Digest> {
  const digest = id === "latest" ? await deps.digests.latest() : await deps.digests.get(id);
  if (!digest) throw new NotFound(id === "latest" ? "进度通报（尚未生成过）" : "该进度通报");
  return digest;
}
