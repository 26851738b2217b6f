// `npm run import -- <旧台账.xlsx|xls|csv> [--sheet 名] [--mapping map.json] [--commit] [--report out.xlsx]`
// (and `npm run import -- points <文件.geojson|kml|csv> [--commit]` for level-1 survey points).
import { WorkbookEnv, readEnv } from "../../../functions/src/env.js";
import { runImport } from "./run.js";

export const IMPORT_USAGE = `排污口台账 · 旧台账导入

用法：npm run import -- <旧台账.xlsx|.xls|.csv> [选项]
      npm run import -- <一级排查点位.geojson|.kml|.csv> --points [选项]

选项：
  --sheet <名称>      要导入的工作表（默认第一个）
  --mapping <文件>    表头映射文件（JSON）；不存在时按自动识别的结果生成，改好后再运行
  --commit            提交到台账（默认只试运行，不写入）
  --report <文件>     导入报告（默认 <输入文件>.report.xlsx）
  --points            一级排查点位文件（.geojson、.kml 自动识别；.csv 需加此项）：导入为疑似排污口
  --method <方式>     点位的排查方式：remote-sensing（遥感，默认）或 aerial（航测）
  --water-body <水体> 点位没有受纳水体属性时使用的水体
  --api <地址>        台账接口地址（或环境变量 LEDGER_API_URL）
  --token <凭证>      登录凭证（或环境变量 LEDGER_TOKEN）

退出码：0 完成；3 完成，但有需要处理的行（有误、可能重复）；1 出错；2 用法不对`;

export interface ImportArgs {
  file: string;
  sheet?: string;
  mapping?: string;
  report?: string;
  commit: boolean;
  points?: boolean;
  method?: string;
  waterBody?: string;
  api?: string;
  token?: string;
}

export function parseImportArgs(argv: string[]): ImportArgs | string {
  const args: Partial<ImportArgs> & { commit: boolean } = { commit: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${arg} 后面缺少值`);
      return v;
    };
    if (arg === "--commit") args.commit = true;
    else if (arg === "--points") args.points = true;
    else if (arg === "--method") args.method = value();
    else if (arg === "--water-body") args.waterBody = value();
    else if (arg === "--sheet") args.sheet = value();
    else if (arg === "--mapping") args.mapping = value();
    else if (arg === "--report") args.report = value();
    else if (arg === "--api") args.api = value();
    else if (arg === "--token") args.token = value();
    else if (arg.startsWith("--")) return `未知选项「${arg}」`;
    else if (args.file) return `多余的参数「${arg}」（文件名含空格时请加引号）`;
    else args.file = arg;
  }
  if (!args.file) return "请指定要导入的旧台账文件";
  return args as ImportArgs;
}

/** A progress bar on a terminal, nothing otherwise. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  if (!stream.isTTY) return () => {};
  return (done, total) => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    stream.write(`\r提交 [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`);
  };
}

export async function importMain(argv: string[], io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) }): Promise<number> {
  let args: ImportArgs | string;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    args = (error as Error).message;
  }
  if (typeof args === "string") {
    io.err(`错误：${args}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const env = readEnv(WorkbookEnv, process.env);
  const api = args.api ?? env.LEDGER_API_URL;
  const token = args.token ?? env.LEDGER_TOKEN;
  if (!api) return fail(io, "还没有设置台账接口地址：请用 --api <地址> 或环境变量 LEDGER_API_URL 提供（向管理员索取）");
  if (!token) return fail(io, "缺少登录凭证：请用 --token <凭证> 或环境变量 LEDGER_TOKEN 提供（向管理员索取）");
  try {
    const result = await runImport({ ...args, api, token, progress: progressBar() });
    for (const line of result.lines) io.out(line);
    return result.rows.some((r) => r.outcome === "有误" || r.outcome === "可能重复") ? 3 : 0;
  } catch (error) {
    return fail(io, error instanceof Error ? error.message : String(error));
  }
}

function fail(io: { err: (l: string) => void }, message: string): number {
  io.err(`错误：${message}`);
  return 1;
}
