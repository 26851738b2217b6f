// A 2,000-row old ledger imported by a clerk of 笕桥 (dry run, then commit), and a commit interrupted after its
// second request (answer lost, no retry) that a re-run completes with no record written twice.
import { afterAll, describe, expect, inject, it } from "vitest";
import type { HttpPort } from "../../sheets-addon/src/core/http.js";
import { nodeHttp } from "../../workbook/src/env.js";
import { runImport } from "../../workbook/src/import/run.js";
import { sampleRows, writeSampleLedger } from "../../workbook/src/import/sample.js";
import { SyncHttpClient } from "../../workbook/src/sync-http.js";
import { listAll, tokenFor } from "../addon/helpers.js";
import { CENTRES } from "../addon/users.js";
import { removeTempWorkbooks, tempWorkbook } from "./helpers.js";

describe("large and interrupted imports", () => {
  afterAll(removeTempWorkbooks);

  it("2,000 rows: the dry run writes nothing, the commit creates all 2,000 (DMS rows normalized)", { timeout: 300_000 }, async () => {
    // Prepare
    const file = tempWorkbook("笕桥旧台账.xlsx");
    await writeSampleLedger(file, sampleRows(2000, CENTRES.jianqiao!, "笕桥街道", "JQ"));
    const token = await tokenFor("clerk.jianqiao@addon.test");
    // Act
    const dry = await runImport({ file, api: inject("addonApiUrl"), token });
    const committed = await runImport({ file, api: inject("addonApiUrl"), token, commit: true });
    // Assess
    expect(dry.rows.filter((r) => r.outcome === "新增")).toHaveLength(2000);
    expect(dry.rows.filter((r) => r.prepared.normalized.some((n) => n.rule === "N-DMS"))).toHaveLength(200);
    expect(committed.rows.filter((r) => r.outcome === "新增" && /^SC-JQ-\d{4}$/.test(r.target ?? ""))).toHaveLength(2000);
    expect(await listAll("jianqiao")).toHaveLength(2000);
  });

  it("an interrupted commit re-run resumes: every row once", { timeout: 120_000 }, async () => {
    // Prepare: 60 rows in requests of 20; the second request reaches the API but its answer is lost
    const file = tempWorkbook("清波旧台账.xlsx");
    await writeSampleLedger(file, sampleRows(60, CENTRES.qingbo!, "清波街道", "QB"));
    const token = await tokenFor("clerk.qingbo@addon.test");
    const client = new SyncHttpClient();
    const real = nodeHttp(client);
    let batches = 0;
    const faulty: HttpPort = {
      fetchAll(requests) {
        const answers = real.fetchAll(requests);
        if (requests.some((r) => r.url.endsWith("/v1/outfalls/batch")) && ++batches === 2) throw new Error("connection reset");
        return answers;
      },
    };
    // Act
    const interrupted = runImport({ file, api: inject("addonApiUrl"), token, commit: true, http: faulty, chunkRows: 20, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(interrupted).rejects.toThrow(/提交中断（已完成 20 \/ 60 行）/);
    const afterInterruption = (await listAll("qingbo")).length;
    const resumed = await runImport({ file, api: inject("addonApiUrl"), token, commit: true, chunkRows: 20 });
    await client.close();
    // Assess
    expect(afterInterruption).toBe(40);
    expect(resumed.rows.filter((r) => r.note?.startsWith("已导入"))).toHaveLength(40);
    expect(resumed.rows.filter((r) => r.outcome === "新增")).toHaveLength(20);
    const records = await listAll("qingbo");
    expect(records).toHaveLength(60);
    expect(new Set(records.map((r) => r.legacyRef.row)).size).toBe(60);
  });
});
