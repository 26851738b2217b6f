// POST/GET /v1/outfalls/{id}/monitoring: sampling results (监测). Departments, coordinators and admins record
// them; an exceedance of the outfall's limit set (by category, monitoring-limits.json) raises 超标排放 on the
// outfall, in the same transaction (findings.ts), reopening a retained or closed one.
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import { checkPatrolPhotos, checkPatrolTime } from "../domain/supervision/patrol.js";
import { MonitoringInput, type MonitoringResult, exceedances, limitSetFor, normalizeResults } from "../domain/supervision/monitoring.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { Forbidden, InvalidInput } from "./errors.js";
import { findingId, writeFinding } from "./findings.js";
import { latest } from "./patrols.js";
import { readableOutfall } from "./photos.js";

export async function recordMonitoring(deps: Deps, who: Principal, outfallId: string, body: unknown, channel: Channel, idempotencyKey?: string) {
  if (who.role === "clerk") throw new Forbidden(violation("role", "R-SCOPE", "监测结果由监管部门（或区治水办）录入；街道发现异常请记录巡查并注明“需采样”"));
  const parsed = MonitoringInput.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const input = parsed.data;
  const { results, violations } = normalizeResults(deps.monitoringLimits, input);
  if (violations.length) throw new InvalidInput(violations);
  const record = await readableOutfall(deps, who, outfallId);
  const late = checkPatrolTime(input.sampledAt, deps.clock.now().toISOString(), "sampledAt");
  if (late.length) throw new InvalidInput(late);
  const set = limitSetFor(deps.monitoringLimits, record.category);
  if (!set) throw new InvalidInput([violation("category", "R-REFERENCE", `排污口类型「${record.category}」没有适用的排放限值，请管理员在 monitoring-limits.json 中补充`)]);
  const over = exceedances(set, results);
  const id = findingId(deps, who, idempotencyKey, "monitoring");
  const overNote = over.length ? `；超标：${over.map((e) => `${e.label} ${e.value}${e.unit === "无量纲" ? "" : ` ${e.unit}`}（限值 ${e.limit}）`).join("、")}` : "";
  return writeFinding<MonitoringResult & Record<string, unknown>>(deps, who, record, channel, {
    kind: "MONITOR#",
    id,
    action: "monitoring",
    problems: () => (over.length ? ["exceedance"] : []),
    touch: (current) => ({ lastMonitoringAt: latest(current.lastMonitoringAt, input.sampledAt) }),
    check: (current) => checkPatrolPhotos(current, input.photoIds),
    note: `监测（${input.sampler}，${input.sampledAt}）${overNote}`,
    evidence: input.photoIds,
    item: ({ added, reopened, version, now }) => ({
      id,
      outfallId,
      subdistrict: record.subdistrict,
      sampledAt: input.sampledAt,
      sampler: input.sampler,
      ...(input.lab ? { lab: input.lab } : {}),
      ...(input.reportNo ? { reportNo: input.reportNo } : {}),
      ...(input.flow ? { flow: input.flow } : {}),
      results: results,
      limitSet: { key: set.key, label: set.label, source: set.source, needsConfirmation: set.needsConfirmation ?? false },
      exceedances: over,
      photoIds: input.photoIds,
      ...(input.note ? { note: input.note } : {}),
      problemsFound: added,
      reopened,
      recordedBy: who.email,
      recordedAt: now,
      outfallVersion: version,
    }),
  });
}

export async function listMonitoring(deps: Deps, who: Principal, outfallId: string, limit: number, cursor?: string): Promise<Page<MonitoringResult>> {
  await readableOutfall(deps, who, outfallId);
  return (await deps.outfalls.attachments(outfallId, "MONITOR#", limit, cursor)) as unknown as Page<MonitoringResult>;
}
