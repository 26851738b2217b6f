// The one typed configuration: every variable has a schema, a wrong one stops the start with its name in
// Chinese and English, and README.md § Configuration lists every variable the schemas know.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AddonBuildEnv,
  CdkEnv,
  ConfigError,
  DeliveryEnv,
  FunctionEnv,
  LocalEnv,
  ObservabilityEnv,
  WorkbookEnv,
  observabilitySettings,
  readEnv,
} from "../../functions/src/env.js";

const FUNCTION = { TABLE_NAME: "t", AUTH_ISSUER: "https://issuer", AUTH_AUDIENCE: "aud" };

function refusal(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("environment schemas", () => {
  it("refuses a malformed variable, naming it in Chinese and English", () => {
    // Prepare
    const env = { ...FUNCTION, DYNAMODB_ENDPOINT: "localhost:8000" };
    // Act
    const error = refusal(() => readEnv(FunctionEnv, env));
    // Assess
    expect(error.variables).toEqual(["DYNAMODB_ENDPOINT"]);
    expect(error.message).toContain("环境变量 DYNAMODB_ENDPOINT 的值无效，应为 http(s) 地址");
    expect(error.message).toContain("environment variable DYNAMODB_ENDPOINT is invalid: must be an http(s) URL");
  });

  it("names every missing or malformed variable; an empty one counts as missing", () => {
    // Act
    const error = refusal(() => readEnv(FunctionEnv, { TABLE_NAME: "", AUTH_ISSUERS: "[not json" }));
    // Assess
    expect(error.variables).toEqual(["TABLE_NAME", "AUTH_ISSUERS"]);
    expect(error.message).toContain("环境变量 TABLE_NAME 未设置");
    expect(error.message).toContain("environment variable AUTH_ISSUERS is invalid: must be JSON");
  });

  it("parses numbers, lists and choices, and refuses a port out of range", () => {
    // Act
    const local = readEnv(LocalEnv, { PORT: "8080", DIGEST_INTERVAL_MINUTES: "0" });
    const delivery = readEnv(DeliveryEnv, { DIGEST_TO: " a@x.cn, b@x.cn ,", DIGEST_FROM: "d@x.cn" });
    const port = refusal(() => readEnv(LocalEnv, { PORT: "70000" }));
    const word = refusal(() => readEnv(LocalEnv, { PORT: "abc" }));
    const level = refusal(() => readEnv(ObservabilityEnv, { LOG_LEVEL: "loud" }));
    const to = refusal(() => readEnv(DeliveryEnv, { DIGEST_TO: "a@x.cn,nobody" }));
    // Assess
    expect(local).toEqual({ PORT: 8080, DIGEST_INTERVAL_MINUTES: 0 });
    expect(delivery.DIGEST_TO).toEqual(["a@x.cn", "b@x.cn"]);
    expect(port.message).toContain("PORT is invalid: must be a whole number from 0 to 65535");
    expect(word.message).toContain("环境变量 PORT 的值无效，应为 0–65535 的整数");
    expect(level.message).toContain("LOG_LEVEL 的值无效，可选值：debug、info、warn、error、silent");
    expect(to.variables).toEqual(["DIGEST_TO"]);
  });

  it("chooses JSON logs in Lambda and in pipes, pretty ones on a terminal", () => {
    // Act
    const lambda = observabilitySettings({ AWS_LAMBDA_FUNCTION_NAME: "f" }, true);
    const pipe = observabilitySettings({}, false);
    const terminal = observabilitySettings({ LOG_LEVEL: "WARN" }, true);
    const forced = observabilitySettings({ LOG_FORMAT: "pretty", METRICS: "off" }, false);
    // Assess
    expect([lambda.format, pipe.format, terminal.format, forced.format]).toEqual(["json", "json", "pretty", "pretty"]);
    expect(terminal.logLevel).toBe("WARN");
    expect(forced.metrics).toBe("off");
    expect(lambda.service).toBe("outfall-ledger");
  });

  it("README.md § Configuration lists every variable of every schema", () => {
    // Prepare
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5));
    const schemas = [FunctionEnv, DeliveryEnv, ObservabilityEnv, LocalEnv, WorkbookEnv, AddonBuildEnv, CdkEnv];
    // Act
    const missing = schemas.flatMap((s) => Object.keys(s.shape)).filter((name) => !section.includes(`\`${name}\``));
    // Assess
    expect(section.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
