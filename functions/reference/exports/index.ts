// Export layouts (column maps): the bundled files here, or `<REFERENCE_DIR>/exports/<layout>.json` when a
// district keeps its own. Checked by functions/src/domain/export-layout.ts; a bad file fails with the file,
// the column and the problem. See ../README.md, "Export layouts".
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type ColumnMap, checkColumnMap } from "../../src/domain/export-layout.js";
import { ReferenceDataError } from "../../src/domain/reference.js";
import provincial from "./provincial.json" with { type: "json" };
import retained from "./retained.json" with { type: "json" };

const BUNDLED: Record<string, unknown> = { provincial, retained };

/** The layouts a column map defines, by name (the file name without .json). */
export const COLUMN_MAP_LAYOUTS = Object.keys(BUNDLED);

const cache = new Map<string, ColumnMap>();

/** The column map of `layout`: from `dir` (else REFERENCE_DIR) when that folder has exports/<layout>.json,
 *  else the bundled one; undefined for a layout no column map defines. Throws ReferenceDataError when invalid. */
export function loadColumnMap(layout: string, dir?: string): ColumnMap | undefined {
  if (!COLUMN_MAP_LAYOUTS.includes(layout)) return undefined;
  const folder = dir ?? (process.env.REFERENCE_DIR || undefined);
  const path = folder ? join(resolve(folder), "exports", `${layout}.json`) : undefined;
  const source = path && existsSync(path) ? path : `exports/${layout}.json`;
  const cached = cache.get(source);
  if (cached) return cached;
  const raw = path && source === path ? (JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) as unknown) : BUNDLED[layout];
  const { map, problems } = checkColumnMap(raw);
  if (!map) throw new ReferenceDataError(problems.map((message) => ({ file: source, message })));
  cache.set(source, map);
  return map;
}
