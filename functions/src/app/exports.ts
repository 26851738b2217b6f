// GET /v1/exports/{layout}: the ledger and the retained list in the provincial platform's layout (a column
// map, functions/reference/exports/*.json), and the plan's lists as formatted workbooks — xlsx or CSV, in the
// caller's scope. A file too large for an API answer is left in object storage behind a short-lived link.
import { loadColumnMap } from "../../reference/exports/index.js";
import type { Principal } from "../domain/access.js";
import { chinaDate } from "../domain/campaign.js";
import type { Inventory } from "../domain/enums.js";
import { type ColumnMap, exportRow, inLayout } from "../domain/export-layout.js";
import { violation } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { Forbidden, InvalidInput } from "./errors.js";
import { type ExportSheet, planListCell, renderWorkbook } from "./export-workbook.js";
import { LIST_KIND, type ListKind, buildPlanList, listKind, listScope, toCsv } from "./lists.js";
import { allOutfalls } from "./outfalls.js";
import { type OutfallView, present } from "./present.js";

/** The plan's lists in one workbook, one sheet each (`?kind=` picks some). */
export const LISTS_LAYOUT = "lists";
export const EXPORT_LAYOUTS = ["provincial", "retained", LISTS_LAYOUT] as const;

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv; charset=utf-8";

/** Largest file answered in the response itself: API Gateway and Lambda answer at most 6 MB and a binary
 *  body travels base64 (4/3), so 4 MB of xlsx is 5.3 MB on the wire; anything larger goes by link. */
export const INLINE_MAX_BYTES = 4_000_000;
/** How long a download link works. */
export const LINK_SECONDS = 900;

export interface ExportRequest {
  format?: "xlsx" | "csv";
  subdistrict?: string;
  inventory?: Inventory;
  /** For the lists layout: the lists to include (keys, labels or aliases); all by default. */
  kinds?: string[];
  /** `link` always leaves the file for download; by default only when it is too large to answer. */
  delivery?: "inline" | "link";
}

export interface ExportFile {
  fileName: string;
  /** For clients that cannot read RFC 5987: the layout and date in ASCII. */
  asciiName: string;
  contentType: string;
  body: Uint8Array;
}

export type ExportResult = { kind: "file"; file: ExportFile } | { kind: "link"; fileName: string; contentType: string; size: number; url: string; expiresAt: string };

/** What a principal may export: a clerk their subdistrict, a department what it supervises, others all. */
function exportScope(deps: Deps, who: Principal, subdistrict?: string): { subdistrict?: string; department?: string } {
  const scope = listScope(deps, who, subdistrict);
  if (who.role !== "department") return scope ? { subdistrict: scope } : {};
  if (!who.department) throw new Forbidden(violation("department", "R-SCOPE", "您的账号未绑定监管部门，不能导出，请联系区治水办设置"));
  return { ...(scope ? { subdistrict: scope } : {}), department: who.department };
}

function unknownLayout(layout: string): InvalidInput {
  const names: Record<string, string> = { provincial: "省平台台账", retained: "省平台保留清单", lists: "方案清单" };
  return new InvalidInput([violation("layout", "R-ENUM", `导出格式「${layout}」不存在，可选：${EXPORT_LAYOUTS.map((l) => `${names[l]}（${l}）`).join("、")}`)]);
}

export async function exportLayout(deps: Deps, who: Principal, layout: string, request: ExportRequest = {}): Promise<ExportResult> {
  const map = loadColumnMap(layout);
  if (!map && layout !== LISTS_LAYOUT) throw unknownLayout(layout);
  const kinds = map ? [] : (request.kinds?.length ? request.kinds : [...LIST_KIND.keys]).map((k) => listKind(deps, k));
  const format = request.format ?? "xlsx";
  if (format === "csv" && kinds.length > 1) {
    throw new InvalidInput([violation("kind", "R-FORMAT", `CSV 只能导出一张清单，请用 kind 指定一张（如 kind=retained），或导出 xlsx（每张清单一个工作表）`)]);
  }
  const scope = exportScope(deps, who, request.subdistrict);
  const records = (await allOutfalls(deps, scope.subdistrict))
    .filter((r) => !scope.department || r.department === scope.department)
    .map((r) => present(deps, r))
    .filter((r) => !request.inventory || r.inventory === request.inventory);
  const file = map ? await columnMapFile(deps, layout, map, records, scope, format) : await listsFile(deps, kinds, records, scope, format, request.inventory);
  return deliver(deps, file, request.delivery);
}

interface Heading {
  /** 上城区 or 上城区凯旋街道 (and the department when one exports what it supervises). */
  unit: string;
  /** The part of the title after the district: 凯旋街道, or empty for the whole district. */
  scopeName: string;
  issuedOn: string;
}

