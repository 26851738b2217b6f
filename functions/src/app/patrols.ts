// POST/GET /v1/outfalls/{id}/patrols: patrol records (巡查, 河长巡河). A clerk records patrols of their
// own subdistrict; departments, coordinators and admins of any. What a patrol reveals lands on the outfall
// in the same transaction (findings.ts).
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import { toKeys } from "../domain/labels.js";
import type { Outfall } from "../domain/outfall.js";
import { type Patrol, PatrolInput, checkPatrolPhotos, checkPatrolTime, pollutionSigns, problemsSeen, PATROL_KIND } from "../domain/supervision/patrol.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput } from "./errors.js";
import { drawAction, getDraw } from "./draws.js";
import { logger } from "../observability/log.js";
import { findingId, writeFinding } from "./findings.js";
import { readableOutfall } from "./photos.js";

/** Clerks patrol their own subdistrict; departments, coordinators and admins anywhere. */
function patrolScope(deps: Deps, who: Principal, record: Outfall) {
  if (who.role !== "clerk" || who.subdistrict === record.subdistrict) return;
  const own = who.subdistrict ? deps.reference.subdistrictByKey.get(who.subdistrict)?.name : undefined;
  const theirs = deps.reference.subdistrictByKey.get(record.subdistrict)?.name ?? record.subdistrict;
  throw new Forbidden(violation("subdistrict", "R-SCOPE", `您是${own ?? "未绑定街道的"}经办人，只能记录本街道排污口的巡查，不能记录「${theirs}」的排污口`));
}

export async function recordPatrol(deps: Deps, who: Principal, outfallId: string, body: unknown, channel: Channel, idempotencyKey?: string) {
  const parsed = PatrolInput.safeParse(toKeys(PatrolInput, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const input = parsed.data;
  const record = await readableOutfall(deps, who, outfallId);
  patrolScope(deps, who, record);
  const late = checkPatrolTime(input.patrolledAt, deps.clock.now().toISOString());
  if (late.length) throw new InvalidInput(late);
  if (input.drawId) await drawTarget(deps, input.drawId, outfallId);
  const id = findingId(deps, who, idempotencyKey, "patrol");
  const written = await writeFinding<Patrol & Record<string, unknown>>(deps, who, record, channel, {
    kind: "PATROL#",
    id,
    action: "patrol",
    problems: () => problemsSeen(input),
    touch: (current) => ({ lastPatrolAt: latest(current.lastPatrolAt, input.patrolledAt) }),
    check: (current) => checkPatrolPhotos(current, input.photoIds),
    note: `${PATROL_KIND.label(input.kind)}（${input.patroller}，${input.patrolledAt}）`,
    evidence: input.photoIds,
    item: ({ added, reopened, version, now }) => ({
      ...input,
      id,
      outfallId,
      subdistrict: record.subdistrict,
      problemsFound: added,
      needsSampling: pollutionSigns(input.observations),
      reopened,
      recordedBy: who.email,
      recordedAt: now,
      outfallVersion: version,
    }),
  });
  if (input.drawId && written.created) await answerDraw(deps, who, input.drawId, written.item);
  return written;
}

/** A patrol answering a draw (双随机 or recheck) must be on one of its current targets, before it is written. */
async function drawTarget(deps: Deps, drawId: string, outfallId: string) {
  const draw = await deps.supervision.get("draw", drawId);
  const pairings = (draw?.pairings ?? []) as { targetId: string }[];
  if (draw?.status !== "run" || !pairings.some((p) => p.targetId === outfallId)) {
    throw new InvalidInput([violation("drawId", "R-REFERENCE", `抽查「${drawId}」不存在、尚未抽取或已办结，或本排污口不是其抽查对象`)]);
  }
}

/** Records the patrol as the target's result on the draw (once; a result already there is left as it is). */
async function answerDraw(deps: Deps, who: Principal, drawId: string, patrol: Patrol) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const draw = await getDraw(deps, drawId);
    if (draw.results.some((r) => r.targetId === patrol.outfallId)) return;
    try {
      await drawAction(deps, who, drawId, {
        action: "result",
        expectedVersion: draw.version,
        targetId: patrol.outfallId,
        outcome: patrol.problemsFound.length ? "problem-found" : "compliant",
        patrolId: patrol.id,
      });
      return;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // The patrol is written either way; a draw closed meanwhile keeps its result to be entered by hand.
      if (error.status !== 409) {
        logger().warn("patrol not recorded as the draw's result", { drawId, patrolId: patrol.id, status: error.status });
        return;
      }
    }
  }
}

/** The later of two ISO timestamps (either may be absent). */
export function latest(a: string | undefined, b: string): string {
  return a && Date.parse(a) > Date.parse(b) ? a : b;
}

export async function listPatrols(deps: Deps, who: Principal, outfallId: string, limit: number, cursor?: string): Promise<Page<Patrol>> {
  await readableOutfall(deps, who, outfallId);
  return (await deps.outfalls.attachments(outfallId, "PATROL#", limit, cursor)) as unknown as Page<Patrol>;
}
