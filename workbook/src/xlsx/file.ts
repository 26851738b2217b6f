// Loading and saving the workbook file. A command loads the whole workbook, runs, and saves it once at the end:
// the new content goes to a temporary file next to it, the previous file is copied to `<file>.bak`, and the
// temporary file is renamed over the original — so a crash or a failed save never leaves a half-written
// workbook, and the clerk's previous version is always one file away.
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, extname } from "node:path";
import ExcelJS from "exceljs";
import { UserError } from "../../../sheets-addon/src/core/engine.js";

export const backupOf = (file: string) => `${file}.bak`;
export const tempOf = (file: string) => `${file}.saving`;

/** Only .xlsx is read and written (Excel 2007+ and WPS both open and save it). */
export function checkWorkbookPath(file: string): void {
  const ext = extname(file).toLowerCase();
  if (ext !== ".xlsx") {
    throw new UserError(
      ext === ".xls" || ext === ".et" || ext === ".csv"
        ? `只支持 .xlsx 工作簿：请先在 Excel 或 WPS 中把「${basename(file)}」另存为「Excel 工作簿（*.xlsx）」`
        : `工作簿文件名应以 .xlsx 结尾：${file}`,
    );
  }
}

/** The workbook in the file; a new, empty one when the file does not exist and `create` is set. */
export async function loadWorkbook(file: string, options: { create: boolean }): Promise<ExcelJS.Workbook> {
  checkWorkbookPath(file);
  const book = new ExcelJS.Workbook();
  if (!existsSync(file)) {
    if (options.create) return book;
    throw new UserError(`找不到工作簿文件：${file}。请先用「pull」拉取台账生成它，或检查文件路径`);
  }
  try {
    await book.xlsx.readFile(file);
  } catch (error) {
    throw new UserError(
      `无法读取工作簿「${basename(file)}」：它不是有效的 .xlsx 文件（${error instanceof Error ? error.message : String(error)}）。` +
        `如是 .xls 或 WPS 的 .et 格式，请先另存为 .xlsx；如文件已损坏，可改用同目录下的 ${basename(backupOf(file))}`,
    );
  }
  return book;
}

export interface SaveOptions {
  /** Renames the finished temporary file over the original (tests inject a failure here). */
  rename?: (from: string, to: string) => void;
}

/** Writes the workbook: temporary file (flushed to disk), backup of the previous file, then an atomic rename. */
export async function saveWorkbook(book: ExcelJS.Workbook, file: string, options: SaveOptions = {}): Promise<{ backup?: string }> {
  const temp = tempOf(file);
  const data = Buffer.from(await book.xlsx.writeBuffer());
  let backup: string | undefined;
  try {
    const fd = openSync(temp, "w");
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(file)) {
      copyFileSync(file, backupOf(file));
      backup = backupOf(file);
    }
    (options.rename ?? renameSync)(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === "EBUSY" || code === "EPERM" || code === "EACCES"
        ? "文件可能正在 Excel 或 WPS 中打开，或没有写入权限：请关闭该文件后重试"
        : `${error instanceof Error ? error.message : String(error)}`;
    throw new UserError(
      `保存工作簿失败（${hint}）。原文件未被改动${existsSync(file) ? "" : "（尚未生成）"}。` +
        "已发送到台账系统的修改不会丢失：再执行一次同样的命令即可（同一批数据不会重复保存）",
    );
  }
  return backup ? { backup } : {};
}
