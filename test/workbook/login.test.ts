// The workbook tool with a personal token: `login` checks and saves it in the user's profile (0600, never in the
// workbook), later commands use it without --token or LEDGER_TOKEN, and a revoked token gets a Chinese message.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { pullCommand, whoamiCommand } from "../../workbook/src/commands.js";
import { loginCommand, loginPrompt } from "../../workbook/src/login.js";
import { api, seed } from "../addon/helpers.js";
import { readBook, removeTempWorkbooks, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.xiaoying@addon.test";
const profile = mkdtempSync(join(tmpdir(), "workbook-profile-"));
const retry = { retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 } };

afterAll(() => {
  removeTempWorkbooks();
  rmSync(profile, { recursive: true, force: true });
});

async function personalToken(name: string): Promise<{ id: string; secret: string }> {
  const created = await api("POST", "/v1/tokens", CLERK, { name });
  expect(created.status).toBe(201);
  return { id: created.body.token.id, secret: created.body.secret };
}

describe("the workbook tool with a personal token (小营街道)", () => {
  it("login asks for the token in Chinese, checks it, saves it for the user only; pull then needs no token", async () => {
    // Prepare
    await seed(CLERK, "xiaoying", 2);
    const { secret } = await personalToken("小营工作簿");
    const credentials = join(profile, "a", "credentials.json");
    const environment = { LEDGER_CREDENTIALS_FILE: credentials };
    const file = tempWorkbook("小营台账.xlsx");
    const asked: string[] = [];
    // Act
    const login = await loginCommand({ api: inject("addonApiUrl"), environment, tuning: retry, ask: async (q) => {
      asked.push(q);
      return secret;
    } });
    const pulled = await pullCommand({ file, environment: { ...environment, LEDGER_API_URL: inject("addonApiUrl") }, tuning: retry });
    const whoami = await whoamiCommand({ environment, tuning: retry });
    // Assess
    expect(asked[0]).toContain("请粘贴您的个人令牌");
    expect(login.lines[0]).toContain("小营经办");
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(credentials, "utf8"))).toMatchObject({ token: secret, apiUrl: inject("addonApiUrl"), email: CLERK });
    expect(pulled.exitCode).toBe(0);
    expect(pulled.pull!.added).toBeGreaterThanOrEqual(2);
    expect(whoami.me!.email).toBe(CLERK);
    const book = await readBook(file);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.some((c) => c.includes("olp_"))).toBe(false);
  });

  it("refuses a wrong token at login and saves nothing; a revoked saved token is refused with the reason", async () => {
    // Prepare
    const credentials = join(profile, "b", "credentials.json");
    const environment = { LEDGER_CREDENTIALS_FILE: credentials };
    const { id, secret } = await personalToken("将撤销");
    // Act
    const wrong = loginCommand({ api: inject("addonApiUrl"), environment, tuning: retry, token: `${secret.slice(0, -2)}xx` });
    await expect(wrong).rejects.toThrow(/401/);
    const savedAfterWrong = (() => {
      try {
        return readFileSync(credentials, "utf8");
      } catch {
        return undefined;
      }
    })();
    await loginCommand({ api: inject("addonApiUrl"), environment, tuning: retry, token: secret });
    await api("DELETE", `/v1/tokens/${id}`, CLERK);
    const revoked = whoamiCommand({ environment, tuning: retry });
    // Assess
    expect(savedAfterWrong).toBeUndefined();
    await expect(revoked).rejects.toThrow(/已被撤销.*login/);
  });

  it("the prompt says where a token comes from, in production and on a laptop", () => {
    const text = loginPrompt("https://api.example.cn");
    expect(text).toContain("https://api.example.cn/v1/tokens");
    expect(text).toContain("npm run token");
    expect(text).toContain("勿写进工作簿");
  });
});

describe("login --browser (the local provider standing in for the district's)", () => {
  it("signs in at the provider, creates a 90-day personal token named for this computer and saves it", async () => {
    // Prepare: the "user" opens the address, picks themself on the login page, and the browser follows the redirect
    const credentials = join(profile, "c", "credentials.json");
    const environment = { LEDGER_CREDENTIALS_FILE: credentials };
    const opened: string[] = [];
    const actAsUser = async (url: string) => {
      opened.push(url);
      const page = await fetch(url);
      const form = new URLSearchParams(Object.fromEntries(new URL(url).searchParams));
      form.set("login", CLERK);
      const chosen = await fetch(new URL(url).origin + new URL(url).pathname, { method: "POST", body: form, redirect: "manual" });
      expect(await page.text()).toContain(CLERK);
      await fetch(chosen.headers.get("location")!);
    };
    // Act
    const login = await loginCommand({ api: inject("addonApiUrl"), environment, tuning: retry, browser: true, openBrowser: actAsUser, progress: () => undefined });
    const saved = JSON.parse(readFileSync(credentials, "utf8"));
    const listed = await api("GET", "/v1/tokens", CLERK);
    // Assess
    expect(new URL(opened[0]!).searchParams.get("code_challenge_method")).toBe("S256");
    expect(login.me!.email).toBe(CLERK);
    expect(saved.token).toMatch(/^olp_/);
    const created = listed.body.items.find((t: { name: string }) => t.name.startsWith("工作簿工具"));
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(90 * 86_400_000);
  });
});
