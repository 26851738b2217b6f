// What an operator sees: a full request cycle (create, patch, batch, photo, digest and refusals) against
// the embedded stack, served by an API server inside this test process so its log lines can be captured.
// No token, e-mail or phone number may reach a line; every request line carries its correlation id; the
// metrics an operator alarms on are emitted where the things happen.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resetRuntime } from "../../functions/src/config.js";
import { resetChannels } from "../../functions/src/delivery-config.js";
import { type LogEntry, captureLogs, resetLogger } from "../../functions/src/observability/log.js";
import { mintToken } from "../../local/issuer.js";
import { startApiServer } from "../../local/server.js";
import { jpeg } from "../fixtures/images.js";
import { tokenFor, validOutfall } from "./client.js";
import { CLERK, COORDINATOR } from "./users.js";

const PHONE = "13812345678";
const LANDLINE = "0571-87654321";
let server: Awaited<ReturnType<typeof startApiServer>>;
let outbox: string;
let entries: LogEntry[];
const tokens: string[] = [];

async function send(method: string, path: string, options: { as?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
  if (token) tokens.push(token);
  const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
  const res = await fetch(`${server.url}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any, correlationId: res.headers.get("x-correlation-id") };
}

const metric = (name: string, dims: Record<string, string> = {}) =>
  entries
    .filter((e) => e.kind === "metric" && name in e.record && Object.entries(dims).every(([k, v]) => e.record[k] === v))
    .reduce((sum, e) => sum + Number(e.record[name]), 0);

beforeAll(async () => {
  outbox = mkdtempSync(join(tmpdir(), "logs-outbox-"));
  Object.assign(process.env, inject("env"), { OUTBOX_DIR: outbox, DIGEST_FROM: "digest@test", DIGEST_TO: "chief@test,deputy@test", LOG_FORMAT: "json", METRICS: "emf" });
  resetRuntime();
  resetChannels();
  server = await startApiServer(0);
});

afterAll(async () => {
  resetLogger();
  resetRuntime();
  resetChannels();
  await server.close();
  rmSync(outbox, { recursive: true, force: true });
});

describe("logs and metrics of a full request cycle", () => {
  it("carry correlation ids and metrics, and never a token, e-mail or phone number", async () => {
    // Prepare
    entries = captureLogs("DEBUG");
    const party = { responsibleParties: [{ name: "杭州示范印染有限公司", kind: "individual", phone: PHONE }] };
    // Act
    const created = await send("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ ...party }) });
    const patched = await send("PATCH", `/v1/outfalls/${created.body.id}`, {
      as: CLERK,
      body: { responsibleParties: [{ name: "杭州示范印染有限公司", kind: "individual", phone: LANDLINE }] },
      headers: { "if-match": "1", "x-correlation-id": "cycle-patch-1" },
    });
    const batch = await send("POST", "/v1/outfalls/batch", {
      as: CLERK,
      body: {
        rows: [
          { values: validOutfall({ ...party }) },
          { values: validOutfall({ subdistrict: "hubin", longitude: 120.165, latitude: 30.258 }) },
          { values: validOutfall({ outletType: "水管" }) },
        ],
      },
    });
    expect([created.status, patched.status, batch.status], JSON.stringify([created.body, patched.body, batch.body]).slice(0, 2000)).toEqual([201, 200, 200]);
    const bytes = jpeg({ dateTimeOriginal: "2024:03:12 10:15:30", lat: 30.276, lng: 120.196 });
    const ticket = await send("POST", `/v1/outfalls/${created.body.id}/photos`, { as: CLERK, body: { slot: "near", contentType: "image/jpeg", size: bytes.length } });
    const form = new FormData();
    for (const [k, v] of Object.entries(ticket.body.upload.fields as Record<string, string>)) form.append(k, v);
    form.append("file", new Blob([bytes], { type: "image/jpeg" }), "photo");
    await fetch(ticket.body.upload.url, { method: "POST", body: form });
    const confirmed = await send("POST", `/v1/outfalls/${created.body.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    const digest = await send("POST", "/v1/digests", { as: COORDINATOR, body: { deliver: true } });
    const malformed = await send("POST", "/v1/outfalls", { as: CLERK, raw: `{"phone": "${PHONE}",` });
    const anonymous = await send("GET", "/v1/me");
    const badToken = await send("GET", "/v1/me", { token: `${await tokenFor(CLERK)}x` });
    const stranger = await send("GET", "/v1/me", { token: await mintToken(inject("issuer"), "stranger@test") });
    const stale = await send("PATCH", `/v1/outfalls/${created.body.id}`, { as: CLERK, body: { dryWeatherFlow: true }, headers: { "if-match": "1" } });
    // Assess
    expect([created.status, patched.status, batch.status, confirmed.status, digest.status]).toEqual([201, 200, 200, 200, 201]);
    expect([malformed.status, anonymous.status, badToken.status, stranger.status, stale.status]).toEqual([400, 401, 401, 403, 409]);
    const text = entries.map((e) => e.line).join("\n");
    for (const secret of [...new Set(tokens)]) expect(text).not.toContain(secret);
    for (const address of [CLERK, COORDINATOR, "stranger@test", "chief@test", "digest@test"]) expect(text).not.toContain(address);
    expect(text).not.toMatch(/[\w.]+@[\w-]+\.?\w*/);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain("87654321");
    const requests = entries.filter((e) => e.kind === "log" && typeof e.record.status === "number");
    expect(requests).toHaveLength(11);
    for (const r of requests) expect(r.record.correlationId).toEqual(expect.any(String));
    expect(requests.map((r) => r.record.correlationId)).toContain("cycle-patch-1");
    expect(requests.find((r) => r.record.correlationId === created.correlationId)).toMatchObject({ record: { route: "POST /v1/outfalls", status: 201, role: "clerk" } });
    expect(metric("BatchRows", { outcome: "ok" })).toBe(1);
    expect(metric("BatchRows", { outcome: "forbidden" })).toBe(1);
    expect(metric("BatchRows", { outcome: "invalid" })).toBe(1);
    expect(metric("Refusals", { rule: "R-SCOPE" })).toBe(2);
    expect(metric("Refusals", { rule: "R-MALFORMED" })).toBe(1);
    expect(metric("Refusals", { rule: "R-VERSION" })).toBe(1);
    expect(metric("PhotoConfirmations", { outcome: "confirmed" })).toBe(1);
    expect(metric("DigestDeliveries", { channel: "mail", outcome: "ok" })).toBe(1);
    expect(metric("DigestDeliveryFailures")).toBe(0);
    expect(metric("AuthRefusals", { reason: "no-token" })).toBe(1);
    expect(metric("AuthRefusals", { reason: "bad-token" })).toBe(1);
    expect(metric("AuthRefusals", { reason: "unknown-user" })).toBe(1);
    const emf = entries.find((e) => e.kind === "metric")!.record as any;
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: "OutfallLedger", Dimensions: expect.arrayContaining([["service"]]) });
  });
});
