import { describe, expect, it } from "vitest";
import { importMain, parseImportArgs, progressBar } from "../../workbook/src/import/cli.js";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
};

describe("npm run import: arguments", () => {
  it("reads the file and the options", () => {
    expect(parseImportArgs(["台账.xlsx", "--sheet", "排口", "--mapping", "map.json", "--commit", "--report", "r.xlsx"])).toEqual({
      file: "台账.xlsx",
      sheet: "排口",
      mapping: "map.json",
      report: "r.xlsx",
      commit: true,
    });
    expect(parseImportArgs(["点位.csv", "--points", "--method", "aerial", "--water-body", "上塘河"])).toMatchObject({ points: true, method: "aerial", waterBody: "上塘河" });
  });

  it("wrong usage is answered in Chinese with exit code 2", async () => {
    for (const [argv, message] of [
      [[], "请指定要导入的旧台账文件"],
      [["a.xlsx", "--force"], "未知选项「--force」"],
      [["a.xlsx", "b.xlsx"], "多余的参数「b.xlsx」"],
      [["a.xlsx", "--sheet"], "--sheet 后面缺少值"],
    ] as const) {
      const c = capture();
      expect(await importMain([...argv], c.io)).toBe(2);
      expect(c.err[0]).toContain(message);
    }
  });

  it("without an API address or a token it says where to give them (exit 1)", async () => {
    const c = capture();
    const saved = { url: process.env.LEDGER_API_URL, token: process.env.LEDGER_TOKEN };
    delete process.env.LEDGER_API_URL;
    delete process.env.LEDGER_TOKEN;
    try {
      expect(await importMain(["a.xlsx"], c.io)).toBe(1);
      expect(c.err[0]).toContain("--api <地址> 或环境变量 LEDGER_API_URL");
      expect(await importMain(["a.xlsx", "--api", "http://localhost:1"], c.io)).toBe(1);
      expect(c.err[1]).toContain("--token <凭证> 或环境变量 LEDGER_TOKEN");
    } finally {
      if (saved.url !== undefined) process.env.LEDGER_API_URL = saved.url;
      if (saved.token !== undefined) process.env.LEDGER_TOKEN = saved.token;
    }
  });

  it("a progress bar only on a terminal", () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    progressBar(tty)(10, 20);
    progressBar(tty)(20, 20);
    progressBar({ isTTY: false } as NodeJS.WriteStream)(1, 2);
    expect(written).toEqual([`\r提交 [${"#".repeat(15)}${" ".repeat(15)}] 10/20`, `\r提交 [${"#".repeat(30)}] 20/20\n`]);
  });
});
