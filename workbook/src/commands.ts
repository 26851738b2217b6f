// The workbook tool's commands, callable in-process (the tests) or from cli.ts. Each file command takes the
// workbook's lock file, loads the workbook, runs the add-on's engine (sheets-addon/src/core/engine.ts) on it
// unchanged, and saves it atomically. The token is used for the run only and never written to the workbook.
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  type PullSummary,
  type PushSummary,
  type ResolveSummary,
  SETTING_API_URL,
  SETTING_SUBDISTRICT,
  UserError,
  listConflicts,
  normalizeApiUrl,
  pull,
  push,
  resolveConflicts,
  selectedIds,
} from "../../sheets-addon/src/core/engine.js";
import { WorkbookEnv, readEnv } from "../../functions/src/env.js";
import { Api, ApiError } from "../../sheets-addon/src/core/http.js";
import { NOTE_INVALID } from "../../sheets-addon/src/core/marks.js";
import type { Env, Tuning } from "../../sheets-addon/src/core/ports.js";
import { LEDGER_SHEET } from "../../sheets-addon/src/core/tables.js";
import type { Me } from "../../sheets-addon/src/core/types.js";
import { PrintingUi, nodeClock, nodeHttp, workbookEnv } from "./env.js";
import { PHOTO_REPORT, type PhotosSummary, uploadFolder } from "./steps/photos.js";
import { type StepsSummary, idsByTempId, runSteps } from "./steps/run.js";
import { ensureStepSheet } from "./steps/sheet.js";
import { credentialsPath, readCredentials } from "./credentials.js";
import { loginCommand } from "./login.js";
import { type PatrolSummary, ensurePatrolSheet, runPatrols } from "./steps/patrol-sheet.js";
import { type TaskAnswerSummary, answerTasks, ensureTaskSheet, pullTasks } from "./steps/task-sheet.js";
import { SyncHttpClient } from "./sync-http.js";
import { type SaveOptions, checkWorkbookPath, loadWorkbook, saveWorkbook } from "./xlsx/file.js";
import { FileLock } from "./xlsx/lock.js";
import { XlsxWorkbook } from "./xlsx/workbook.js";

export type CommandName = "pull" | "push" | "photos" | "take-theirs" | "keep-mine" | "whoami" | "login";

export interface CommandOptions {
  file?: string;
  /** --api: saved into the workbook (replacing the address it remembers). */
  api?: string;
  /** --token (never saved). */
  token?: string;
  /** pull --full: everything, restoring rows deleted in the workbook. */
  full?: boolean;
  /** take-theirs / keep-mine: ledger row numbers as Excel shows them. */
  rows?: number[];
  /** photos: the folder of photos named <临时编号>_<槽位>[_n].<ext>. */
  folder?: string;
  /** take-theirs / keep-mine: every conflict listed in the 冲突 sheet. */
  all?: boolean;
  /** For users not bound to a subdistrict (coordinators, departments): the subdistrict to pull. */
  subdistrict?: string;
  /** login --browser: sign in at the provider and create a personal token, instead of pasting one. */
  browser?: boolean;
  /** login --issuer: which provider (default the first that GET /sign-in lists). */
  issuer?: string;
  /** Where LEDGER_API_URL and LEDGER_TOKEN are read (process.env by default). */
  environment?: Record<string, string | undefined>;
  /** Progress lines while the command runs (stderr in the CLI). */
  progress?: (line: string) => void;
  save?: SaveOptions;
  tuning?: Partial<Tuning>;
}

export interface CommandResult {
  /** 0: done; 3: done, but rows need the clerk's attention (invalid, conflicts, not sent). */
  exitCode: number;
  lines: string[];
  pull?: PullSummary;
  push?: PushSummary;
  resolve?: ResolveSummary;
  me?: Me;
  apiUrl?: string;
  steps?: StepsSummary;
  patrols?: PatrolSummary;
  answers?: TaskAnswerSummary;
  photos?: PhotosSummary;
}

export const CLI = "npm run workbook --";
const ATTENTION = 3;

