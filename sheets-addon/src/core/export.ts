// 导出 (GET /v1/exports/{layout}) from the spreadsheet: the provincial ledger or retained list written into a
// sheet of its own (CSV → cells, all as text), or download links to the formatted Excel files (xlsx with title
// row, issuing unit and date), which the API leaves in storage for 15 minutes.
import { parseCsv } from "./csv.js";
import { describeFailure } from "./http.js";
import type { Env } from "./ports.js";
import { TITLE, UserError, requireApi } from "./settings.js";

/** The layouts written into a sheet, and that sheet's name. */
export const EXPORT_SHEETS = { provincial: "省平台台账", retained: "省平台保留清单" } as const;
export type SheetLayout = keyof typeof EXPORT_SHEETS;

/** The files offered for download, in the dialog's order. */
export const EXPORT_FILES = [
  { layout: "provincial", label: "省平台台账（浙里碧水/浙里蓝海）" },
  { layout: "retained", label: "省平台保留清单" },
  { layout: "lists", label: "方案清单（问题、保留、销号、逾期、过渡期、非排污口、责任主体、管理主体）" },
] as const;

function get(env: Env, path: string) {
  const api = requireApi(env);
  const [outcome] = api.send([api.request("get", path)]);
  if (!("response" in outcome!) || outcome.response.status < 200 || outcome.response.status >= 300) throw describeFailure(outcome!, api.baseUrl);
  return outcome.response;
}

/** Writes the layout's CSV into its own sheet (replaced on each export) and shows it. */
export function exportToSheet(env: Env, layout: SheetLayout): { sheet: string; rows: number } {
  const name = EXPORT_SHEETS[layout];
  if (!name) throw new UserError(`没有「${layout}」这种导出`);
  const response = get(env, `/v1/exports/${layout}?format=csv`);
  if (!/text\/csv/i.test(Object.entries(response.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "")) {
    // Too large for an answer: the API left the file for download, which the sheet cannot fetch.
    throw new UserError(`「${name}」数据量较大，不能写入表格：请用菜单「导出：下载 Excel 文件」下载`);
  }
  const rows = parseCsv(response.body);
  env.workbook.writeTable(name, rows);
  env.workbook.activate(name);
  env.ui.toast(`已导出 ${Math.max(rows.length - 1, 0)} 行到「${name}」表`, TITLE, 5);
  return { sheet: name, rows: Math.max(rows.length - 1, 0) };
}

export interface ExportLink {
  label: string;
  fileName: string;
  url: string;
  expiresAt: string;
}

/** One short-lived download link per export file (xlsx). */
export function exportLinks(env: Env): ExportLink[] {
  return EXPORT_FILES.map(({ layout, label }) => {
    const response = get(env, `/v1/exports/${layout}?delivery=link`);
    const { download } = JSON.parse(response.body) as { download: { url: string; fileName: string; expiresAt: string } };
    return { label, fileName: download.fileName, url: download.url, expiresAt: download.expiresAt };
  });
}
