// Enforcement cases (执法案件, 私设暗管/借道排污、超标排放、未经审批设置排污口): opened from a finding on an
// outfall, linked to it and its responsible party, with a status and documents. The eco-environment
// department owns them (the department that records approvals, departments.json `recordsApprovals`);
// coordinators and admins may act too. Every change is an event on the case's hash-chained log.
import * as z from "zod/mini";
import { meta } from "../domain/meta.js";
import type { Principal } from "../domain/access.js";
import { toKeys } from "../domain/labels.js";
import { vocabulary } from "../domain/enums.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { SupervisionDoc } from "../ports/supervision-store.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, NotFound } from "./errors.js";
import { changeFile, createFile, readFile } from "./supervision-files.js";

export const CASE_KIND = vocabulary({ "illicit-connection": "私设暗管/借道排污", exceedance: "超标排放", "unapproved-outfall": "未经审批设置排污口", "other-violation": "其他违法行为" });
export const CASE_STATUS = vocabulary({ opened: "已立案", investigating: "调查取证", decided: "已作出处罚决定", "case-closed": "已结案" });
export const FINDING_SOURCE = vocabulary({ patrol: "巡查", monitoring: "监测", draw: "双随机检查", task: "督导交办", report: "举报" });

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const Document = z.strictObject({ title: text(100), documentNo: z.optional(text(60)), date: z.optional(z.iso.date()) });

export const CaseOpenInput = meta(z.strictObject({
  caseKind: CASE_KIND.schema,
  outfallId: text(40),
  finding: text(2000),
  source: z.optional(z.strictObject({ type: FINDING_SOURCE.schema, id: z.optional(text(60)) })),
  /** Defaults to the outfall's first responsible party. */
  party: z.optional(z.strictObject({ name: text(100), creditCode: z.optional(text(18)) })),
}), { id: "CaseOpenInput", title: "执法案件" });

export const CaseActionInput = meta(z.strictObject({
  expectedVersion: z.int().check(z.positive()),
  caseStatus: z.optional(CASE_STATUS.schema),
  document: z.optional(Document),
  note: z.optional(text(1000)),
}), { id: "CaseActionInput", title: "案件办理" });

export interface EnforcementCase extends SupervisionDoc {
  caseKind: string;
  outfallId: string;
  outfallTempId: string;
  subdistrict: string;
  finding: string;
  source?: { type: string; id?: string };
  party?: { name: string; creditCode?: string };
  owner: string;
  caseStatus: string;
  documents: { title: string; documentNo?: string; date?: string; at: string; by: string }[];
  openedBy: string;
}

const parse = <T extends z.ZodMiniType>(schema: T, body: unknown, deps: Deps): z.output<T> => {
  const parsed = schema.safeParse(toKeys(schema, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  return parsed.data;
};

/** The owning department: the one that records approvals (the eco-environment bureau). */
const ownerOf = (deps: Deps) => deps.reference.departments.find((d) => d.recordsApprovals);

function actScope(deps: Deps, who: Principal) {
  if (who.role === "coordinator" || who.role === "admin") return;
  const owner = ownerOf(deps);
  if (who.role === "department" && who.department === owner?.key) return;
  throw new Forbidden(violation("caseKind", "R-SCOPE", `执法案件由${owner?.name ?? "生态环境部门"}立案和办理`));
}

const mayRead = (who: Principal, c: EnforcementCase) => who.role !== "clerk" || who.subdistrict === c.subdistrict;

export async function openCase(deps: Deps, who: Principal, body: unknown): Promise<EnforcementCase> {
  actScope(deps, who);
  const input = parse(CaseOpenInput, body, deps);
  const outfall = await deps.outfalls.get(input.outfallId);
  if (!outfall) throw new InvalidInput([violation("outfallId", "R-REFERENCE", `排污口「${input.outfallId}」不存在`)]);
  const first = outfall.responsibleParties?.[0];
  const party = input.party ?? (first ? { name: first.name, ...(first.creditCode ? { creditCode: first.creditCode } : {}) } : undefined);
  return createFile<EnforcementCase>(
    deps,
    "case",
    who,
    { ...input, ...(party ? { party } : {}), outfallTempId: outfall.tempId, subdistrict: outfall.subdistrict, owner: ownerOf(deps)?.key ?? "", caseStatus: "opened", documents: [], openedBy: who.email } as never,
    "opened",
    { caseKind: input.caseKind, outfallId: input.outfallId, finding: input.finding, ...(input.source ? { source: input.source } : {}) },
  );
}

export async function getCase(deps: Deps, who: Principal, id: string): Promise<EnforcementCase> {
  const c = await readFile<EnforcementCase>(deps, "case", id, "该案件");
  if (!mayRead(who, c)) throw new NotFound("该案件");
  return c;
}

export async function listCases(deps: Deps, who: Principal, limit: number, cursor?: string) {
  const page = await deps.supervision.list("case", limit, cursor);
  return { ...page, items: (page.items as EnforcementCase[]).filter((c) => mayRead(who, c)) };
}

export async function actOnCase(deps: Deps, who: Principal, id: string, body: unknown): Promise<EnforcementCase> {
  actScope(deps, who);
  const input = parse(CaseActionInput, body, deps);
  if (!input.caseStatus && !input.document) throw new InvalidInput([violation("caseStatus", "R-REQUIRED", "请填写新的「案件状态」或添加「案件文书」")]);
  const c = await readFile<EnforcementCase>(deps, "case", id, "该案件");
  if (c.caseStatus === "case-closed") throw new AppError(422, "不能进行该操作", [violation("caseStatus", "R-LIFECYCLE", "案件已结案，不能再修改")]);
  const now = deps.clock.now().toISOString();
  const next: EnforcementCase = {
    ...c,
    ...(input.caseStatus ? { caseStatus: input.caseStatus } : {}),
    documents: input.document ? [...c.documents, { ...input.document, at: now, by: who.email }] : c.documents,
  };
  const { expectedVersion, ...detail } = input;
  return changeFile(deps, "case", who, c, expectedVersion, next, input.caseStatus ? "status" : "document", detail);
}
