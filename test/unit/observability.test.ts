// Logs without personal data, one readable line locally, and metric documents CloudWatch can read.
import { afterEach, describe, expect, it } from "vitest";
import { addLogContext, captureLogs, logger, resetLogger, withLogContext } from "../../functions/src/observability/log.js";
import { count, countBy, countSignIn, userPseudonym } from "../../functions/src/observability/metrics.js";
import { redact, redactText } from "../../functions/src/observability/redact.js";

afterEach(() => {
  delete process.env.LOG_FORMAT;
  resetLogger();
});

describe("redaction", () => {
  it("masks e-mails, bearer tokens, JWTs, mobile and landline numbers inside any text", () => {
    // Act
    const text = redactText(
      "user clerk.kaixuan@test sent Bearer abc.def with eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig, call 138 1234 5678 or +86 13912345678 or 0571-87654321",
    );
    // Assess
    expect(text).toBe("user [email] sent Bearer [token] with [token], call [phone] or [phone] or [phone]");
  });

  it("keeps ids, versions, times and coordinates", () => {
    // Act
    const kept = redactText("01HX13812345678ABCDEFGHJK v13812345678x 2024-03-12T10:15:30Z 120.196,30.276 took 13812 ms");
    // Assess
    expect(kept).toBe("01HX13812345678ABCDEFGHJK v13812345678x 2024-03-12T10:15:30Z 120.196,30.276 took 13812 ms");
  });

  it("drops the values of keys that name secrets or people, at any depth, and flattens errors", () => {
    // Act
    const out = redact({ authorization: "Bearer x", nested: { email: "a@b.cn", contactPhone: "1", ok: 1 }, error: new Error("for a@b.cn") }) as any;
    // Assess
    expect(out.authorization).toBe("[redacted]");
    expect(out.nested).toEqual({ email: "[redacted]", contactPhone: "[redacted]", ok: 1 });
    expect(out.error).toMatchObject({ name: "Error", message: "for [email]" });
  });
});

describe("logger and metrics", () => {
  it("adds the request's correlation id to every line, requests kept apart", async () => {
    // Prepare
    const entries = captureLogs();
    // Act
    await Promise.all(
      ["first", "second"].map((id) =>
        withLogContext(async () => {
          addLogContext({ correlationId: id });
          await new Promise((r) => setTimeout(r, id === "first" ? 20 : 1));
          logger().info(`done ${id}`);
        }),
      ),
    );
    // Assess
    expect(entries.map((e) => [e.record.message, e.record.correlationId])).toEqual([
      ["done second", "second"],
      ["done first", "first"],
    ]);
    expect(JSON.parse(entries[0]!.line)).toMatchObject({ level: "INFO", service: "outfall-ledger", correlationId: "second" });
  });

  it("writes an error's name, message, location and cause, the trace id, and nothing below the level", () => {
    // Prepare
    const entries = captureLogs("INFO");
    process.env._X_AMZN_TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    // Act
    logger().debug("not written");
    logger().error("request failed", new Error("store down", { cause: new TypeError("socket closed") }));
    delete process.env._X_AMZN_TRACE_ID;
    // Assess
    expect(entries).toHaveLength(1);
    expect(entries[0]!.record).toMatchObject({
      level: "ERROR",
      message: "request failed",
      service: "outfall-ledger",
      xray_trace_id: "1-5759e988-bd862e3fe1be46a994272793",
      error: { name: "Error", message: "store down", location: expect.stringMatching(/observability\.test\.ts:\d+:\d+$/), cause: { name: "TypeError", message: "socket closed" } },
    });
    expect(Date.parse(String(entries[0]!.record.timestamp))).toBeGreaterThan(0);
  });

  it("writes one readable line per entry in the pretty format", () => {
    // Prepare
    process.env.LOG_FORMAT = "pretty";
    const entries = captureLogs();
    // Act
    withLogContext(() => {
      addLogContext({ correlationId: "abcdef123456", route: "POST /v1/outfalls" });
      logger().warn("slow write for a@b.cn", { ms: 1200 });
      count("BatchRows", { outcome: "ok" }, 3);
    });
    // Assess
    expect(entries[0]!.line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[abcdef12\] slow write for \[email\] route=POST \/v1\/outfalls ms=1200$/);
    expect(entries[1]!.line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} metric \[abcdef12\] BatchRows=3 outcome=ok$/);
    expect(entries.every((e) => !e.line.includes("\n"))).toBe(true);
  });

  it("emits embedded-metric documents with the service alone and with the detail as dimension sets", () => {
    // Prepare
    const entries = captureLogs();
    // Act
    countBy("Refusals", "rule", ["R-STORM", "R-SCOPE", "R-STORM"]);
    count("DigestDeliveryFailures", {});
    count("BatchRows", { outcome: "ok" }, 0);
    // Assess
    const docs = entries.map((e) => e.record as any);
    expect(docs).toHaveLength(3);
    expect(docs[0]).toMatchObject({ rule: "R-STORM", Refusals: 2, service: "outfall-ledger" });
    expect(docs[0]._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: "OutfallLedger",
      Dimensions: [["service"], ["service", "rule"]],
      Metrics: [{ Name: "Refusals", Unit: "Count" }],
    });
    expect(docs[1]).toMatchObject({ rule: "R-SCOPE", Refusals: 1 });
    expect(docs[1]._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service"], ["service", "rule"]]);
    expect(docs[2]._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service"]]);
  });

  it("counts sign-ins by issuer with a user pseudonym (never the e-mail), on that line only", () => {
    // Prepare
    const entries = captureLogs();
    // Act
    countSignIn("personal", "li.hua@example.cn");
    countSignIn("google", "li.hua@example.cn");
    count("Refusals", { rule: "R-SCOPE" });
    // Assess
    const docs = entries.map((e) => e.record as any);
    expect(docs[0]).toMatchObject({ SignIns: 1, via: "personal", user: userPseudonym("li.hua@example.cn") });
    expect(docs[1].user).toBe(docs[0].user);
    expect(docs[0].user).toMatch(/^[0-9a-f]{16}$/);
    expect(entries.some((e) => e.line.includes("li.hua"))).toBe(false);
    expect(docs[2].user).toBeUndefined();
  });
});