/** LEDGER_API_URL and LEDGER_TOKEN (checked by the schema in functions/src/env.ts), else the credentials
 *  saved by `login` in the user's profile (credentials.ts). */
export function environment(options: CommandOptions) {
  const env = readEnv(WorkbookEnv, options.environment ?? process.env);
  const saved = readCredentials(credentialsPath(options.environment ?? process.env));
  return { ...env, LEDGER_TOKEN: env.LEDGER_TOKEN ?? saved?.token, LEDGER_API_URL: env.LEDGER_API_URL ?? saved?.apiUrl };
}

function tokenOf(options: CommandOptions): string {
  const token = (options.token ?? environment(options).LEDGER_TOKEN ?? "").trim();
  if (!token) throw new UserError(`缺少登录凭证：请先运行「${CLI} login」保存个人令牌，或用 --token <凭证> / 环境变量 LEDGER_TOKEN 提供（凭证不会保存在工作簿里）`);
  return token;
}

function fileOf(options: CommandOptions): string {
  if (!options.file) throw new UserError(`请指定工作簿文件，例如：${CLI} pull 台账.xlsx`);
  const file = resolve(options.file);
  checkWorkbookPath(file);
  return file;
}

/** The errors a clerk of the workbook tool can act on (the engine's texts speak of the add-on's menus). */
export function friendlyMessage(error: unknown, apiUrl = ""): string {
  if (error instanceof ApiError) {
    if (error.status === 401) {
      const why = error.violations[0]?.message;
      return `登录凭证无效、已过期或已撤销（401）：${why ? `${why}。` : ""}请新建个人令牌后运行「${CLI} login」保存（或用 --token / LEDGER_TOKEN 提供）`;
    }
    if (error.status === 404) return `接口地址不对（404）：${apiUrl || "该地址"} 不是台账接口。请核对 --api 的地址（向管理员索取，不含 /v1）`;
    if (error.status === 403) return `${error.message}。如账号尚未开通或街道不对，请联系区治水办（河长办）`;
  }
  if (error instanceof UserError || error instanceof ApiError) return error.message;
  return `工作簿工具出错：${error instanceof Error ? error.message : String(error)}`;
}

/** --api (saved), else the address the workbook remembers, else LEDGER_API_URL (then saved). */
function applyApiUrl(env: Env, options: CommandOptions): string {
  const given = options.api ?? "";
  const fromEnvironment = environment(options).LEDGER_API_URL ?? "";
  const saved = env.documentSettings.get(SETTING_API_URL);
  if (given.trim()) env.documentSettings.set(SETTING_API_URL, normalizeApiUrl(given));
  else if (!saved && fromEnvironment.trim()) env.documentSettings.set(SETTING_API_URL, normalizeApiUrl(fromEnvironment));
  const url = env.documentSettings.get(SETTING_API_URL);
  if (!url) throw new UserError("还没有设置台账接口地址：请用 --api <地址> 或环境变量 LEDGER_API_URL 提供（向管理员索取）。地址会记在工作簿里，下次不用再填");
  if (options.subdistrict !== undefined) {
    if (options.subdistrict) env.documentSettings.set(SETTING_SUBDISTRICT, options.subdistrict);
    else env.documentSettings.remove(SETTING_SUBDISTRICT);
  }
  return url;
}

interface Run {
  env: Env;
  book: XlsxWorkbook;
  ui: PrintingUi;
  apiUrl: string;
  token: string;
}

