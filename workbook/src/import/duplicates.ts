// Possible duplicates (可能重复): the same code (national, provincial or the old ledger's), or a point within a
// few metres on the same water body — against earlier rows of the file and against the ledger. Also recognises
// rows an earlier run already imported (same file, sheet and row in legacyRef), so a re-run resumes.
import { type LngLat, distanceMeters } from "../../../functions/src/domain/geo.js";
import type { Rec } from "../../../sheets-addon/src/core/types.js";

export interface Existing {
  id: string;
  tempId: string;
  version: number;
  point?: LngLat;
  waterBody?: string;
  codes: string[];
  legacy?: string;
}

export interface Match {
  /** The earlier row of the file, or the ledger's record. */
  row?: number;
  record?: Existing;
  why: string;
}

const CODE_FIELDS = [
  ["nationalCode", "国家统一编码"],
  ["provincialCode", "省平台编码"],
] as const;

/** `file|sheet|row`: how an imported record points back at its source row. */
export const legacyKey = (ref: unknown): string | undefined => {
  const r = ref as { file?: string; sheet?: string; row?: number } | undefined;
  return r?.file && r.row ? `${r.file}|${r.sheet ?? ""}|${r.row}` : undefined;
};

function codesOf(values: Rec): { code: string; label: string }[] {
  const out: { code: string; label: string }[] = [];
  for (const [f, label] of CODE_FIELDS) if (typeof values[f] === "string") out.push({ code: String(values[f]).toUpperCase(), label });
  const old = (values.legacyRef as { code?: string } | undefined)?.code;
  if (old) out.push({ code: old.toUpperCase(), label: "旧台账编号" });
  return out;
}

export function existingOf(record: Rec): Existing {
  const codes = codesOf(record).map((c) => c.code);
  return {
    id: String(record.id),
    tempId: String(record.tempId ?? ""),
    version: Number(record.version),
    ...(typeof record.longitude === "number" && typeof record.latitude === "number" ? { point: { lng: record.longitude, lat: record.latitude } } : {}),
    ...(typeof record.waterBody === "string" ? { waterBody: record.waterBody } : {}),
    codes,
    ...(legacyKey(record.legacyRef) ? { legacy: legacyKey(record.legacyRef)! } : {}),
  };
}

export class DuplicateFinder {
  private readonly byCode = new Map<string, Existing | number>();
  private readonly points: { at: Existing | number; point: LngLat; waterBody: string | undefined }[] = [];
  private readonly imported = new Map<string, Existing>();

  constructor(
    ledger: Existing[],
    private readonly radiusM: number,
  ) {
    for (const r of ledger) this.add(r, r.codes, r.point, r.waterBody);
    for (const r of ledger) if (r.legacy) this.imported.set(r.legacy, r);
  }

  private add(at: Existing | number, codes: string[], point: LngLat | undefined, waterBody: string | undefined) {
    for (const c of codes) if (!this.byCode.has(c)) this.byCode.set(c, at);
    if (point) this.points.push({ at, point, waterBody });
  }

  /** The record an earlier run made from this very row. */
  importedAs(values: Rec): Existing | undefined {
    const key = legacyKey(values.legacyRef);
    return key ? this.imported.get(key) : undefined;
  }

  /** The first earlier row or record this row may duplicate; the row is then remembered for the rows after it. */
  check(row: number, values: Rec, point: LngLat | undefined): Match | undefined {
    const codes = codesOf(values);
    let match: Match | undefined;
    for (const c of codes) {
      const at = this.byCode.get(c.code);
      if (at !== undefined) {
        match = { ...(typeof at === "number" ? { row: at } : { record: at }), why: `${c.label}相同（${c.code}）` };
        break;
      }
    }
    const waterBody = typeof values.waterBody === "string" ? values.waterBody : undefined;
    if (!match && point) {
      let best: { at: Existing | number; d: number } | undefined;
      for (const p of this.points) {
        if (p.waterBody !== waterBody) continue;
        const d = distanceMeters(point, p.point);
        if (d <= this.radiusM && (!best || d < best.d)) best = { at: p.at, d };
      }
      if (best) match = { ...(typeof best.at === "number" ? { row: best.at } : { record: best.at }), why: `同一受纳水体上相距 ${best.d.toFixed(1)} 米` };
    }
    this.add(row, codes.map((c) => c.code), point, waterBody);
    return match;
  }
}

/** How a match is named in the report: 第 12 行 / SC-KX-0042. */
export const matchTarget = (m: Match) => (m.record ? m.record.tempId || m.record.id : `第 ${m.row} 行`);
