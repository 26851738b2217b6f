// One Node.js version story: the Lambda runtime is what .nvmrc names and what esbuild targets, and the
// package's engines range (the tooling's floor: CI and these machines run Node 20) admits it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../infra/lib/paths.js";
import { cleanUp, synth } from "./synth.js";

afterAll(cleanUp);

describe("Node.js versions", () => {
  it("runs the functions on the Node.js of .nvmrc, targeted by esbuild and admitted by engines", () => {
    // Prepare
    const nvmrc = readFileSync(join(REPO_ROOT, ".nvmrc"), "utf8").trim();
    const engines = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).engines.node as string;
    const source = readFileSync(join(REPO_ROOT, "infra", "lib", "ledger-function.ts"), "utf8");
    // Act
    const s = synth();
    const runtimes = new Set(Object.values(s.json.Resources).filter((r) => r.Type === "AWS::Lambda::Function" && r.Properties.Handler === "index.handler").map((r) => r.Properties.Runtime));
    const floor = /^>=(\d+)\.(\d+)$/.exec(engines);
    // Assess
    expect([...runtimes]).toEqual([`nodejs${nvmrc}.x`]);
    expect(source).toContain(`target: "node${nvmrc}"`);
    expect(floor, `engines.node ${engines} is a plain floor`).not.toBeNull();
    expect(Number(floor![1])).toBeLessThanOrEqual(Number(nvmrc));
  });
});