function heading(deps: Deps, scope: { subdistrict?: string; department?: string }): Heading {
  const ref = deps.reference;
  const sub = scope.subdistrict ? (ref.subdistrictByKey.get(scope.subdistrict)?.name ?? scope.subdistrict) : "";
  const dept = scope.department ? (ref.departmentByKey.get(scope.department)?.name ?? scope.department) : "";
  return { unit: `${ref.district.name}${sub}${dept ? `（${dept}监管）` : ""}`, scopeName: sub, issuedOn: chinaDate(deps.clock.now()) };
}

async function columnMapFile(deps: Deps, layout: string, map: ColumnMap, records: OutfallView[], scope: { subdistrict?: string; department?: string }, format: "xlsx" | "csv"): Promise<ExportFile> {
  const h = heading(deps, scope);
  const selected = records.filter((r) => inLayout(map, r)).sort((a, b) => a.tempId.localeCompare(b.tempId));
  const rows = selected.map((r) => exportRow(map, r, deps.reference));
  const title = map.title.replaceAll("{district}", deps.reference.district.name).replaceAll("{scope}", h.scopeName);
  const headers = map.columns.map((c) => c.header);
  const base = { fileName: `${title}-${h.issuedOn}.${format}`, asciiName: `${layout}-${h.issuedOn}.${format}` };
  if (format === "csv") {
    const csvRows = rows.map((cells) => Object.fromEntries(cells.map((c, i) => [String(i), c.format === "number" && typeof c.value === "number" && c.decimals !== undefined ? c.value.toFixed(c.decimals) : c.value])));
    return { ...base, contentType: CSV_TYPE, body: Buffer.from(toCsv({ columns: headers.map((label, i) => ({ key: String(i), label })), rows: csvRows }), "utf8") };
  }
  const sheet: ExportSheet = { name: map.sheet, title, unit: h.unit, issuedOn: h.issuedOn, headers, widths: map.columns.map((c) => c.width), rows };
  return { ...base, contentType: XLSX_TYPE, body: await renderWorkbook([sheet], deps.reference.district.name) };
}

async function listsFile(deps: Deps, kinds: ListKind[], records: OutfallView[], scope: { subdistrict?: string; department?: string }, format: "xlsx" | "csv", inventory?: Inventory): Promise<ExportFile> {
  const h = heading(deps, scope);
  const lists = kinds.map((k) => buildPlanList(deps, k, records, scope.subdistrict, inventory));
  const district = deps.reference.district.name;
  const titleOf = (title: string) => `${district}${h.scopeName}${title}`;
  const only = lists.length === 1 ? lists[0]! : undefined;
  const name = only ? titleOf(only.title) : titleOf("排污口排查整治清单");
  const base = { fileName: `${name}-${h.issuedOn}.${format}`, asciiName: `${only ? only.kind : LISTS_LAYOUT}-${h.issuedOn}.${format}` };
  if (format === "csv") return { ...base, contentType: CSV_TYPE, body: Buffer.from(toCsv(only!), "utf8") };
  const chinaDay = (iso: string) => chinaDate(new Date(iso));
  const sheets: ExportSheet[] = lists.map((l) => ({
    name: l.title,
    title: titleOf(l.title),
    unit: h.unit,
    issuedOn: h.issuedOn,
    headers: l.columns.map((c) => c.label),
    rows: l.rows.map((row) => l.columns.map((c) => planListCell(row[c.key] ?? null, c.key, chinaDay))),
  }));
  return { ...base, contentType: XLSX_TYPE, body: await renderWorkbook(sheets, district) };
}

/** Whether a file goes by link: asked for, or too large for an API answer. */
export const byLink = (size: number, delivery: ExportRequest["delivery"], limit = INLINE_MAX_BYTES) => delivery === "link" || size > limit;

async function deliver(deps: Deps, file: ExportFile, delivery: ExportRequest["delivery"]): Promise<ExportResult> {
  if (!byLink(file.body.byteLength, delivery)) return { kind: "file", file };
  const now = deps.clock.now();
  const ext = file.fileName.slice(file.fileName.lastIndexOf("."));
  const key = `exports/${now.toISOString().slice(0, 10)}/${deps.newId()}${ext}`;
  await deps.exportFiles.put(key, file.body, file.contentType);
  const url = await deps.exportFiles.presignDownload(key, LINK_SECONDS, { name: file.fileName, asciiName: file.asciiName, contentType: file.contentType });
  return { kind: "link", fileName: file.fileName, contentType: file.contentType, size: file.body.byteLength, url, expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString() };
}
