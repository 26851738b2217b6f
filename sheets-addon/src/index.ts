// The add-on's global functions — and nothing else: triggers, menu actions and the RPCs its HTML pages call.
// Every export is a function and becomes a top-level function in the built file (see build.ts); the logic
// lives in core/ and the Apps Script adapters in gas/.
import * as bulletin from "./core/bulletin-session.js";
import * as card from "./core/card-session.js";
import * as engine from "./core/engine.js";
import * as exporter from "./core/export.js";
import { personalTokenHtml, createPersonalToken as newPersonalToken } from "./core/personal-token.js";
import * as reports from "./core/reports.js";
import * as supervision from "./core/supervision.js";
import type { Env } from "./core/ports.js";
import { CONFLICT_SHEET, LEDGER_SHEET } from "./core/tables.js";
import { showBulletinSidebar } from "./gas/bulletin.js";
import { showCardSidebar } from "./gas/card.js";
import { CONFLICTS_HTML, EXPORT_HTML, HELP_HTML, SETTINGS_HTML } from "./gas/html.js";
import { gasEnv } from "./gas/services.js";

/** The 排污口 menu: [label, global function] (undefined: a separator). */
const MENU: readonly ([string, string] | undefined)[] = [
  ["设置…", "showSettings"],
  undefined,
  ["拉取本街道台账", "pullLedger"],
  ["全部重新拉取", "pullLedgerFull"],
  undefined,
  ["推送修改", "pushChanges"],
  ["推送选中行", "pushSelection"],
  undefined,
  ["查看/办理（选中行）", "showCard"],
  undefined,
  ["举报：拉取待处理", "pullReports"],
  ["举报：发送处理结果", "sendReportTriage"],
  ["打印本街道标志牌", "showSignboards"],
  undefined,
  ["巡查记录：打开记录表", "openPatrols"],
  ["巡查记录：推送", "pushPatrols"],
  ["督导交办：拉取交办事项", "pullTasks"],
  ["督导交办：发送反馈", "answerTasks"],
  ["超期未监测排污口清单（写入新表）", "pullMonitoringOverdue"],
  undefined,
  ["刷新下拉选项", "refreshDropdowns"],
  ["查看冲突", "showConflicts"],
  ["冲突：采用服务器版本（选中行）", "takeTheirsForSelection"],
  ["冲突：保留我的修改（选中行）", "keepMineForSelection"],
  undefined,
  ["导出：省平台台账（写入新表）", "exportProvincialToSheet"],
  ["导出：省平台保留清单（写入新表）", "exportRetainedToSheet"],
  ["导出：下载 Excel 文件（省平台台账、保留清单、方案清单）", "showExportLinks"],
  undefined,
  ["个人令牌（Excel/WPS 工具用）…", "createPersonalToken"],
  ["帮助", "showHelp"],
];

/** The 调度通报 submenu, for coordinators (the menu is built without network, so the API refuses others). */
const BULLETIN_MENU: readonly [string, string][] = [["打开通报草稿（没有则按当前数据起草）", "showBulletin"]];

/** Menu actions: a problem is shown to the clerk in a dialog, never as a raw script error. */
function action<T>(run: (env: Env) => T): T | { error: string } {
  const env = gasEnv();
  try {
    return run(env);
  } catch (error) {
    const message = engine.messageOf(error);
    env.ui.alert(message, "排污口");
    return { error: message };
  }
}

/** RPCs from the HTML pages: the failure handler shows the message. */
function rpc<T>(run: (env: Env) => T): T {
  try {
    return run(gasEnv());
  } catch (error) {
    throw new Error(engine.messageOf(error));
  }
}

export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  const bulletins = SpreadsheetApp.getUi().createMenu("调度通报（区治水办）");
  for (const [label, fn] of BULLETIN_MENU) bulletins.addItem(label, fn);
  menu.addSeparator().addSubMenu(bulletins);
  menu.addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** Simple trigger (no network): marks edited ledger rows 待推送. Push recomputes regardless, since pastes
 *  and script edits do not always fire it. */