/** Lock → load → run the engine → save → unlock. Nothing is saved when the run fails. */
async function withWorkbook(
  options: CommandOptions,
  create: boolean,
  run: (r: Run) => (Omit<CommandResult, "lines"> & { lines?: string[] }) | Promise<Omit<CommandResult, "lines"> & { lines?: string[] }>,
): Promise<CommandResult> {
  const file = fileOf(options);
  const token = tokenOf(options);
  if (!existsSync(dirname(file))) throw new UserError(`文件夹不存在：${dirname(file)}`);
  if (!create && !existsSync(file)) throw new UserError(`找不到工作簿文件：${file}。请先用「pull」拉取台账生成它，或检查文件路径`);
  const lock = new FileLock(`${file}.lock`);
  if (!lock.tryLock(0)) {
    const h = lock.holder();
    const who = h ? `（${[h.user, h.host && `电脑 ${h.host}`, h.pid && `进程 ${h.pid}`].filter(Boolean).join("，")}${h.since ? `，开始于 ${new Date(h.since).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}` : ""}）` : "";
    throw new UserError(
      `工作簿「${basename(file)}」正在被另一个拉取或推送使用${who}，本次没有执行。请等它完成后再试；` +
        `如确认没有其他操作在进行，锁文件 ${basename(lock.path)} 在 10 分钟后自动失效，也可以手动删除它`,
    );
  }
  const client = new SyncHttpClient();
  let apiUrl = "";
  try {
    const workbook = await loadWorkbook(file, { create });
    const book = new XlsxWorkbook(workbook);
    const ui = new PrintingUi(options.progress ?? (() => {}));
    const env = workbookEnv({ workbook: book, client, lock, token, ui, ...(options.tuning ? { tuning: options.tuning } : {}) });
    apiUrl = applyApiUrl(env, options);
    const result = await run({ env, book, ui, apiUrl, token });
    const saved = await saveWorkbook(workbook, file, options.save);
    const lines = [...(result.lines ?? []), `已保存：${file}${saved.backup ? `（上一版本备份为 ${basename(saved.backup)}）` : ""}`];
    return { ...result, lines, apiUrl };
  } catch (error) {
    throw new UserError(friendlyMessage(error, apiUrl));
  } finally {
    lock.release();
    await client.close();
  }
}

export async function pullCommand(options: CommandOptions): Promise<CommandResult> {
  return withWorkbook(options, true, async ({ env, book, ui, apiUrl, token }) => {
    const summary = pull(env, { full: options.full === true });
    ensureStepSheet(book.book);
    ensurePatrolSheet(book.book);
    const tasks = await pullTasks({ apiUrl, token }, ensureTaskSheet(book.book));
    const taskLine = tasks ? [`督导交办事项 ${tasks} 项，见「交办」表`] : [];
    return { exitCode: 0, pull: summary, lines: [...ui.messages, `本街道共 ${countSynced(env)} 个排污口在工作簿中`, ...taskLine] };
  });
}

function countSynced(env: Env): number {
  const ledger = env.workbook.ledger(false);
  if (!ledger) return 0;
  const header = ledger.readHeader();
  const idColumn = header.notes.findIndex((n) => /^字段：_id\b/.test(n ?? ""));
  if (idColumn < 0) return 0;
  return new Set(ledger.read(idColumn + 1).values.map((r) => String(r[idColumn] ?? "").trim()).filter(Boolean)).size;
}

/** The cells the push marked invalid, and the conflicts waiting in 冲突, as lines a clerk can act on. */
function attentionLines(env: Env, file: string): string[] {
  const lines: string[] = [];
  const ledger = env.workbook.ledger(false);
  if (ledger) {
    const header = ledger.readHeader();
    const grid = ledger.read(header.labels.length);
    const invalid: string[] = [];
    grid.notes.forEach((notes, i) =>
      notes.forEach((note, c) => {
        if (note?.startsWith(NOTE_INVALID)) invalid.push(`  第 ${grid.firstRow + i} 行「${String(header.labels[c] ?? "")}」：${note.slice(NOTE_INVALID.length)}`);
      }),
    );
    if (invalid.length) {
      lines.push("有误的单元格（已标红并加批注，改正后再推送）：", ...invalid.slice(0, 30));
      if (invalid.length > 30) lines.push(`  ……另有 ${invalid.length - 30} 处，见工作簿中的批注`);
    }
  }
  const conflicts = listConflicts(env);
  if (conflicts.length) {
    lines.push("冲突（您的修改未保存，也没有覆盖别人的修改；详见「冲突」表）：");
    for (const c of conflicts) {
      const diffs = c.diffs.map((d) => `${d.label}：我的「${d.mine}」，服务器「${d.theirs}」`).join("；");
      lines.push(`  第 ${c.row} 行 ${c.tempId} ${c.name}（服务器第 ${c.serverVersion} 版，${c.updatedBy} 修改）${diffs ? `：${diffs}` : ""}`);
    }
    const rows = conflicts.map((c) => c.row).join(",");
    lines.push(`处理冲突：${CLI} take-theirs "${basename(file)}" --rows ${rows}（采用服务器版本）`);
    lines.push(`       或 ${CLI} keep-mine "${basename(file)}" --rows ${rows}（保留我的修改）`);
  }
  return lines;
}

