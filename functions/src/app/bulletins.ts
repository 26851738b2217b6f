// The bulletin as an official document (调度通报): a coordinator drafts it from the district's figures,
// edits its narrative (If-Match), and issues it as 第 N 期; an issued bulletin never changes. Clerks and
// department officers read issued bulletins, with the figures cut to their scope (R-SCOPE).
import type { Principal } from "../domain/access.js";
import { type Bulletin, type BulletinSummary, checkNarrativeEdit, documentParts, draftHeader, draftNarrative } from "../domain/bulletin-issue.js";
import { chinaDate } from "../domain/campaign.js";
import type { Progress } from "../domain/progress.js";
import { violation } from "../domain/violations.js";
import type { BulletinWriteRefusal, StoredBulletin } from "../ports/bulletins.js";
import type { DeliveryChannels } from "../ports/digests.js";
import type { Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { deliver, digestScope, districtProgress, progressView } from "./digests.js";
import { AppError, Forbidden, InvalidInput, NotFound, PreconditionRequired, VersionConflict } from "./errors.js";

const isCoordinator = (who: Principal) => who.role === "coordinator";

function mustCoordinate(who: Principal, what: string): void {
  if (!isCoordinator(who)) throw new Forbidden(violation("role", "R-SCOPE", `只有区治水办（河长办）可以${what}调度通报`));
}

/** 409: the bulletin was issued; the stored one comes back as `current`. */
export class BulletinIssued extends AppError {
  constructor(current: Bulletin) {
    super(409, "调度通报已印发", [violation("status", "R-BULLETIN-ISSUED", `该调度通报已于 ${current.header.issueDate} 印发（第 ${current.header.number} 期），印发后不得修改；需更正的，请另发一期`)], { current });
  }
}

function refused(r: BulletinWriteRefusal, expected: number): never {
  if (r.refused === "issued") throw new BulletinIssued(r.current);
  throw new VersionConflict(r.current, expected);
}

/** 〈动态监管 title or campaign name〉调度通报 */
const titleOf = (deps: Deps, progress: Progress) => `${progress.bulletin?.title ?? deps.campaign.name}调度通报`;

/** POST /v1/bulletins: the open draft, or a new one drafted from the district's figures now. */
export async function createBulletin(deps: Deps, who: Principal): Promise<{ bulletin: Bulletin; created: boolean }> {
  mustCoordinate(who, "起草");
  const open = await deps.bulletins.openDraftId();
  const existing = open ? await deps.bulletins.get(open) : undefined;
  if (existing) return { bulletin: existing, created: false };
  const progress = await districtProgress(deps);
  const now = deps.clock.now().toISOString();
  const draft: Bulletin = {
    id: deps.newId(),
    status: "draft",
    version: 1,
    title: titleOf(deps, progress),
    header: draftHeader(deps.campaign, deps.reference),
    narrative: draftNarrative(progress),
    progress,
    createdAt: now,
    createdBy: who.email,
    updatedAt: now,
    updatedBy: who.email,
  };
  return deps.bulletins.createDraft(draft);
}

/** Coordinators list drafts and issued bulletins; everyone else the issued ones. */
export async function listBulletins(deps: Deps, who: Principal, limit: number, cursor?: string): Promise<Page<BulletinSummary>> {
  if (!isCoordinator(who)) digestScope(who); // R-SCOPE: refuses a clerk bound to no subdistrict
  return deps.bulletins.list(limit, cursor, !isCoordinator(who));
}

/** A bulletin; for a clerk or a department officer an issued one only, its figures cut to their scope. */
export async function findBulletin(deps: Deps, who: Principal, id: string): Promise<Bulletin> {
  const bulletin = await deps.bulletins.get(id);
  if (!bulletin) throw new NotFound("该调度通报");
  if (isCoordinator(who)) return bulletin;
  if (bulletin.status !== "issued") throw new Forbidden(violation("status", "R-SCOPE", "该调度通报尚未印发，草稿只有区治水办（河长办）可以查看"));
  const progress = progressView(who, bulletin.progress);
  if (!progress) throw new NotFound("该调度通报中本街道或本部门的部分（通报印发时尚未列入）");
  return { ...bulletin, progress };
}

async function draftFor(deps: Deps, who: Principal, id: string, ifMatch: number | undefined, what: string): Promise<Bulletin> {
  mustCoordinate(who, what);
  const current = await deps.bulletins.get(id);
  if (current?.status === "issued") throw new BulletinIssued(current);
  return openDraft(current, ifMatch);
}

function openDraft(current: Bulletin | undefined, ifMatch: number | undefined): Bulletin {
  if (!current) throw new NotFound("该调度通报");
  if (ifMatch === undefined) throw new PreconditionRequired();
  if (ifMatch !== current.version) throw new VersionConflict(current, ifMatch);
  return current;
}

/** PATCH /v1/bulletins/{id} on a draft, If-Match its version: `{ narrative: { progress?, problems?, nextSteps? } }`
 *  edits sections; `{ refresh: true }` takes the figures (and the header's configuration) of now and drafts the
 *  sections again from them, except those given in `narrative` alongside. */
export async function editBulletin(deps: Deps, who: Principal, id: string, ifMatch: number | undefined, body: unknown): Promise<Bulletin> {
  const given = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const keys = Object.keys(given);
  const unknown = keys.filter((k) => k !== "narrative" && k !== "refresh");
  if (unknown.length) throw new InvalidInput(unknown.map((k) => violation(k, "R-UNKNOWN-FIELD", `不认识的字段「${k}」，只能修改通报正文（narrative）或按最新数据重新起草（refresh）`)));
  if (given.refresh !== undefined && given.refresh !== true) throw new InvalidInput([violation("refresh", "R-TYPE", "「按最新数据重新起草」只能为 true")]);
  const refresh = given.refresh === true;
  if (!refresh && given.narrative === undefined) {
    throw new InvalidInput([violation("narrative", "R-REQUIRED", "「通报正文」为必填项：请提交 { narrative: { progress, problems, nextSteps } } 中要修改的部分")]);
  }
  const { edit, violations } = given.narrative === undefined ? { edit: {}, violations: [] } : checkNarrativeEdit(given.narrative);
  if (violations.length) throw new InvalidInput(violations);
  const current = await draftFor(deps, who, id, ifMatch, "修改");
  const fresh = refresh ? await districtProgress(deps) : undefined;
  const next: Bulletin = {
    ...current,
    version: current.version + 1,
    ...(fresh ? { progress: fresh, title: titleOf(deps, fresh), header: draftHeader(deps.campaign, deps.reference) } : {}),
    narrative: { ...(fresh ? draftNarrative(fresh) : current.narrative), ...edit },
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: who.email,
  };
  const saved = await deps.bulletins.saveDraft(next);
  return "refused" in saved ? refused(saved, ifMatch!) : saved;
}

/** POST /v1/bulletins/{id}/issue: numbers the draft 第 N 期 and freezes it. A retry returns the issued bulletin.
 *  With `channels` the issued bulletin is mailed, written to the sheet and archived (failed channels again on a retry). */
export async function issueBulletin(deps: Deps, who: Principal, id: string, ifMatch: number | undefined, channels?: DeliveryChannels): Promise<StoredBulletin> {
  mustCoordinate(who, "印发");
  const issued = await issueOnce(deps, who, id, ifMatch);
  if (!channels) return issued;
  const item = { id: `bulletin-${issued.id}`, progress: issued.progress, doc: documentParts(issued), deliveries: issued.deliveries ?? [] };
  const deliveries = await deliver(deps, channels, item, (results) => deps.bulletins.recordDeliveries(issued.id, results));
  return { ...issued, deliveries };
}

async function issueOnce(deps: Deps, who: Principal, id: string, ifMatch: number | undefined): Promise<StoredBulletin> {
  mustCoordinate(who, "印发");
  // One read: an issue that lands between two reads (a double click) must still answer with the issued one.
  const stored = await deps.bulletins.get(id);
  if (stored?.status === "issued") return stored;
  const draft = openDraft(stored, ifMatch);
  const now = deps.clock.now();
  const issued = await deps.bulletins.issue(draft, (number) => ({
    ...draft,
    status: "issued",
    version: draft.version + 1,
    header: { ...draft.header, number, issueDate: chinaDate(now) },
    updatedAt: now.toISOString(),
    updatedBy: who.email,
    issuedAt: now.toISOString(),
    issuedBy: who.email,
  }));
  return "refused" in issued ? refused(issued, draft.version) : issued;
}
