// Decides each row's outcome before anything is sent: 新增 / 更新 / 可能重复 / 有误 / 跳过, with the routing of
// rows of other subdistricts (a clerk's import marks them with their subdistrict; a coordinator's sends them).
import type { ReferenceIndex } from "../../../functions/src/domain/reference.js";
import type { Rec } from "../../../sheets-addon/src/core/types.js";
import { DuplicateFinder, type Existing, matchTarget } from "./duplicates.js";
import type { MappingFile } from "./mapping.js";
import type { Prepared, Problem } from "./prepare.js";

export type Outcome = "新增" | "更新" | "可能重复" | "有误" | "跳过";

export interface PlannedRow {
  prepared: Prepared;
  outcome: Outcome;
  /** The subdistrict the row belongs to (name), when known. */
  subdistrict?: string;
  /** The record made or matched (temp id), or the earlier row it may duplicate. */
  target?: string;
  /** For 更新: the ledger record updated. */
  update?: Existing;
  /** A line saying why (duplicates, skips). */
  note?: string;
  problems: Problem[];
}

export function planRows(prepared: Prepared[], ledger: Existing[], ref: ReferenceIndex, mapping: MappingFile, own: string | undefined): PlannedRow[] {
  const finder = new DuplicateFinder(ledger, mapping.duplicateRadiusM);
  return prepared.map((p): PlannedRow => {
    const key = typeof p.values.subdistrict === "string" ? p.values.subdistrict : undefined;
    const name = key ? (ref.subdistrictByKey.get(key)?.name ?? key) : undefined;
    const base = { prepared: p, problems: [...p.problems], ...(name ? { subdistrict: name } : {}) };
    if (p.blank) return { ...base, outcome: "跳过", note: "空行" };
    const done = finder.importedAs(p.values);
    if (done) return { ...base, outcome: "跳过", target: done.tempId, note: `已导入（${done.tempId}），本次不再发送` };
    if (own && key && key !== own && ref.subdistrictByKey.has(key)) {
      return { ...base, outcome: "跳过", note: `属于${name}：请转交该街道经办人导入，或由区治水办导入全区台账` };
    }
    if (base.problems.length) return { ...base, outcome: "有误" };
    const match = finder.check(p.row, p.values, p.point);
    if (!match || mapping.onDuplicate === "create") {
      return { ...base, outcome: "新增", ...(match ? { note: `可能与${matchTarget(match)}重复（${match.why}），按映射文件照常新增` } : {}) };
    }
    if (mapping.onDuplicate === "update" && match.record) {
      return { ...base, outcome: "更新", target: match.record.tempId, update: match.record, note: `${match.why}，按映射文件更新 ${match.record.tempId}` };
    }
    return {
      ...base,
      outcome: "可能重复",
      target: matchTarget(match),
      note: `可能与${matchTarget(match)}重复（${match.why}）；未导入。确认不是同一排污口时，在映射文件中设 "onDuplicate": "create" 后再导入`,
    };
  });
}

/** The body a planned row sends (legacyRef stays with the record it created, not on an update). */
export function batchRowOf(p: PlannedRow): { id?: string; expectedVersion?: number; clientRef: string; values: Rec } {
  if (p.outcome === "更新" && p.update) {
    const { legacyRef: _omit, ...values } = p.prepared.values;
    return { id: p.update.id, expectedVersion: p.update.version, clientRef: String(p.prepared.row), values };
  }
  return { clientRef: String(p.prepared.row), values: p.prepared.values };
}