/** The one closing summary: every row sent is counted once, and the counts add up to the rows sent. */
export function closingLine(s: PushSummary, steps?: StepsSummary): string {
  const parts = [`新增 ${s.created} 行`, `保存 ${s.saved} 行`, `无变化 ${s.unchanged} 行`, `有误 ${s.invalid} 行`, `冲突 ${s.conflict} 行`];
  if (s.forbidden) parts.push(`无权修改 ${s.forbidden} 行`);
  if (s.failed) parts.push(`发送失败 ${s.failed} 行`);
  if (s.notSent) parts.push(`未发送 ${s.notSent} 行`);
  if (s.lost) parts.push(`推送后找不到 ${s.lost} 行`);
  const fields = s.rows ? `推送结果：共 ${s.rows} 行（${parts.join("，")}）` : "推送结果：没有需要推送的修改";
  const stepPart = steps?.sent ? `；办理 ${steps.sent} 步（已办理 ${steps.done}，未通过 ${steps.refused}，见「办理」表）` : "";
  return fields + stepPart;
}

const needsAttention = (s: PushSummary) => s.invalid + s.conflict + s.forbidden + s.failed + s.notSent + s.lost > 0;

export async function pushCommand(options: CommandOptions): Promise<CommandResult> {
  const file = options.file ?? "";
  return withWorkbook(options, false, async ({ env, book, ui, apiUrl, token }) => {
    // Field edits first, so that a step sees the record as the clerk edited it; then the 办理 sheet's steps.
    const summary = push(env);
    const sheet = ensureStepSheet(book.book);
    const steps = await runSteps({ apiUrl, token }, book.book, sheet, options.progress);
    // Then the 巡查 sheet's patrols (each written once, whatever the number of pushes).
    const patrols = await runPatrols({ apiUrl, token }, idsByTempId(book.book), ensurePatrolSheet(book.book));
    // And the answers to assigned tasks typed in the 交办 sheet.
    const answers = await answerTasks({ apiUrl, token }, ensureTaskSheet(book.book));
    const attention = needsAttention(summary) || steps.refused > 0 || patrols.refused > 0 || answers.refused > 0;
    const patrolLine = [
      ...(patrols.sent ? [`巡查记录 ${patrols.sent} 条（已记录 ${patrols.done}，未通过 ${patrols.refused}，见「巡查」表）`] : []),
      ...(answers.sent ? [`交办反馈 ${answers.sent} 项（已反馈 ${answers.done}，未通过 ${answers.refused}，见「交办」表）`] : []),
    ];
    return {
      exitCode: attention ? ATTENTION : 0,
      push: summary,
      steps,
      patrols,
      answers,
      lines: [...ui.messages.filter((m) => m !== summary.message), ...attentionLines(env, file), closingLine(summary, steps), ...patrolLine],
    };
  });
}

