// 个人令牌 from the sheet: a Google-signed-in clerk creates a personal token for the Excel/WPS workbook tool;
// the dialog shows it once with the login command, and the token then opens the API as that clerk.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addonFor } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.hubin@addon.test";

describe("personal token from the add-on's menu (湖滨街道)", () => {
  let rt: AddonRuntime;
  beforeAll(async () => {
    rt = await addonFor(CLERK);
  });
  afterAll(() => rt?.close());

  it("creates a 90-day token, shows it once with the workbook's login command, and it signs the clerk in", async () => {
    // Act
    const result = rt.call("createPersonalToken");
    const dialog = rt.ui.dialogs.at(-1)!;
    const secret = /olp_[0-9A-Z]{26}_[\w-]{43}/.exec(dialog.content)?.[0];
    const me = await fetch(`${inject("addonApiUrl")}/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    // Assess
    expect(dialog).toMatchObject({ kind: "modal", title: "排污口 · 个人令牌" });
    expect(dialog.content).toContain("只显示这一次");
    expect(dialog.content).toContain("npm run workbook -- login");
    expect(Date.parse(result.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(secret).toBeDefined();
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(CLERK);
  });
});
