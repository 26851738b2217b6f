import { describe, expect, it } from "vitest";
import { API_MAX_ROWS, chunkRows, idempotencyKey, splitChunk } from "../../../sheets-addon/src/core/chunk.js";

const row = (i: number, text = "x") => ({ clientRef: String(i + 2), values: { name: `排口${i}`, plan: text } });

describe("chunking", () => {
  it("cuts at the row limit exactly and keeps order", () => {
    // Act
    const chunks = chunkRows(Array.from({ length: 401 }, (_, i) => row(i)), "scope", { maxRows: 200, maxBytes: 1e9 });
    // Assess
    expect(chunks.map((c) => c.rows.length)).toEqual([200, 200, 1]);
    expect(chunks.flatMap((c) => c.rows.map((r) => r.clientRef))).toEqual(Array.from({ length: 401 }, (_, i) => String(i + 2)));
    expect(JSON.parse(chunks[0]!.body).rows).toHaveLength(200);
  });

  it("never exceeds the API's 500 rows, whatever is asked", () => {
    expect(chunkRows(Array.from({ length: 1001 }, (_, i) => row(i)), "s", { maxRows: 10_000, maxBytes: 1e9 }).map((c) => c.rows.length)).toEqual([API_MAX_ROWS, API_MAX_ROWS, 1]);
  });

  it("cuts at the byte limit, counting UTF-8 bytes of the exact body sent", () => {
    // Prepare: rows of ~3 KB of Chinese text each
    const rows = Array.from({ length: 10 }, (_, i) => row(i, "排".repeat(1000)));
    const one = Buffer.byteLength(JSON.stringify(rows[0]));
    // Act
    const chunks = chunkRows(rows, "s", { maxRows: 500, maxBytes: one * 3 + 20 });
    // Assess
    expect(chunks.map((c) => c.rows.length)).toEqual([3, 3, 3, 1]);
    for (const c of chunks) {
      expect(c.bytes).toBe(Buffer.byteLength(c.body));
      expect(c.bytes).toBeLessThanOrEqual(one * 3 + 20);
    }
  });

  it("sends a row larger than the byte limit on its own", () => {
    const chunks = chunkRows([row(0), row(1, "长".repeat(5000)), row(2)], "s", { maxRows: 500, maxBytes: 1000 });
    expect(chunks.map((c) => c.rows.length)).toEqual([1, 1, 1]);
  });

  it("gives a chunk a key that is stable for the same content and sheet, and different otherwise", () => {
    const a = chunkRows([row(0)], "ss1:0")[0]!;
    expect(chunkRows([row(0)], "ss1:0")[0]!.key).toBe(a.key);
    expect(chunkRows([row(0)], "ss2:0")[0]!.key).not.toBe(a.key);
    expect(chunkRows([row(1)], "ss1:0")[0]!.key).not.toBe(a.key);
    expect(a.key).toMatch(/^[\w.:-]{8,128}$/);
    expect(idempotencyKey("s", "{}")).toBe(idempotencyKey("s", "{}"));
  });

  it("halves a chunk the API refused as too large", () => {
    const [chunk] = chunkRows(Array.from({ length: 7 }, (_, i) => row(i)), "s");
    expect(splitChunk(chunk!, "s").map((c) => c.rows.length)).toEqual([4, 3]);
  });
});
