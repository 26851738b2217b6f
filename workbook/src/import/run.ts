// `npm run import`: read the old ledger, map its headers, normalize and check every row, find possible duplicates
// against the file and the ledger, write the report; with --commit, send the 新增/更新 rows through the batch
// endpoint in chunks whose idempotency keys derive from the file and its rows, so an interrupted commit re-run
// later neither writes twice (rows already imported are recognised by their legacyRef) nor loses a row.
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { loadReference } from "../../../functions/reference/index.js";
import { type HttpPort, Api, type RetryPolicy } from "../../../sheets-addon/src/core/http.js";
import { chunkRows } from "../../../sheets-addon/src/core/chunk.js";
import { buildLayout } from "../../../sheets-addon/src/core/columns.js";
import { UserError, normalizeApiUrl } from "../../../sheets-addon/src/core/engine.js";
import { trimReference } from "../../../sheets-addon/src/core/reference.js";
import type { BatchResponse, Me, Rec } from "../../../sheets-addon/src/core/types.js";
import { nodeClock, nodeHttp } from "../env.js";
import { SyncHttpClient } from "../sync-http.js";
import type { Principal } from "../../../functions/src/domain/access.js";
import { existingOf } from "./duplicates.js";
import { type HeaderMapping, mapHeaders, readMappingFile, writeMappingFile } from "./mapping.js";
import { planPoints, readPoints } from "./points.js";
import { type PlannedRow, batchRowOf, planRows } from "./plan.js";
import { prepareRow } from "./prepare.js";
import { printedLines, writeReport } from "./report.js";
import { type SourceTable, readSource } from "./source.js";

export interface ImportOptions {
  file: string;
  sheet?: string;
  mapping?: string;
  commit?: boolean;
  report?: string;
  api: string;
  token: string;
  /** Progress (a bar on a terminal). */
  progress?: (done: number, total: number) => void;
  /** Tests: the HTTP port (faults), the retry policy and the rows per request. */
  http?: HttpPort;
  retry?: RetryPolicy;
  chunkRows?: number;
  /** Level-1 survey points (GeoJSON, KML, CSV) rather than an old ledger; by the extension when not given. */
  points?: boolean;
  /** Survey points: remote-sensing (default) or aerial. */
  method?: string;
  /** Survey points: the water body when the points carry none. */
  waterBody?: string;
}

/** The report's value columns for survey points. */
const POINT_COLUMNS = ["name", "longitude", "latitude", "subdistrict", "waterBody"] as const;
const isPointFile = (file: string) => /\.(geojson|kml|json)$/i.test(file);

export interface ImportResult {
  rows: PlannedRow[];
  lines: string[];
  reportPath: string;
  me: Me;
}

