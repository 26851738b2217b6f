import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { CLERK } from "./users.js";
import { call, tableItemCount, validOutfall } from "./client.js";
import { documentClient, keys } from "../../functions/src/adapters/dynamodb/table.js";
import { EDITABLE_FIELDS } from "../../functions/src/domain/outfall.js";
import { canonical } from "../../functions/src/domain/record.js";

const push = (rows: unknown[], headers: Record<string, string> = {}, as = CLERK, query = "") =>
  call("POST", `/v1/outfalls/batch${query}`, { as, body: { rows }, headers: { "x-channel": "sheet", ...headers } });

describe("POST /v1/outfalls/batch", () => {
  it("answers each row on its own: ok, invalid, conflict and forbidden in one push", async () => {
    // Prepare
    const existing = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    const stale = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    await call("PATCH", `/v1/outfalls/${stale.id}`, { as: CLERK, body: { sizeMm: "700" }, headers: { "if-match": "1" } });
    // Act
    const reply = await push([
      { clientRef: "row-2", values: validOutfall({ community: "南肖埠社区" }) },
      { clientRef: "row-3", id: existing.id, expectedVersion: 1, values: { sizeMm: "1000" } },
      { clientRef: "row-4", values: validOutfall({ outletType: "水管" }) },
      { clientRef: "row-5", id: stale.id, expectedVersion: 1, values: { sizeMm: "1100" } },
      { clientRef: "row-6", values: validOutfall({ subdistrict: "hubin", longitude: 120.165, latitude: 30.258 }) },
    ]);
    // Assess
    expect(reply.status).toBe(200);
    const [created, updated, invalid, conflict, forbidden] = reply.body.results;
    expect(created).toMatchObject({ index: 0, clientRef: "row-2", outcome: "ok", version: 1 });
    expect(created.tempId).toMatch(/^SC-KX-\d{4}$/);
    expect(updated).toMatchObject({ index: 1, outcome: "ok", id: existing.id, version: 2 });
    expect(updated.changes).not.toHaveProperty("sizeMm"); // sent as stored: the client knows it
    expect(updated.changes.updatedAt).toEqual(expect.any(String));
    expect(invalid.outcome).toBe("invalid");
    expect(invalid.violations[0]).toMatchObject({ field: "outletType", rule: "R-ENUM" });
    expect(invalid.violations[0].message).toContain("管道");
    expect(conflict.outcome).toBe("conflict");
    expect(conflict.current).toMatchObject({ id: stale.id, version: 2, sizeMm: "700" });
    expect(forbidden).toMatchObject({ outcome: "forbidden", violations: [{ rule: "R-SCOPE" }] });
    expect(reply.body.summary).toEqual({ ok: 2, unchanged: 0, invalid: 1, conflict: 1, forbidden: 1 });
    const history = await call("GET", `/v1/outfalls/${existing.id}/history`, { as: CLERK });
    expect(history.body.items.at(-1)).toMatchObject({ version: 2, channel: "sheet" });
  });

  it("returns the first answer to a retried request with the same Idempotency-Key and writes once", async () => {
    // Prepare
    const existing = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    const rows = [
      { values: validOutfall({ community: "景芳社区" }) },
      { id: existing.id, expectedVersion: 1, values: { material: "concrete" } },
    ];
    const key = `push-${Date.now()}-0001`;
    // Act
    const first = await push(rows, { "idempotency-key": key });
    const before = await tableItemCount();
    const retry = await push(rows, { "idempotency-key": key });
    const after = await tableItemCount();
    // Assess
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.results).toEqual(first.body.results);
    expect(after).toBe(before);
    const history = await call("GET", `/v1/outfalls/${existing.id}/history`, { as: CLERK });
    expect(history.body.items).toHaveLength(2);
  });

  it("keeps an answer larger than one DynamoDB item (400 KB) for the retry", async () => {
    // Prepare: 150 rows with 2,000 random characters each make an answer of about 1 MB gzipped (in full: the
    // stored answer always holds the whole records, whichever way it is answered)
    const randomText = () => {
      const bytes = randomBytes(4000);
      let text = "";
      for (let i = 0; i < bytes.length; i += 2) text += String.fromCharCode(0x4e00 + (bytes.readUInt16BE(i) % 20000));
      return text;
    };
    const rows = Array.from({ length: 150 }, () => ({ values: validOutfall({ plan: randomText(), address: randomText().slice(0, 200) }) }));
    const key = `push-${Date.now()}-large`;
    // Act
    const first = await push(rows, { "idempotency-key": key }, CLERK, "?full=1");
    const before = await tableItemCount();
    const retry = await push(rows, { "idempotency-key": key }, CLERK, "?full=1");
    const lean = await push(rows, { "idempotency-key": key });
    // Assess
    expect(first.body.summary.ok).toBe(150);
    expect(lean.body.results.map((r: any) => [r.id, r.version])).toEqual(first.body.results.map((r: any) => [r.id, r.version]));
    expect(gzipSync(JSON.stringify(first.body)).length).toBeGreaterThan(400_000);
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.results).toEqual(first.body.results);
    expect(await tableItemCount()).toBe(before);
  });

  it("writes each row once when the same request runs twice at the same time", async () => {
    // Prepare
    const existing = (await push(Array.from({ length: 40 }, () => ({ values: validOutfall() })))).body.results;
    const rows = existing.flatMap((e: any, i: number) => [
      { values: validOutfall({ address: `concurrent-${Date.now()}-${i}` }) },
      { id: e.id, expectedVersion: 1, values: { sizeMm: "1200" } },
    ]);
    const key = `push-${Date.now()}-both`;
    const before = await tableItemCount();
    // Act
    const [one, two] = await Promise.all([push(rows, { "idempotency-key": key }), push(rows, { "idempotency-key": key })]);
    // Assess: both answers are the truth, and the truth is one write per row
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.summary.ok).toBe(80);
    expect(two.body.summary.ok).toBe(80);
    expect(two.body.results.map((r: any) => [r.id, r.tempId, r.version])).toEqual(one.body.results.map((r: any) => [r.id, r.tempId, r.version]));
    const history = await call("GET", `/v1/outfalls/${existing[0].id}/history`, { as: CLERK });
    expect(history.body.items).toHaveLength(2);
    const created = one.body.results.filter((_: unknown, i: number) => i % 2 === 0);
    // per new record: record, history, temp-id item, row marker; per update: history and row marker; plus the answer
    expect(await tableItemCount()).toBeLessThanOrEqual(before + created.length * 4 + 40 * 2 + 3);
  });

  it("resumes a request cut off before its row markers were spread: a marker beside the claim still counts", async () => {
    // Prepare: an attempt that wrote its first row (marker in the old place, holding the record) and then died
    const written = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ community: "景芳社区" }) })).body;
    const rows = [{ values: validOutfall({ community: "景芳社区" }) }, { values: validOutfall({ community: "三里亭社区" }) }];
    const key = `push-${Date.now()}-legacy`;
    const requestHash = createHash("sha256").update(canonical({ rows, channel: "sheet" })).digest("hex");
    const claim = keys.idempotency(`${CLERK}#${key}`);
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const db = documentClient({ endpoint: inject("dynamoEndpoint"), region: "us-east-1" });
    await db.send(new PutCommand({ TableName: inject("tableName"), Item: { ...claim, type: "idempotency", state: "in-progress", requestHash, expiresAt } }));
    await db.send(new PutCommand({ TableName: inject("tableName"), Item: { PK: claim.PK, SK: "#ROW#00000", type: "idempotency-row", requestHash, index: 0, record: written, expiresAt } }));
    // Act
    const retry = await push(rows, { "idempotency-key": key });
    // Assess: row 0 is the record the first attempt wrote, row 1 is new
    expect(retry.status).toBe(200);
    expect(retry.body.summary.ok).toBe(2);
    expect(retry.body.results[0]).toMatchObject({ outcome: "ok", id: written.id, tempId: written.tempId, version: 1 });
    expect(retry.body.results[1].id).not.toBe(written.id);
  });

  it("refuses an Idempotency-Key reused for a different request", async () => {
    // Prepare
    const key = `push-${Date.now()}-0002`;
    await push([{ values: validOutfall() }], { "idempotency-key": key });
    // Act
    const reused = await push([{ values: validOutfall({ community: "另一个社区" }) }], { "idempotency-key": key });
    // Assess
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].rule).toBe("R-IDEMPOTENCY");
  });

  it("rejects the second of two rows for the same outfall and two rows with the same national code", async () => {
    // Prepare
    const existing = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    const code = `NC${Date.now()}`;
    // Act
    const reply = await push([
      { id: existing.id, expectedVersion: 1, values: { sizeMm: "500" } },
      { id: existing.id, expectedVersion: 1, values: { sizeMm: "600" } },
      { values: validOutfall({ nationalCode: code }) },
      { values: validOutfall({ nationalCode: code }) },
    ]);
    // Assess
    expect(reply.body.results.map((r: any) => r.outcome)).toEqual(["ok", "invalid", "ok", "invalid"]);
    expect(reply.body.results[1].violations[0].rule).toBe("R-BATCH");
    expect(reply.body.results[3].violations[0]).toMatchObject({ field: "nationalCode", rule: "R-UNIQUE" });
  });

  it("takes 500 rows in one request (written slice by slice, answered in row order) and refuses 501 with 413", async () => {
    // Prepare: rows 11 and 451 share a national code (different write slices); row 301 is out of bounds
    const code = `NC${Date.now()}`;
    const rows = Array.from({ length: 500 }, (_, i) => ({ clientRef: String(i), values: validOutfall({ address: `测试路${i}号`, ...(i === 10 || i === 450 ? { nationalCode: code } : {}) }) }));
    rows[300] = { clientRef: "300", values: validOutfall({ longitude: 200 }) };
    // Act
    const full = await push(rows);
    const tooMany = await push([...rows, rows[0]]);
    // Assess: every answer in its row, temp ids rising with the rows, the duplicate named across slices
    expect(full.status).toBe(200);
    expect(full.body.results.map((r: any) => r.clientRef)).toEqual(rows.map((r) => r.clientRef));
    expect(full.body.summary).toMatchObject({ ok: 498, invalid: 2 });
    expect(full.body.results[450].violations[0]).toMatchObject({ field: "nationalCode", rule: "R-UNIQUE" });
    expect(full.body.results[450].violations[0].message).toContain("本批第 11 行");
    expect(full.body.results[300].outcome).toBe("invalid");
    const sequence = full.body.results.filter((r: any) => r.outcome === "ok").map((r: any) => Number(r.tempId.split("-").pop()));
    expect(new Set(sequence).size).toBe(498);
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.errors[0].rule).toBe("R-BATCH");
  });

  it("refuses an envelope that is not { rows: [...] } with 400", async () => {
    // Prepare / Act
    const notRows = await call("POST", "/v1/outfalls/batch", { as: CLERK, body: { items: [] } });
    const empty = await call("POST", "/v1/outfalls/batch", { as: CLERK, body: { rows: [] } });
    // Assess
    expect(notRows.status).toBe(400);
    expect(notRows.body.errors.map((e: any) => e.rule)).toEqual(expect.arrayContaining(["R-UNKNOWN-FIELD", "R-REQUIRED"]));
    expect(empty.status).toBe(400);
  });

  it("answers lean by default: under a quarter of the full answer for 2,000 rows, with all a spreadsheet writes back", async () => {
    // Prepare
    const n = 2000;
    const since = new Date().toISOString();
    const pushAll = async (label: string, rows: any[], query = "") => {
      const results: any[] = [];
      let bytes = 0;
      for (let i = 0; i < rows.length; i += 500) {
        const reply = await call("POST", `/v1/outfalls/batch${query}`, { as: CLERK, body: { rows: rows.slice(i, i + 500) }, headers: { "idempotency-key": `lean-${since}-${label}-${i}` } });
        expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(200);
        bytes += Buffer.byteLength(JSON.stringify(reply.body));
        results.push(...reply.body.results);
      }
      return { results, bytes };
    };
    const creates = Array.from({ length: n }, (_, i) => ({ values: validOutfall({ subdistrict: "凯旋", waterBody: "新塘河", address: `精简路${i}号` }) }));
    // Act
    const created = await pushAll("create", creates);
    const edits = created.results.map((r: any, i: number) => ({ id: r.id, expectedVersion: r.version, values: { address: `精简路${i}号（复核）`, problems: ["设施老化"], shape: "圆形" } }));
    const lean = await pushAll("lean", edits);
    const stored = new Map<string, any>();
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/v1/outfalls?subdistrict=kaixuan&updatedSince=${encodeURIComponent(since)}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { as: CLERK });
      for (const r of page.body.items) stored.set(r.id, r);
      cursor = page.body.nextCursor;
    } while (cursor);
    const full = await pushAll("full", lean.results.map((r: any, i: number) => ({ id: r.id, expectedVersion: r.version, values: { address: `精简路${i}号（再次复核）` } })), "?full=1");
    // Assess: the size
    expect(lean.results.every((r: any) => r.outcome === "ok" && r.record === undefined && r.changes)).toBe(true);
    expect(full.results.every((r: any) => r.outcome === "ok" && r.record?.version === 3 && r.changes === undefined)).toBe(true);
    expect(lean.bytes / n, `lean ${Math.round(lean.bytes / n)} B/row, full ${Math.round(full.bytes / n)} B/row`).toBeLessThan(0.25 * (full.bytes / n));
    // Assess: what was sent with the changes over it is the stored record, for every field a spreadsheet shows
    const shown = [...EDITABLE_FIELDS, "status", "effectiveDeadline", "overdue", "updatedAt", "updatedBy", "id", "tempId", "version"];
    const pick = (r: Record<string, unknown>) => Object.fromEntries(shown.filter((k) => r[k] !== undefined && r[k] !== null).map((k) => [k, r[k]]));
    const made = created.results.map((r: any, i: number) => ({ ...creates[i]!.values, ...r.changes, id: r.id, tempId: r.tempId, version: r.version }));
    const rebuilt = lean.results.map((r: any, i: number) => pick({ ...made[i], ...edits[i]!.values, ...r.changes, version: r.version }));
    expect(stored.size).toBeGreaterThanOrEqual(n);
    expect(created.results[0].changes).toMatchObject({ subdistrict: "kaixuan", waterBody: "xintang-river", status: "confirmed" });
    expect(lean.results[0].changes).toMatchObject({ problems: ["aging"], shape: "round" });
    expect(rebuilt).toEqual(lean.results.map((r: any) => pick(stored.get(r.id))));
  }, 240_000);
});