export function onEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): void {
  const range = e?.range;
  if (!range) return;
  const sheet = range.getSheet();
  if (sheet.getName() !== LEDGER_SHEET || range.getLastRow() < 2) return;
  const width = sheet.getLastColumn();
  if (!width) return;
  const header = sheet.getRange(1, 1, 1, width);
  const first = Math.max(2, range.getRow());
  const count = Math.min(range.getLastRow() - first + 1, 2000);
  if (count < 1) return;
  const marks = engine.markEdited(
    { labels: header.getValues()[0] ?? [], notes: header.getNotes()[0] ?? [] },
    { firstRow: first, rows: sheet.getRange(first, 1, count, width).getValues(), firstColumn: range.getColumn(), columns: range.getNumColumns() },
  );
  if (!marks) return;
  const target = sheet.getRange(first, marks.column, count, 1);
  target.setValues(marks.values.map((v) => [v]));
  target.setBackgrounds(marks.values.map((v) => [v.startsWith("待推送") ? "#fff2cc" : "#ffe599"]));
}

export function showSettings(): void {
  const html = HtmlService.createHtmlOutput(SETTINGS_HTML).setTitle("排污口 · 设置").setWidth(460).setHeight(420);
  SpreadsheetApp.getUi().showModalDialog(html, "排污口 · 设置");
}

export function getSettings(): engine.SettingsInfo {
  return rpc((env) => engine.settingsInfo(env));
}

export function saveSettings(form: { apiUrl?: string; subdistrict?: string }): engine.SettingsInfo {
  return rpc((env) => engine.saveSettings(env, form ?? {}));
}

export function pullLedger() {
  return action((env) => engine.pull(env, {}));
}

export function pullLedgerFull() {
  return action((env) => engine.pull(env, { full: true }));
}

export function pushChanges() {
  return action((env) => engine.push(env));
}

export function pushSelection() {
  return action((env) => {
    const selection = env.workbook.selection();
    if (selection.sheet !== LEDGER_SHEET || !selection.rows.some((r) => r >= 2)) {
      throw new engine.UserError(`请先在「${LEDGER_SHEET}」表中选中要推送的行`);
    }
    return engine.push(env, { rows: selection.rows.filter((r) => r >= 2) });
  });
}

export function refreshDropdowns() {
  return action((env) => engine.refreshDropdowns(env));
}

export function showConflicts(): void {
  const env = gasEnv();
  env.workbook.activate(CONFLICT_SHEET);
  const html = HtmlService.createHtmlOutput(CONFLICTS_HTML).setTitle("排污口 · 冲突");
  SpreadsheetApp.getUi().showSidebar(html);
}

export function getConflicts(): engine.ConflictView[] {
  return rpc((env) => engine.listConflicts(env));
}

export function resolveConflict(ids: string | string[], choice: "theirs" | "mine"): engine.ResolveSummary {
  if (choice !== "theirs" && choice !== "mine") throw new Error("choice 应为 theirs 或 mine");
  return rpc((env) => engine.resolveConflicts(env, Array.isArray(ids) ? ids : [ids], choice));
}

export function takeTheirsForSelection() {
  return action((env) => engine.resolveConflicts(env, engine.selectedIds(env), "theirs"));
}

export function keepMineForSelection() {
  return action((env) => engine.resolveConflicts(env, engine.selectedIds(env), "mine"));
}

/** 个人令牌: creates one for the workbook tool and shows it once in a dialog. */
export function createPersonalToken() {
  return action((env) => {
    const created = newPersonalToken(env);
    const html = HtmlService.createHtmlOutput(personalTokenHtml(created)).setWidth(520).setHeight(360);
    SpreadsheetApp.getUi().showModalDialog(html, "排污口 · 个人令牌");
    return { name: created.name, expiresAt: created.expiresAt };
  });
}

export function showHelp(): void {
  const html = HtmlService.createHtmlOutput(HELP_HTML).setTitle("排污口 · 帮助").setWidth(560).setHeight(560);
  SpreadsheetApp.getUi().showModalDialog(html, "排污口 · 帮助");
}

