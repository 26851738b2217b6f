// The 办理 sheet: one lifecycle step per row (临时编号, 操作 by its Chinese label, 说明 and the payload columns the
// steps need, with dropdowns), and the columns the tool writes each step's outcome to. A row marked 已办理 is
// never sent again; a row refused (未通过) is sent again once the clerk has fixed what its message says.
import type ExcelJS from "exceljs";
import { ACTION, STATUS } from "../../../functions/src/domain/enums.js";
import { TRANSITION, type TransitionAction } from "../../../functions/src/domain/transition-payloads.js";
import { plainValue, restyle, setServerValue, toExcelWidth } from "../xlsx/cells.js";

export const STEP_SHEET = "办理";
export const DONE = "已办理";
export const REFUSED = "未通过";
const YES_NO = ["是", "否"];

/** The steps a clerk or a department takes from a workbook (the coordinator's corrections stay in the web API). */
export const WORKBOOK_STEPS: TransitionAction[] = ["confirm", "dismiss", "plan", "complete", "request-acceptance", "accept", "reject", "close", "retain", "reopen"];

export interface StepColumn {
  key: string;
  label: string;
  width: number;
  note: string;
  choices?: string[];
  output?: boolean;
}

export const STEP_COLUMNS: StepColumn[] = [
  { key: "tempId", label: "临时编号", width: 130, note: "要办理的排污口的临时编号（见「排污口台账」）" },
  { key: "action", label: "操作", width: 130, note: "从下拉列表选择要办理的步骤", choices: WORKBOOK_STEPS.map((a) => TRANSITION.label(a)) },
  { key: "note", label: "说明", width: 220, note: "说明或理由；认定非排污口、验收退回、重新打开时必填" },
  { key: "remediation", label: "整治措施", width: 110, note: "制定整治方案时必填", choices: ACTION.keys.map((k) => ACTION.label(k)) },
  { key: "plan", label: "整治方案", width: 220, note: "制定整治方案时填写方案内容" },
  { key: "floodAffects", label: "影响防洪排涝", width: 100, note: "制定整治方案时：是否影响防洪排涝、堤防安全（是/否）", choices: YES_NO },
  { key: "floodMeasures", label: "消除隐患措施", width: 180, note: "影响防洪排涝时必填" },
  { key: "completedAt", label: "完成日期", width: 100, note: "整治完成、申请验收时：整治完成日期，如 2024-05-31" },
  { key: "result", label: "结果", width: 80, note: "由工具填写：已办理 / 未通过。已办理的行不会再次发送", output: true },
  { key: "state", label: "办理后状态", width: 100, note: "由工具填写", output: true },
  { key: "rule", label: "规则", width: 120, note: "由工具填写：未通过时的规则编号", output: true },
  { key: "message", label: "提示", width: 360, note: "由工具填写：未通过的原因和改法", output: true },
];

const col = (key: string) => STEP_COLUMNS.findIndex((c) => c.key === key) + 1;
const letter = (n: number) => String.fromCharCode(64 + n);

export interface StepRow {
  row: number;
  values: Record<string, string>;
}

/** Creates the 办理 sheet with its headers and dropdowns when the workbook has none. */
export function ensureStepSheet(book: ExcelJS.Workbook, name = STEP_SHEET, columns: readonly StepColumn[] = STEP_COLUMNS): ExcelJS.Worksheet {
  const existing = book.getWorksheet(name);
  if (existing) return existing;
  const sheet = book.addWorksheet(name);
  const header = sheet.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.note = c.note;
    const fill = c.output ? "FFE6E6E6" : "FFDBE8F6";
    restyle(cell, { font: { bold: true }, fill: { type: "pattern", pattern: "solid", fgColor: { argb: fill } } });
    sheet.getColumn(i + 1).width = toExcelWidth(c.width);
    if (c.key === "completedAt") sheet.getColumn(i + 1).numFmt = "yyyy-mm-dd";
    if (c.choices) {
      const validations = (sheet as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations;
      validations.add(`${letter(i + 1)}2:${letter(i + 1)}500`, {
        type: "list",
        allowBlank: true,
        formulae: [`"${c.choices.join(",")}"`],
        showErrorMessage: true,
        errorStyle: "stop",
        error: `请从下拉列表中选择「${c.label}」`,
      });
    }
  });
  sheet.views = [{ state: "frozen", ySplit: 1, xSplit: 0 }];
  return sheet;
}

export const text = (value: unknown): string => {
  const v = plainValue(value as ExcelJS.CellValue);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v ?? "").trim();
};

/** Rows with a temp id and an action that are not yet 已办理, in row order. */
export function pendingSteps(sheet: ExcelJS.Worksheet): StepRow[] {
  const out: StepRow[] = [];
  sheet.eachRow((row, number) => {
    if (number < 2) return;
    const values: Record<string, string> = {};
    STEP_COLUMNS.forEach((c, i) => (values[c.key] = text(row.getCell(i + 1).value)));
    if (!values.tempId || !values.action || values.result === DONE) return;
    out.push({ row: number, values });
  });
  return out;
}

export interface StepOutcome {
  done: boolean;
  state?: string;
  rule?: string;
  message?: string;
}

export function writeOutcome(sheet: ExcelJS.Worksheet, row: number, outcome: StepOutcome): void {
  const cells = sheet.getRow(row);
  setServerValue(cells.getCell(col("result")), outcome.done ? DONE : REFUSED, () => true);
  setServerValue(cells.getCell(col("state")), outcome.state ? STATUS.label(outcome.state as never) : "", () => true);
  setServerValue(cells.getCell(col("rule")), outcome.rule ?? "", () => true);
  setServerValue(cells.getCell(col("message")), outcome.message ?? "", () => true);
  const fill = outcome.done ? "FFD9EAD3" : "FFF4CCCC";
  restyle(cells.getCell(col("result")), { fill: { type: "pattern", pattern: "solid", fgColor: { argb: fill } } });
}
