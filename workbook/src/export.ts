// `npm run export -- --layout provincial [--format csv] [--out 文件] [--subdistrict 街道] [--kind 清单]`:
// downloads GET /v1/exports/{layout} to a file, following the download link the API gives for large files.
// The address and token come like the workbook tool's: --api / LEDGER_API_URL, --token / LEDGER_TOKEN.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { WorkbookEnv, readEnv } from "../../functions/src/env.js";
import { normalizeApiUrl } from "../../sheets-addon/src/core/settings.js";

export const EXPORT_USAGE = `排污口台账 · 导出

用法：npm run export -- --layout <格式> [选项]

格式：
  provincial   省平台（浙里碧水/浙里蓝海）台账：全部排污口（非排污口除外），列见 functions/reference/exports/provincial.json
  retained     省平台保留清单：已保留的排污口，列见 functions/reference/exports/retained.json
  lists        方案清单：问题、保留、销号、逾期、过渡期、非排污口、责任主体、管理主体清单，每张清单一个工作表

选项：
  --format <xlsx|csv>   默认 xlsx（带标题行、填报单位和导出日期）；csv 为 UTF-8（带 BOM），只有表头和数据
  --out <文件>          保存到的文件；默认用服务器给的中文文件名，存在当前文件夹
  --subdistrict <街道>  只导出一个街道（区治水办、监管部门）；街道经办人只能导出本街道
  --kind <清单>         lists：要导出的清单，逗号分隔（如 retained,problems）；csv 只能一张
  --inventory <清单>    outfall（排污口清单）或 stormwater（城镇雨洪排口清单）
  --delivery link       经下载链接取得文件（超过 4 MB 的文件总是如此）
  --api <地址>          台账接口地址（或环境变量 LEDGER_API_URL）
  --token <凭证>        登录凭证（或环境变量 LEDGER_TOKEN）

退出码：0 完成；1 出错；2 用法不对`;

export interface ExportOptions {
  layout?: string;
  format?: string;
  out?: string;
  subdistrict?: string;
  kind?: string;
  inventory?: string;
  delivery?: string;
  api?: string;
  token?: string;
}

export class ExportUsageError extends Error {}

const FLAGS: Record<string, keyof ExportOptions> = {
  "--layout": "layout",
  "--format": "format",
  "--out": "out",
  "--subdistrict": "subdistrict",
  "--kind": "kind",
  "--inventory": "inventory",
  "--delivery": "delivery",
  "--api": "api",
  "--token": "token",
};

export function parseExportArgs(argv: string[]): ExportOptions {
  if (!argv.length || argv.includes("--help") || argv.includes("-h")) throw new ExportUsageError("");
  const options: ExportOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const key = FLAGS[flag];
    if (!key) throw new ExportUsageError(`未知选项「${flag}」`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new ExportUsageError(`${flag} 后面缺少值`);
    options[key] = value;
    i++;
  }
  if (!options.layout) throw new ExportUsageError("请用 --layout 指定导出格式，如 --layout provincial");
  if (options.format && !["xlsx", "csv"].includes(options.format)) throw new ExportUsageError(`--format 应为 xlsx 或 csv，收到「${options.format}」`);
  return options;
}

export interface ExportOutcome {
  path: string;
  bytes: number;
  viaLink: boolean;
}

/** The name in Content-Disposition (RFC 5987 filename* first). */
export function dispositionName(header: string | null): string | undefined {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? "");
  if (star) return decodeURIComponent(star[1]!);
  return /filename="([^"]+)"/i.exec(header ?? "")?.[1];
}

async function problemText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { detail?: string; errors?: { message: string }[] };
    return body.errors?.map((e) => e.message).join("；") || body.detail || text;
  } catch {
    return text;
  }
}

export async function runExport(options: ExportOptions, environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<ExportOutcome> {
  const env = readEnv(WorkbookEnv, environment);
  const given = options.api ?? env.LEDGER_API_URL ?? "";
  if (!given.trim()) throw new Error("还没有设置台账接口地址：请用 --api <地址> 或环境变量 LEDGER_API_URL 提供（向管理员索取）");
  const api = normalizeApiUrl(given);
  const token = (options.token ?? env.LEDGER_TOKEN ?? "").trim();
  if (!token) throw new Error("缺少登录凭证：请用 --token <凭证> 或环境变量 LEDGER_TOKEN 提供（向管理员索取）");
  const query = new URLSearchParams();
  for (const key of ["format", "subdistrict", "kind", "inventory", "delivery"] as const) if (options[key]) query.set(key, options[key]!);
  const url = `${api}/v1/exports/${encodeURIComponent(options.layout!)}${query.size ? `?${query}` : ""}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) throw new Error("登录凭证无效或已过期（401）：请向管理员索取新的凭证，用 --token 或环境变量 LEDGER_TOKEN 提供");
  if (res.status === 404) throw new Error(`接口地址不对（404）：${api} 不是台账接口。请核对 --api 的地址（不含 /v1）`);
  if (!res.ok) throw new Error(`${await problemText(res)}（${res.status}）`);
  let name = dispositionName(res.headers.get("content-disposition"));
  let body: Uint8Array;
  let viaLink = false;
  if ((res.headers.get("content-type") ?? "").startsWith("application/json")) {
    // A file too large for an API answer: the API left it in storage behind a short-lived link.
    const { download } = (await res.json()) as { download: { url: string; fileName: string } };
    const file = await fetch(download.url);
    if (!file.ok) throw new Error(`下载导出文件失败（${file.status}），请重试`);
    body = new Uint8Array(await file.arrayBuffer());
    name = download.fileName;
    viaLink = true;
  } else body = new Uint8Array(await res.arrayBuffer());
  const path = resolve(cwd, options.out ?? (name ?? `export.${options.format ?? "xlsx"}`).replace(/[/\\]/g, "_"));
  await writeFile(path, body);
  return { path, bytes: body.byteLength, viaLink };
}

export async function exportMain(argv: string[], io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) }): Promise<number> {
  let options: ExportOptions;
  try {
    options = parseExportArgs(argv);
  } catch (error) {
    if (!(error instanceof ExportUsageError)) throw error;
    if (error.message) io.err(`错误：${error.message}\n`);
    io.err(EXPORT_USAGE);
    return error.message ? 2 : 0;
  }
  try {
    const done = await runExport(options);
    io.out(`已导出：${done.path}（${done.bytes} 字节${done.viaLink ? "，文件较大，经下载链接取得" : ""}）`);
    return 0;
  } catch (error) {
    io.err(`错误：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
