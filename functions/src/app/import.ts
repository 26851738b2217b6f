// Bulk import of records that already have a lifecycle (an old ledger, the demo dataset): validated
// like any new record, written with their own dates and one `import` history entry each.
import type { Principal } from "../domain/access.js";
import type { Status } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { buildNewOutfall, diffRecords } from "../domain/record.js";
import type { Violation } from "../domain/violations.js";
import type { OutfallWrite } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { GENESIS_HASH, historyEntry } from "./history.js";
import { reserveTempIds } from "./temp-ids.js";

export interface ImportRow {
  values: unknown;
  lifecycle: Partial<Pick<Outfall, "completedAt" | "acceptance" | "closedAt" | "closedBy" | "deadlineOverride" | "photos" | "dryWeatherChecks" | "dismissal" | "protectedApproval">> & {
    status: Status;
  };
  createdAt: string;
  updatedAt: string;
  demo?: boolean;
}

const CHUNK = 40;

export async function importRecords(deps: Deps, who: Principal, rows: ImportRow[]): Promise<{ imported: number; rejected: { index: number; violations: Violation[] }[] }> {
  const rejected: { index: number; violations: Violation[] }[] = [];
  const accepted: { row: ImportRow; fields: Record<string, unknown> }[] = [];
  rows.forEach((row, index) => {
    const built = buildNewOutfall(row.values, deps.reference);
    if (built.ok) accepted.push({ row, fields: built.value });
    else rejected.push({ index, violations: built.violations });
  });
  const tempIds = await reserveTempIds(deps, accepted.map(({ fields }) => fields.subdistrict as string));
  const writes: OutfallWrite[] = accepted.map(({ row, fields }, n) => {
    const base = {
      ...fields,
      ...row.lifecycle,
      ...(row.demo ? { demo: true } : {}),
      id: deps.newId(),
      tempId: tempIds[n]!,
      version: 1,
      createdAt: new Date(row.createdAt).toISOString(),
      createdBy: who.email,
      updatedAt: new Date(row.updatedAt).toISOString(),
      updatedBy: who.email,
    } as Omit<Outfall, "historyHash">;
    const history = historyEntry({
      outfallId: base.id,
      version: 1,
      at: new Date(row.updatedAt).toISOString(),
      who,
      channel: "import",
      action: "import",
      changes: diffRecords(undefined, base as Outfall),
      prevHash: GENESIS_HASH,
      note: row.demo ? "演示数据" : undefined,
    });
    return { kind: "create", record: { ...base, historyHash: history.hash } as Outfall, history };
  });
  let imported = 0;
  for (let i = 0; i < writes.length; i += CHUNK) {
    const outcomes = await deps.outfalls.write(writes.slice(i, i + CHUNK));
    imported += outcomes.filter((o) => o.ok).length;
  }
  return { imported, rejected };
}
