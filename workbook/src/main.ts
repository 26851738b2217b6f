// The command line: `npm run workbook -- <command> <file.xlsx> [options]`. Parses the arguments, runs the
// command, prints its lines (progress on stderr) and returns the exit code: 0 done, 3 done but rows need
// attention, 1 failed (a Chinese message on stderr), 2 wrong usage.
import { type CommandName, type CommandOptions, runCommand } from "./commands.js";
import { exportMain } from "./export.js";

export const USAGE = `排污口台账 · Excel/WPS 工作簿工具

用法：npm run workbook -- <命令> <工作簿.xlsx> [选项]

命令：
  pull <文件>                 拉取本街道台账（文件不存在时新建；以后只拉取有变化的）
  push <文件>                 推送新增和修改过的行，再按行序办理「办理」表中的步骤
  photos <文件> <文件夹>      上传文件夹中的照片（文件名：临时编号_槽位[_序号].jpg，如 GS-0001_整治后.jpg）
  take-theirs <文件> --rows 5,7   冲突：采用服务器版本（行号为「排污口台账」中的行号）
  keep-mine <文件> --rows 5,7     冲突：保留我的修改（以服务器最新版本为基础重新推送）
  whoami [文件]               显示台账系统认出的您（/v1/me）
  export --layout <格式>      导出省平台台账（provincial）、保留清单（retained）或方案清单（lists），同 npm run export
  login [--api <地址>]        保存个人令牌（粘贴；存于本人配置目录，不写进工作簿），以后的命令自动使用
  login --browser             在浏览器中用本区统一身份认证登录，自动创建并保存个人令牌（90 天）

选项：
  --api <地址>        台账接口地址（或环境变量 LEDGER_API_URL）；会记在工作簿里，下次不用再填
  --token <凭证>      登录凭证（或环境变量 LEDGER_TOKEN，或 login 保存的个人令牌）；命令行给出的不会保存
  --full              pull：全部重新拉取（补回在工作簿中删掉的行）
  --rows <行号>       take-theirs / keep-mine：要处理的行，逗号分隔
  --all               take-theirs / keep-mine：处理「冲突」表中的全部冲突
  --subdistrict <键>  未绑定街道的账号（区治水办、监管部门）：要拉取的街道，如 kaixuan

退出码：0 完成；3 完成，但有需要处理的行（有误、冲突、未发送）；1 出错；2 用法不对`;

const COMMANDS: readonly CommandName[] = ["pull", "push", "photos", "take-theirs", "keep-mine", "whoami", "login"];

export class UsageError extends Error {}

export function parseArgs(argv: string[]): { command: CommandName; options: CommandOptions } {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") throw new UsageError("");
  if (!COMMANDS.includes(command as CommandName)) throw new UsageError(`未知命令「${command}」`);
  const options: CommandOptions = {};
  const value = (i: number, flag: string) => {
    const v = rest[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} 后面缺少值`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    switch (arg) {
      case "--api":
        options.api = value(i++, arg);
        break;
      case "--token":
        options.token = value(i++, arg);
        break;
      case "--subdistrict":
        options.subdistrict = value(i++, arg);
        break;
      case "--rows": {
        const text = value(i++, arg);
        const rows = text.split(/[,，、\s]+/).filter(Boolean).map(Number);
        if (!rows.length || rows.some((r) => !Number.isInteger(r) || r < 2)) throw new UsageError(`--rows 应为台账中的行号（从 2 开始），用逗号分隔，如 --rows 5,7；收到「${text}」`);
        options.rows = rows;
        break;
      }
      case "--full":
        options.full = true;
        break;
      case "--all":
        options.all = true;
        break;
      case "--browser":
        options.browser = true;
        break;
      case "--issuer":
        options.issuer = value(i++, arg);
        break;
      default:
        if (arg.startsWith("--")) throw new UsageError(`未知选项「${arg}」`);
        if (options.file && command === "photos" && !options.folder) {
          options.folder = arg;
          break;
        }
        if (options.file) throw new UsageError(`多余的参数「${arg}」（文件名含空格时请加引号）`);
        options.file = arg;
    }
  }
  if (command === "photos" && !options.folder) throw new UsageError("请指定照片文件夹，例如：npm run workbook -- photos 台账.xlsx 照片");
  if (command !== "whoami" && command !== "login" && !options.file) throw new UsageError(`请指定工作簿文件，例如：npm run workbook -- ${command} 台账.xlsx`);
  return { command: command as CommandName, options };
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function main(argv: string[], io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  // No workbook file: the export downloads a file of its own (export.ts).
  if (argv[0] === "export") return exportMain(argv.slice(1), io);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) io.err(`错误：${error.message}\n`);
      io.err(USAGE);
      return error.message ? 2 : 0;
    }
    throw error;
  }
  try {
    const result = await runCommand(parsed.command, { ...parsed.options, progress: io.err });
    for (const line of result.lines) io.out(line);
    return result.exitCode;
  } catch (error) {
    io.err(`错误：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