/** photos <file> <folder>: the workbook is read for the temp ids (and not changed). */
export async function photosCommand(options: CommandOptions): Promise<CommandResult> {
  if (!options.folder) throw new UserError(`请指定照片文件夹，例如：${CLI} photos 台账.xlsx 照片`);
  const folder = resolve(options.folder);
  if (!existsSync(folder)) throw new UserError(`照片文件夹不存在：${folder}`);
  return withWorkbook(options, false, async ({ book, apiUrl, token }) => {
    const ids = idsByTempId(book.book);
    const summary = await uploadFolder({ apiUrl, token }, ids, folder, options.progress);
    const lines = [`照片上传：共 ${summary.files} 个文件，上传 ${summary.uploaded}，已上传过（跳过）${summary.skipped}，未通过 ${summary.refused.length}`];
    for (const r of summary.refused) lines.push(`  ${r.file}：${r.rule ? `【${r.rule}】` : ""}${r.message}`);
    if (summary.refused.length) lines.push(`未通过的文件已列在 ${join(folder, PHOTO_REPORT)}`);
    return { exitCode: summary.refused.length ? ATTENTION : 0, photos: summary, lines };
  });
}

export async function resolveCommand(choice: "theirs" | "mine", options: CommandOptions): Promise<CommandResult> {
  const file = options.file ?? "";
  if (!options.all && !options.rows?.length) {
    throw new UserError(`请用 --rows 指定台账中的行号（如 --rows 5,7，见「冲突」表的「台账行号」列），或用 --all 处理全部冲突`);
  }
  return withWorkbook(options, false, ({ env, book, ui }) => {
    let ids: string[];
    if (options.all) {
      ids = listConflicts(env).map((c) => c.id);
      if (!ids.length) throw new UserError("「冲突」表中没有待处理的冲突");
    } else {
      book.select(LEDGER_SHEET, options.rows!);
      ids = selectedIds(env);
      if (!ids.length) throw new UserError(`第 ${options.rows!.join("、")} 行不是已同步的排污口（没有系统编号），无法处理冲突`);
    }
    const summary = resolveConflicts(env, ids, choice);
    const lines = [...ui.messages.filter((m) => m !== summary.message && m !== summary.push?.message), summary.message];
    if (summary.push) lines.push(...attentionLines(env, file), closingLine(summary.push));
    const attention = summary.missing.length > 0 || (summary.push ? needsAttention(summary.push) : false);
    return { exitCode: attention ? ATTENTION : 0, resolve: summary, lines };
  });
}

/** Who the API takes the token for. The address: --api, else the workbook's (when a file is given), else LEDGER_API_URL. */
export async function whoamiCommand(options: CommandOptions): Promise<CommandResult> {
  const token = tokenOf(options);
  let url = options.api?.trim() ?? "";
  if (!url && options.file) {
    const book = new XlsxWorkbook(await loadWorkbook(fileOf(options), { create: false }));
    url = book.settings.get(SETTING_API_URL) ?? "";
  }
  url ||= environment(options).LEDGER_API_URL ?? "";
  if (!url) throw new UserError("还没有设置台账接口地址：请用 --api <地址> 或环境变量 LEDGER_API_URL 提供（向管理员索取）");
  const baseUrl = normalizeApiUrl(url);
  const client = new SyncHttpClient();
  try {
    const api = new Api({ baseUrl, token: () => token, http: nodeHttp(client), clock: nodeClock, ...(options.tuning?.retry ? { retry: options.tuning.retry } : {}) });
    const me = api.me();
    const lines = [
      `接口地址：${baseUrl}`,
      `邮箱：${me.email}`,
      ...(me.name ? [`姓名：${me.name}`] : []),
      `角色：${me.roleLabel}`,
      ...(me.subdistrictName ? [`街道：${me.subdistrictName}`] : []),
      ...(me.departmentName ? [`部门：${me.departmentName}`] : []),
    ];
    return { exitCode: 0, lines, me, apiUrl: baseUrl };
  } catch (error) {
    throw new UserError(friendlyMessage(error, baseUrl));
  } finally {
    await client.close();
  }
}

export async function runCommand(name: CommandName, options: CommandOptions): Promise<CommandResult> {
  switch (name) {
    case "pull":
      return pullCommand(options);
    case "push":
      return pushCommand(options);
    case "photos":
      return photosCommand(options);
    case "take-theirs":
      return resolveCommand("theirs", options);
    case "keep-mine":
      return resolveCommand("mine", options);
    case "whoami":
      return whoamiCommand(options);
    case "login":
      return loginCommand(options);
  }
}
