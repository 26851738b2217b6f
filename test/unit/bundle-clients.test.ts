// The composition root without the clients a function's role may not use (functions/src/config.ts): at
// bundling esbuild folds LEDGER_BUNDLE_TABLE/LEDGER_BUNDLE_S3 away (infra/lib/handlers.ts, bundleDefines);
// here the same expressions are read from the environment, as they are when nothing is defined.
import { afterEach, describe, expect, it } from "vitest";
import { buildRuntime } from "../../functions/src/config.js";

const env = { TABLE_NAME: "t", AUTH_ISSUER: "https://accounts.google.com", AUTH_AUDIENCE: "a", AWS_REGION: "cn-north-1" };

afterEach(() => {
  delete process.env.LEDGER_BUNDLE_S3;
  delete process.env.LEDGER_BUNDLE_TABLE;
});

describe("deps of a bundle built without some clients", () => {
  it("builds every adapter when nothing is defined (local server, tests)", () => {
    // Act
    const { deps } = buildRuntime(env);
    // Assess
    expect(typeof deps.photos.presignUpload).toBe("function");
    expect(typeof deps.outfalls.get).toBe("function");
  });

  it("leaves out the bucket's adapters without a bucket grant, and fails naming the member and the grant if one is used", () => {
    // Prepare
    process.env.LEDGER_BUNDLE_S3 = "no";
    // Act
    const { deps } = buildRuntime(env);
    // Assess
    expect(typeof deps.outfalls.get).toBe("function");
    expect(() => deps.photos.presignUpload).toThrow(/deps\.photos: .*without the S3 client \(no bucket grant/);
    expect(() => deps.exportFiles.put).toThrow(/deps\.exportFiles/);
  });

  it("leaves out the table's adapters without table access", () => {
    // Prepare
    process.env.LEDGER_BUNDLE_TABLE = "no";
    // Act
    const { deps } = buildRuntime(env);
    // Assess
    expect(() => deps.directory.get).toThrow(/deps\.directory: .*without the DynamoDB client \(no table grant/);
    expect(deps.reference.subdistricts.length).toBeGreaterThan(0);
  });
});
