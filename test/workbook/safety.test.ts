// What protects the clerk's file and says what went wrong: the lock file, the atomic save with its backup,
// Chinese messages for bad input (missing file, wrong format, wrong API address, 401/403), and the CLI as a
// child process with its exit codes.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pullCommand, pushCommand, whoamiCommand } from "../../workbook/src/commands.js";
import { main } from "../../workbook/src/main.js";
import { api, seed, tokenFor } from "../addon/helpers.js";
import { as, editCells, ledgerRows, readBook, removeTempWorkbooks, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.jiubao@addon.test";
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "workbook", "--", ...args], { cwd: ROOT, env: { ...process.env, LEDGER_API_URL: "", LEDGER_TOKEN: "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the workbook's safety and error messages (九堡街道)", () => {
  const file = tempWorkbook("九堡台账.xlsx");
  let seeded: any[];

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    // Prepare: a pulled workbook of 5 outfalls
    seeded = await seed(CLERK, "jiubao", 5);
    await pullCommand(await as(CLERK, file));
  });

  it("refuses a push while the lock file is held, and takes over a stale one", async () => {
    // Prepare: another run holds the lock; the clerk has an edit to push
    const row = ledgerRows(await readBook(file))[0]!;
    await editCells(file, [[row.row, "plan", "加装截流设施"]]);
    const before = readFileSync(file);
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 4242, host: "wps-pc", user: "同事", since: new Date().toISOString() }));
    // Act
    const refused = pushCommand(await as(CLERK, file));
    // Assess
    await expect(refused).rejects.toThrow(/正在被另一个拉取或推送使用（同事，电脑 wps-pc，进程 4242/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect((await api("GET", `/v1/outfalls/${String(row.get("_id"))}`, CLERK)).body.version).toBe(1);

    // Prepare: the holder crashed 11 minutes ago
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(`${file}.lock`, old, old);
    // Act
    const result = await pushCommand(await as(CLERK, file));
    // Assess
    expect(result.push).toMatchObject({ rows: 1, saved: 1 });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("leaves the previous file intact when the save is interrupted; the next push recovers without writing twice", async () => {
    // Prepare
    const row = ledgerRows(await readBook(file))[1]!;
    const id = String(row.get("_id"));
    await editCells(file, [[row.row, "plan", "雨污分流"]]);
    const before = readFileSync(file);
    const failingRename = () => {
      throw Object.assign(new Error("simulated crash while renaming"), { code: "EIO" });
    };
    // Act
    const interrupted = pushCommand(await as(CLERK, file, { save: { rename: failingRename } }));
    // Assess
    await expect(interrupted).rejects.toThrow(/保存工作簿失败（simulated crash while renaming）。原文件未被改动/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.saving`)).toBe(false);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect((await api("GET", `/v1/outfalls/${id}`, CLERK)).body).toMatchObject({ version: 2, plan: "雨污分流" });

    // Act: the same push again gets the first answer back (same idempotency key)
    const again = await pushCommand(await as(CLERK, file));
    // Assess
    expect(again.push).toMatchObject({ rows: 1, saved: 1, conflict: 0 });
    expect(rowVersion(await readBook(file), id)).toBe(2);
    const history = (await api("GET", `/v1/outfalls/${id}/history`, CLERK)).body;
    expect((history.items ?? history).length).toBe(2);
  });

  it("says in Chinese what is wrong with the file, the address or the token", async () => {
    // Prepare
    const options = await as(CLERK, file);
    const corrupt = tempWorkbook("坏文件.xlsx");
    writeFileSync(corrupt, "这不是一个 xlsx 文件");
    // Act + Assess
    await expect(pushCommand({ ...options, file: tempWorkbook("没有.xlsx") })).rejects.toThrow(/^找不到工作簿文件：.*没有\.xlsx/);
    await expect(pullCommand({ ...options, file: tempWorkbook("旧格式.xls") })).rejects.toThrow(/只支持 \.xlsx 工作簿.*另存为/);
    await expect(pullCommand({ ...options, file: corrupt })).rejects.toThrow(/无法读取工作簿「坏文件\.xlsx」：它不是有效的 \.xlsx 文件/);
    await expect(pullCommand({ ...options, token: "" })).rejects.toThrow(/缺少登录凭证：请先运行「npm run workbook -- login」/);
    await expect(pullCommand({ ...options, file: tempWorkbook(), api: "ftp://example.com" })).rejects.toThrow(/接口地址应以 https:\/\/ 开头/);
    await expect(whoamiCommand({ ...options, file: undefined, api: `${inject("addonApiUrl")}/wrong` })).rejects.toThrow(/接口地址不对（404）/);
    await expect(pushCommand({ ...options, token: "not-a-token" })).rejects.toThrow(/登录凭证无效、已过期或已撤销（401）/);
    await expect(whoamiCommand({ ...options, file: undefined, token: await tokenFor("stranger@addon.test") })).rejects.toThrow(/403/);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("runs as a command line: whoami with the remembered address, exit codes 0, 1 and 2", async () => {
    // Prepare
    const token = await tokenFor(CLERK);
    // Act
    const ok = await cli(["whoami", file], { LEDGER_TOKEN: token });
    const failed = await cli(["push", join(file, "..", "不存在.xlsx"), "--token", token]);
    const usage: string[] = [];
    const code = await main(["take-theirs", file, "--rows", "abc"], { out: (l) => usage.push(l), err: (l) => usage.push(l) });
    // Assess
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`邮箱：${CLERK}`);
    expect(ok.stdout).toContain("角色：街道经办人");
    expect(ok.stdout).toContain("街道：九堡街道");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/错误：找不到工作簿文件/);
    expect(code).toBe(2);
    expect(usage.join("\n")).toMatch(/--rows 应为台账中的行号/);
    expect(seeded).toHaveLength(5);
  });
});

function rowVersion(book: Awaited<ReturnType<typeof readBook>>, id: string): unknown {
  return ledgerRows(book).find((r) => r.get("_id") === id)?.get("_version");
}
