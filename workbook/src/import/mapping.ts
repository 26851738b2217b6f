// Which column of the old ledger fills which field: headers matched against headers.json (data) and the sheet's
// own Chinese headers (a pulled workbook maps itself), overridden by an editable mapping file. The mapping file is
// also where an import's options live (defaults, duplicate handling); a missing one is written for editing.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as z from "zod/mini";
import { cleanText } from "../../../functions/src/domain/normalize.js";
import { UserError } from "../../../sheets-addon/src/core/engine.js";
import type { Layout } from "../../../sheets-addon/src/core/columns.js";

/** headers.json: target → header names old ledgers use. */
const SYNONYMS = JSON.parse(readFileSync(new URL("./headers.json", import.meta.url), "utf8")) as Record<string, unknown>;

/** Targets beyond the sheet's columns. */
export const LEGACY_TARGETS = ["legacy.code", "legacy.plannedAt", "legacy.completedAt", "skip"] as const;

export const MappingFile = z.strictObject({
  /** Old header → target (a column key, a legacy target, or null to ignore). */
  headers: z._default(z.record(z.string(), z.nullable(z.string())), {}),
  sheet: z.optional(z.string()),
  headerRow: z.optional(z.int().check(z.positive())),
  /** Values for fields an old ledger lacks (column key → cell text as a clerk would type it). */
  defaults: z._default(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), {}),
  /** What to do with a row that looks like an existing outfall or an earlier row: report it (default), create it
   *  anyway, or update the existing outfall with the row's values. */
  onDuplicate: z._default(z.enum(["report", "create", "update"]), "report"),
  /** Two points of the same water body closer than this are possible duplicates. */
  duplicateRadiusM: z._default(z.number().check(z.positive(), z.lte(1000)), 5),
  /** The coordinates' datum when the ledger has no 坐标系 column: wgs84, cgcs2000, gcj02, bd09. */
  datum: z.optional(z.enum(["wgs84", "cgcs2000", "gcj02", "bd09"])),
});
export type MappingFile = z.infer<typeof MappingFile>;

/** Defaults for what old ledgers lack, stated in the report. */
export const IMPORT_DEFAULTS: Record<string, string | number> = { surveyLevel: 2 };

/** A header compared without spaces, full-width forms, a trailing unit in brackets or a trailing colon. */
export const headerKey = (h: string) =>
  cleanText(h)
    .value.replace(/\s+/g, "")
    .replace(/[（(][^）)]*[）)]$/, "")
    .replace(/[:：*＊]+$/, "")
    .replace(/^[*＊]+/, "");

export interface HeaderMapping {
  /** Per source column (index): the target key, or undefined when ignored. */
  targets: (string | undefined)[];
  /** How each header was matched: 同义词表 / 表头名称 / 映射文件, or 未识别. */
  how: string[];
}

export function mapHeaders(headers: string[], layout: Layout, file: MappingFile): HeaderMapping {
  const bySynonym = new Map<string, string>();
  for (const [target, names] of Object.entries(SYNONYMS)) {
    if (!Array.isArray(names)) continue;
    for (const n of names) bySynonym.set(headerKey(String(n)), target);
  }
  const byLabel = new Map(layout.columns.filter((c) => c.role === "edit" || c.role === "input").map((c) => [headerKey(c.label), c.key]));
  const valid = (t: string) => layout.byKey.has(t) || (LEGACY_TARGETS as readonly string[]).includes(t);
  const taken = new Set<string>();
  const targets: (string | undefined)[] = [];
  const how: string[] = [];
  headers.forEach((h) => {
    let target: string | undefined;
    let source = "未识别";
    if (Object.hasOwn(file.headers, h)) {
      const t = file.headers[h];
      if (t !== null && t !== undefined && !valid(t)) throw new UserError(`映射文件中表头「${h}」对应的字段「${t}」不存在；可用字段见导入报告「表头对应」表`);
      target = t ?? "skip";
      source = "映射文件";
    } else if (byLabel.has(headerKey(h))) {
      target = byLabel.get(headerKey(h));
      source = "表头名称";
    } else if (bySynonym.has(headerKey(h))) {
      target = bySynonym.get(headerKey(h));
      source = "同义词表";
    }
    if (target && target !== "skip" && taken.has(target)) {
      source = "重复（已忽略）";
      target = undefined;
    }
    if (target === "skip") target = undefined;
    if (target) taken.add(target);
    targets.push(target);
    how.push(h ? source : "空表头");
  });
  return { targets, how };
}

export function readMappingFile(path: string | undefined): MappingFile {
  if (!path || !existsSync(path)) return MappingFile.parse({});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`映射文件「${path}」不是有效的 JSON：${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = MappingFile.safeParse(json);
  if (!parsed.success) {
    throw new UserError(`映射文件「${path}」有误：${parsed.error.issues.map((i) => `${i.path.join(".") || "（根）"}：${i.message}`).join("；")}`);
  }
  return parsed.data;
}

/** Writes the mapping as found, for the clerk to complete (unrecognised headers as null). */
export function writeMappingFile(path: string, headers: string[], mapping: HeaderMapping, file: MappingFile): void {
  const out = {
    ...file,
    headers: Object.fromEntries(headers.filter(Boolean).map((h) => [h, mapping.targets[headers.indexOf(h)] ?? null])),
  };
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
}