/** 查看/办理: the record card of the selected ledger row in a sidebar. */
export function showCard(): void {
  showCardSidebar();
}

/** The card of `id`, or of the selected ledger row. */
export function getCard(id?: string) {
  return rpc((env) => card.loadCard(env, id || card.selectedOutfall(env)));
}

export function cardStep(id: string, version: number, action: string, values: Record<string, unknown>) {
  return rpc((env) => card.takeStep(env, String(id), Number(version), String(action), values ?? {}));
}

export function cardPhotoTicket(id: string, file: card.PhotoRequest) {
  return rpc((env) => card.photoTicket(env, String(id), file));
}

export function cardPhotoConfirm(id: string, photoId: string) {
  return rpc((env) => card.confirmPhoto(env, String(id), String(photoId)));
}

export function exportProvincialToSheet() {
  return action((env) => exporter.exportToSheet(env, "provincial"));
}

export function exportRetainedToSheet() {
  return action((env) => exporter.exportToSheet(env, "retained"));
}

export function showExportLinks(): void {
  const html = HtmlService.createHtmlOutput(EXPORT_HTML).setTitle("排污口 · 导出").setWidth(520).setHeight(360);
  SpreadsheetApp.getUi().showModalDialog(html, "排污口 · 导出");
}

export function getExportLinks(): exporter.ExportLink[] {
  return rpc((env) => exporter.exportLinks(env));
}

/** 调度通报 → 打开通报草稿: the sidebar; it asks for the open draft (or a new one) through bulletinOpen. */
export function showBulletin(): void {
  showBulletinSidebar();
}

export function bulletinOpen() {
  return rpc((env) => bulletin.openBulletin(env));
}

export function bulletinSave(id: string, version: number, sections: Record<string, string>) {
  return rpc((env) => bulletin.saveBulletin(env, String(id), Number(version), sections ?? {}));
}

export function bulletinRefresh(id: string, version: number) {
  return rpc((env) => bulletin.refreshBulletin(env, String(id), Number(version)));
}

export function bulletinIssue(id: string, version: number, deliver: boolean) {
  return rpc((env) => bulletin.issueBulletin(env, String(id), Number(version), deliver === true));
}

export function bulletinDocument(id: string) {
  return rpc((env) => bulletin.bulletinDocument(env, String(id)));
}

/** 举报: the open public reports of the clerk's subdistrict into the 举报 sheet. */
export function pullReports() {
  return action((env) => reports.pullReports(env));
}

/** 举报: sends the 处理结果 filled in the 举报 sheet (转巡查, 新增疑似排口, 答复并关闭). */
export function sendReportTriage() {
  return action((env) => reports.sendTriage(env));
}

/** 树标立牌: every signboard of the clerk's subdistrict in a dialog, ready to print. */
export function showSignboards(): void {
  const page = action((env) => reports.signboardsPage(env));
  if (typeof page !== "string") return;
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(page).setWidth(1000).setHeight(700), "排污口 · 标志牌");
}

/** 巡查记录: the patrol sheet with its dropdowns (rows already typed are kept). */
export function openPatrols() {
  return action((env) => supervision.openPatrolSheet(env));
}

/** 巡查记录: sends each row not yet 已记录, once (its idempotency key is kept in a hidden column). */
export function pushPatrols() {
  return action((env) => supervision.pushPatrols(env));
}

/** 督导交办: the tasks assigned to the caller's subdistrict or department into the 督导交办 sheet. */
export function pullTasks() {
  return action((env) => supervision.pullTasks(env));
}

/** 督导交办: sends the 反馈内容 typed in the 督导交办 sheet, each once. */
export function answerTasks() {
  return action((env) => supervision.answerTasks(env));
}

/** 超期未监测: the outfalls overdue for monitoring into a sheet of their own. */
export function pullMonitoringOverdue() {
  return action((env) => supervision.pullMonitoringOverdue(env));
}
