// The production build of the add-on: Google requires the urlFetchWhitelist for a published add-on, so a
// production build without it stops before any work, with a message saying what to set; with it, the
// manifest carries the allowlist (the bundle itself is tested in bundle.test.ts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MISSING_WHITELIST, buildAddon } from "../../sheets-addon/build.js";

const outDir = mkdtempSync(join(tmpdir(), "addon-prod-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("production add-on build", () => {
  it("refuses to run without the URL allowlist, naming ADDON_URL_WHITELIST", async () => {
    // Prepare
    const saved = process.env.ADDON_URL_WHITELIST;
    delete process.env.ADDON_URL_WHITELIST;
    // Act
    const build = buildAddon({ outDir, production: true });
    // Assess
    await expect(build).rejects.toThrow(MISSING_WHITELIST);
    expect(MISSING_WHITELIST).toContain("ADDON_URL_WHITELIST");
    expect(MISSING_WHITELIST).toContain("urlFetchWhitelist");
    if (saved !== undefined) process.env.ADDON_URL_WHITELIST = saved;
  });

  it("writes the allowlist into the manifest when given, and refuses a prefix that is not https ending in /", async () => {
    // Act
    const built = await buildAddon({ outDir, production: true, minify: true, urlFetchWhitelist: ["https://api.example.cn/"] });
    const bad = buildAddon({ outDir, production: true, urlFetchWhitelist: ["http://api.example.cn"] });
    // Assess
    const manifest = JSON.parse(readFileSync(join(built.outDir, "appsscript.json"), "utf8"));
    expect(manifest.urlFetchWhitelist).toEqual(["https://api.example.cn/"]);
    await expect(bad).rejects.toThrow(/https URL prefixes ending in "\/"/);
  });
});