/** Every record the user may see (a clerk's subdistrict, the whole district for a coordinator). */
function pullLedger(api: Api, subdistrict: string | undefined): Rec[] {
  const items: Rec[] = [];
  let cursor: string | undefined;
  do {
    const page = api.listPage({ ...(subdistrict ? { subdistrict } : {}), limit: 1000, ...(cursor ? { cursor } : {}) });
    items.push(...(page.items as Rec[]));
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function runImport(options: ImportOptions): Promise<ImportResult> {
  const file = resolve(options.file);
  const client = new SyncHttpClient();
  try {
    const api = new Api({
      baseUrl: normalizeApiUrl(options.api),
      token: () => options.token,
      http: options.http ?? nodeHttp(client),
      clock: nodeClock,
      ...(options.retry ? { retry: options.retry } : {}),
    });
    const me = api.me();
    const mappingFile = readMappingFile(options.mapping);
    const layout = buildLayout(trimReference(api.reference()), me.subdistrict ? { subdistrict: me.subdistrict } : {});
    const ref = loadReference();
    const own = me.role === "clerk" ? me.subdistrict : undefined;
    const actor = { email: me.email, role: me.role, ...(me.subdistrict ? { subdistrict: me.subdistrict } : {}), ...(me.department ? { department: me.department } : {}) } as Principal;
    const ledger = pullLedger(api, own).map(existingOf);
    let table: SourceTable;
    let mapping: HeaderMapping;
    let rows: PlannedRow[];
    if (options.points ?? isPointFile(file)) {
      const points = readPoints(file);
      const lookups = layout.lookups;
      const waterBody = options.waterBody ?? (mappingFile.defaults.waterBody as string | undefined);
      rows = planPoints(points, {
        file,
        ref,
        actor,
        ledger,
        lookups,
        method: options.method ?? "remote-sensing",
        ...(waterBody ? { waterBody } : {}),
        ...(mappingFile.datum ? { datum: mappingFile.datum } : {}),
      });
      table = { file: basename(file), headers: POINT_COLUMNS.map((c) => layout.byKey.get(c)?.label ?? c), headerRow: 0, rows: [] };
      mapping = { targets: [...POINT_COLUMNS], how: POINT_COLUMNS.map(() => "点位文件") };
    } else {
      table = await readSource(file, { ...((options.sheet ?? mappingFile.sheet) ? { sheet: options.sheet ?? mappingFile.sheet } : {}), ...(mappingFile.headerRow ? { headerRow: mappingFile.headerRow } : {}) });
      mapping = mapHeaders(table.headers, layout, mappingFile);
      if (options.mapping && !existsSync(options.mapping)) writeMappingFile(options.mapping, table.headers, mapping, mappingFile);
      const t = table;
      const prepared = t.rows.map((r) => prepareRow(r, { layout, ref, mapping: mappingFile, targets: mapping.targets, table: t, actor, ...(own ? { own } : {}) }));
      rows = planRows(prepared, ledger, ref, mappingFile, own);
    }
    let failure: unknown;
    try {
      if (options.commit) commit(api, rows, `import:${basename(file)}:${table.sheet ?? ""}`, options);
    } catch (error) {
      failure = error;
    }
    const reportPath = resolve(options.report ?? `${file}.report.xlsx`);
    const input = { table, mapping, layout, rows, committed: options.commit === true && !failure, user: `${me.name ?? me.email}（${me.roleLabel ?? me.role}）` };
    await writeReport(reportPath, input);
    if (failure) throw failure;
    return { rows, lines: printedLines(input, reportPath), reportPath, me };
  } finally {
    await client.close();
  }
}

/** Sends the 新增/更新 rows and folds the answers into the plan: temp ids, or the API's refusals (有误). */
function commit(api: Api, rows: PlannedRow[], scope: string, options: ImportOptions): void {
  const sending = rows.filter((r) => r.outcome === "新增" || r.outcome === "更新");
  const byRow = new Map(sending.map((r) => [String(r.prepared.row), r]));
  const chunks = chunkRows(sending.map(batchRowOf), scope, { maxRows: options.chunkRows ?? 200, maxBytes: 1024 * 1024 });
  let done = 0;
  options.progress?.(0, sending.length);
  for (const chunk of chunks) {
    const [outcome] = api.send([api.batchRequest(chunk.body, chunk.key)]);
    let answer: BatchResponse;
    try {
      answer = api.json<BatchResponse>(outcome!);
    } catch (error) {
      throw new UserError(`提交中断（已完成 ${done} / ${sending.length} 行）：${error instanceof Error ? error.message : String(error)}。已提交的行不会重复写入：稍后用同一命令重新运行即可继续`);
    }
    for (const result of answer.results) {
      const row = byRow.get(String(result.clientRef ?? ""));
      if (!row) continue;
      if (result.outcome === "ok") row.target = result.tempId ?? result.record?.tempId ?? row.target;
      else {
        row.outcome = "有误";
        row.problems.push(
          ...(result.violations ?? [{ field: "", rule: `R-${result.outcome.toUpperCase()}`, message: result.outcome === "conflict" ? "该记录已被他人修改，请重新运行导入" : "无权导入该行" }]),
        );
      }
    }
    done += chunk.rows.length;
    options.progress?.(done, sending.length);
  }
}
