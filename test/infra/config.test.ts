// Context → settings, stages, and the China partition.
import { afterAll, describe, expect, it } from "vitest";
import { GOOGLE_ISSUER, readConfig } from "../../infra/lib/config.js";
import { cleanUp, logicalId, synth } from "./synth.js";

afterAll(cleanUp);

const node = (context: Record<string, unknown>) => ({ tryGetContext: (key: string) => context[key] });

describe("readConfig", () => {
  it("defaults to dev, Google as issuer, Monday 08:00 and an environment-agnostic stack", () => {
    const config = readConfig(node({}), {});
    expect(config).toMatchObject({
      stage: "dev",
      region: undefined,
      account: undefined,
      authIssuer: GOOGLE_ISSUER,
      authAudienceIsPlaceholder: true,
      digestCron: "cron(0 8 ? * MON *)",
      digestTo: [],
    });
  });

  it("requires the client id for prod", () => {
    expect(() => readConfig(node({ stage: "prod" }), {})).toThrow(/googleClientId is required/);
    expect(readConfig(node({ stage: "prod", googleClientId: "x.apps.googleusercontent.com" }), {}).authAudience).toBe("x.apps.googleusercontent.com");
  });

  it("rejects bad values with the key named", () => {
    expect(() => readConfig(node({ stage: "staging" }), {})).toThrow(/stage=staging/);
    expect(() => readConfig(node({ region: "China" }), {})).toThrow(/region=China/);
    expect(() => readConfig(node({ digestCron: "0 8 * * 1" }), {})).toThrow(/digestCron/);
    expect(() => readConfig(node({ authIssuer: "http://issuer.example" }), {})).toThrow(/https/);
    expect(() => readConfig(node({ digestTo: "not-an-address" }), {})).toThrow(/not-an-address/);
    expect(() => readConfig(node({ apiRateLimit: "-1" }), {})).toThrow(/apiRateLimit/);
    expect(() => readConfig(node({ digestFrom: "digest@x.cn" }), {})).toThrow(/go together/);
    expect(() => readConfig(node({ digestSpreadsheetId: "https://docs.google.com/x" }), {})).toThrow(/digestSpreadsheetId/);
  });

  it("reads lists from a string (CLI) or an array (cdk.json), and the CLI's default region", () => {
    const from = { digestFrom: "d@x.cn" };
    expect(readConfig(node({ ...from, digestTo: "a@x.cn; b@x.cn" }), {}).digestTo).toEqual(["a@x.cn", "b@x.cn"]);
    expect(readConfig(node({ ...from, digestTo: ["a@x.cn"] }), {}).digestTo).toEqual(["a@x.cn"]);
    // (A China region has no Google sign-in by default, so it needs a provider: see "sign-in options".)
    const sso = { issuer: "https://sso.example.cn", audiences: ["ledger"], jwksUrl: "https://sso.example.cn/certs" };
    expect(readConfig(node({ oidcProviders: [sso] }), { CDK_DEFAULT_REGION: "cn-northwest-1" }).region).toBe("cn-northwest-1");
  });
});

describe("sign-in options", () => {
  const provider = { issuer: "https://sso.example.gov.cn/realms/ledger", audiences: ["outfall-ledger"], jwksUrl: "https://sso.example.gov.cn/realms/ledger/protocol/openid-connect/certs", emailClaim: "preferred_username", emailDomain: "example.gov.cn" };

  it("Google with the add-on's and the web app's client ids, plus a district provider given as JSON on the command line", () => {
    const config = readConfig(node({ googleClientId: "addon.apps.googleusercontent.com", googleWebClientIds: "web.apps.googleusercontent.com", oidcProviders: JSON.stringify([provider]) }), {});
    expect(config.issuers).toEqual([
      expect.objectContaining({ issuer: GOOGLE_ISSUER, audiences: ["addon.apps.googleusercontent.com", "web.apps.googleusercontent.com"] }),
      expect.objectContaining(provider),
    ]);
  });

  it("a China region has no Google by default; the provider alone is enough for prod", () => {
    const config = readConfig(node({ stage: "prod", region: "cn-northwest-1", oidcProviders: [provider] }), {});
    expect(config.issuers).toEqual([expect.objectContaining({ issuer: provider.issuer })]);
    expect(config.authAudienceIsPlaceholder).toBe(false);
  });

  it("refuses no issuer at all, a provider without https keys, and a bad googleSignIn", () => {
    expect(() => readConfig(node({ googleSignIn: "false" }), {})).toThrow(/nobody could sign in/);
    expect(() => readConfig(node({ oidcProviders: JSON.stringify([{ ...provider, jwksUrl: "http://sso.example.gov.cn/certs" }]) }), {})).toThrow(/https/);
    expect(() => readConfig(node({ oidcProviders: "[{" }), {})).toThrow(/not JSON/);
    expect(() => readConfig(node({ oidcProviders: [{ issuer: provider.issuer }] }), {})).toThrow(/context oidcProviders: 0\.audiences/);
    expect(() => readConfig(node({ oidcProviders: [{ ...provider, issuer: "sso" }] }), {})).toThrow(/context oidcProviders: 0\.issuer/);
    expect(() => readConfig(node({ googleSignIn: "no" }), {})).toThrow(/googleSignIn=no/);
  });
});

describe("China regions", () => {
  it("synthesizes for cn-north-1 with aws-cn ARNs, no commercial ARN, and a configurable issuer", () => {
    const s = synth({
      context: {
        region: "cn-north-1",
        authIssuer: "https://idp.example.cn/oidc",
        authJwksUrl: "https://idp.example.cn/oidc/jwks",
      },
    });
    expect(s.stack.partition).toBe("aws-cn");
    expect(s.stack.region).toBe("cn-north-1");
    const text = JSON.stringify(s.json);
    expect(text).not.toMatch(/arn:aws:/);
    const fn = s.json.Resources[logicalId(s.stack, s.stack.functions.get("me")!.fn.node.defaultChild)]!;
    expect(JSON.parse(fn.Properties.Environment.Variables.AUTH_ISSUERS)).toEqual([expect.objectContaining({ issuer: "https://idp.example.cn/oidc", jwksUrl: "https://idp.example.cn/oidc/jwks" })]);
    // No CloudFront Functions or origin access control there: the field app is hosted elsewhere.
    expect(s.stack.webApp).toBeUndefined();
    expect(Object.values(s.json.Resources).filter((r) => r.Type.startsWith("AWS::CloudFront::"))).toEqual([]);
  });

  it("names the prod stack by stage and protects it from deletion", () => {
    const s = synth({ context: { stage: "prod" } });
    expect(s.stack.stackName).toBe("OutfallLedger-prod");
    expect(s.stack.terminationProtection).toBe(true);
    const logGroups = Object.values(s.json.Resources).filter((r) => r.Type === "AWS::Logs::LogGroup");
    for (const lg of logGroups) {
      expect(lg.Properties.RetentionInDays).toBe(365);
      expect(lg.DeletionPolicy).toBe("Retain");
    }
  });
});
