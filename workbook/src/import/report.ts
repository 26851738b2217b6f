// The report workbook (默认 <输入文件>.report.xlsx): one row per input row with its source row number, outcome,
// normalized values and every problem (field by its Chinese label, rule id, message), the header mapping, and a
// summary sheet with the defaults used. Also the lines printed on the terminal.
import ExcelJS from "exceljs";
import { formatCell } from "../../../sheets-addon/src/core/convert.js";
import type { Layout } from "../../../sheets-addon/src/core/columns.js";
import { getPath } from "../../../sheets-addon/src/core/text.js";
import type { HeaderMapping } from "./mapping.js";
import type { Outcome, PlannedRow } from "./plan.js";
import { labelOf } from "./prepare.js";
import type { SourceTable } from "./source.js";

export const RESULT_SHEET = "导入结果";
export const MAPPING_SHEET = "表头对应";
export const SUMMARY_SHEET = "说明";
export const OUTCOMES: readonly Outcome[] = ["新增", "更新", "可能重复", "有误", "跳过"];
export const FIXED_HEADERS = ["源行号", "结果", "临时编号/对应", "所属街道", "说明", "问题", "自动规范（原值 → 新值）", "默认值"];

export interface ReportInput {
  table: SourceTable;
  mapping: HeaderMapping;
  layout: Layout;
  rows: PlannedRow[];
  committed: boolean;
  user: string;
}

export const problemText = (r: PlannedRow) => r.problems.map((p) => `「${labelOf(p.field)}」【${p.rule}】${p.message}`).join("\n");
export const normalizedText = (r: PlannedRow) =>
  r.prepared.normalized.map((n) => `「${labelOf(n.field)}」${n.original.replace(/\r?\n/g, "⏎")} → ${n.value}（${n.message}）`).join("\n");
export const defaultedText = (r: PlannedRow) => r.prepared.defaulted.map((d) => `「${labelOf(d.field)}」${d.value}`).join("\n");

/** The mapped field columns, in the order of the source. */
function valueColumns(input: ReportInput): string[] {
  const keys = input.mapping.targets.filter((t): t is string => !!t && !t.startsWith("legacy."));
  return keys.filter((k, i) => keys.indexOf(k) === i && k !== "datum");
}

export function counts(rows: PlannedRow[]): Record<Outcome, number> {
  const out = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const r of rows) out[r.outcome]++;
  return out;
}

/** The report's rows as cells (also what the tests compare). */
export function resultGrid(input: ReportInput): unknown[][] {
  const keys = valueColumns(input);
  const header = [...FIXED_HEADERS, ...keys.map((k) => input.layout.byKey.get(k)?.label ?? labelOf(k))];
  const lines = input.rows.map((r) => [
    r.prepared.row,
    r.outcome,
    r.target ?? "",
    r.subdistrict ?? "",
    r.note ?? "",
    problemText(r),
    normalizedText(r),
    defaultedText(r),
    ...keys.map((k) => {
      const col = input.layout.byKey.get(k);
      const v = getPath(r.prepared.values, k);
      return col ? formatCell(col, v, { layout: input.layout }) : String(v ?? "");
    }),
  ]);
  return [header, ...lines];
}

export async function writeReport(path: string, input: ReportInput): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(RESULT_SHEET, { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  const grid = resultGrid(input);
  for (const line of grid) sheet.addRow(line);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c, i) => {
    c.width = i < 2 ? 8 : i < 5 ? 18 : i < 8 ? 48 : 16;
    c.alignment = { wrapText: true, vertical: "top" };
  });
  const fills: Partial<Record<Outcome, string>> = { 有误: "FFF4CCCC", 可能重复: "FFFCE8B2", 跳过: "FFEEEEEE" };
  input.rows.forEach((r, i) => {
    const fill = fills[r.outcome];
    if (fill) sheet.getRow(i + 2).getCell(2).fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
  });
  const map = book.addWorksheet(MAPPING_SHEET);
  map.addRow(["原表头", "对应字段", "字段键", "识别方式"]);
  input.table.headers.forEach((h, i) => {
    const t = input.mapping.targets[i];
    map.addRow([h, t ? (input.layout.byKey.get(t)?.label ?? labelOf(t)) : "（不导入）", t ?? "", input.mapping.how[i] ?? ""]);
  });
  const summary = book.addWorksheet(SUMMARY_SHEET);
  for (const line of summaryLines(input)) summary.addRow([line]);
  summary.getColumn(1).width = 100;
  await book.xlsx.writeFile(path);
}

export function summaryLines(input: ReportInput): string[] {
  const c = counts(input.rows);
  return [
    `文件：${input.table.file}${input.table.sheet ? `（工作表「${input.table.sheet}」，表头在第 ${input.table.headerRow} 行）` : ""}`,
    `导入人：${input.user}；${input.committed ? "已提交" : "试运行（未写入台账；确认无误后加 --commit 提交）"}`,
    `共 ${input.rows.length} 行：${OUTCOMES.map((o) => `${o} ${c[o]}`).join("，")}`,
    "旧台账缺少的项按以下默认值填写（可在映射文件 defaults 中改）：排查级别 = 二级（徒步现场排查）；责任主体类型按统一社会信用代码首位（9 企业、1 机关）或名称推断；缺少街道时，经办人取本街道，区治水办按坐标所在街道（无街道范围数据时取最近的街道中心，需核对）",
    "旧台账的编号和行号保存在每条记录的「旧台账来源」中；计划完成时间、完成时间写入「整治方案」（完成整治仍须按流程办理）",
  ];
}

/** What the terminal shows: the mapping, the counts and the first rows that need attention. */
export function printedLines(input: ReportInput, reportPath: string): string[] {
  const lines = ["表头对应："];
  input.table.headers.forEach((h, i) => {
    const t = input.mapping.targets[i];
    lines.push(`  ${h || "（空表头）"} → ${t ? `${input.layout.byKey.get(t)?.label ?? labelOf(t)}（${input.mapping.how[i]}）` : "（不导入）"}`);
  });
  lines.push(...summaryLines(input).slice(1, 3));
  const attention = input.rows.filter((r) => r.outcome === "有误" || r.outcome === "可能重复");
  for (const r of attention.slice(0, 10)) {
    lines.push(`  第 ${r.prepared.row} 行 ${r.outcome}：${(r.outcome === "有误" ? problemText(r) : (r.note ?? "")).replace(/\n/g, "；")}`);
  }
  if (attention.length > 10) lines.push(`  ……另有 ${attention.length - 10} 行，见报告`);
  lines.push(`报告：${reportPath}`);
  return lines;
}
