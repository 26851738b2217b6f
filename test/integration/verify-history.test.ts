// `npm run verify-history` against a stack of its own: a history item edited behind the API's back (direct
// UpdateItem) breaks the chain; a whole history rewritten with every hash recomputed verifies as a chain,
// but not against the anchored heads; an edited anchor fails its signature. Exit code 1 on any break.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyHash } from "../../functions/src/app/history.js";
import { keys } from "../../functions/src/adapters/dynamodb/table.js";
import { validOutfall } from "./client.js";
import { type ApiProcess, type Harness, seedUsers, startHarness } from "./fault/harness.js";

const CLERK = "clerk.kaixuan@verify";
let harness: Harness;
let api: ApiProcess;
let anchorDir: string;

async function verifyHistoryCli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "local/verify-history.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", ...harness.env, ANCHOR_DIR: anchorDir, ANCHOR_KEY_FILE: join(anchorDir, "anchor-key.pem") },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await harness.token(CLERK)}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return res.json() as Promise<any>;
}

/** An outfall with two versions, through the API. */
async function outfallWithHistory(): Promise<string> {
  const created = await send("POST", "/v1/outfalls", validOutfall());
  await send("PATCH", `/v1/outfalls/${created.id}`, { sizeMm: "1000" }, { "if-match": "1" });
  return created.id;
}

describe("npm run verify-history", () => {
  beforeAll(async () => {
    harness = await startHarness("verify-history");
    anchorDir = join(process.cwd(), ".data", "test-tmp", `verify-history-${process.pid}`, "anchors-root");
    await seedUsers(harness, [{ email: CLERK, role: "clerk", subdistrict: "kaixuan" }]);
    api = await harness.startApi();
  }, 180_000);
  afterAll(async () => harness?.close());

  it("verifies an untouched ledger and its anchor (exit 0)", async () => {
    // Prepare
    await outfallWithHistory();
    await outfallWithHistory();
    const anchored = await verifyHistoryCli("--anchor");
    // Act
    const verdict = await verifyHistoryCli();
    // Assess
    expect(anchored.out).toContain("anchored 2 chain heads");
    expect(verdict.code).toBe(0);
    expect(verdict.out).toContain("history verifies: 2 records, 4 history entries, 1 anchors");
  }, 120_000);

  it("detects a history item edited with a direct UpdateItem (exit 1, naming the outfall and version)", async () => {
    // Prepare
    const id = await outfallWithHistory();
    await harness.db.send(
      new UpdateItemCommand({
        TableName: harness.tableName,
        Key: marshall(keys.history(id, 1)),
        UpdateExpression: "SET #e.#actor = :who",
        ExpressionAttributeNames: { "#e": "entry", "#actor": "actor" },
        ExpressionAttributeValues: marshall({ ":who": "someone-else@test" }),
      }),
    );
    // Act
    const verdict = await verifyHistoryCli();
    // Assess
    expect(verdict.code).toBe(1);
    expect(verdict.out).toContain(`BREAK outfall ${id} version 1: content does not match its hash (edited)`);
  }, 120_000);

  it("detects a whole history rewritten with recomputed hashes through the anchored heads", async () => {
    // Prepare: anchor, then rewrite version 1 of an anchored outfall and re-chain everything after it
    const id = await outfallWithHistory();
    await verifyHistoryCli("--anchor");
    const read = async (key: Record<string, string>) => unmarshall((await harness.db.send(new GetItemCommand({ TableName: harness.tableName, Key: marshall(key) }))).Item!);
    const first = (await read(keys.history(id, 1))).entry;
    const second = (await read(keys.history(id, 2))).entry;
    const { hash: _h1, ...body1 } = { ...first, actor: "forger@test" };
    const hash1 = historyHash(body1);
    const { hash: _h2, ...body2 } = { ...second, prevHash: hash1 };
    const hash2 = historyHash(body2);
    const record = await read(keys.outfall(id));
    for (const [version, entry] of [[1, { ...body1, hash: hash1 }], [2, { ...body2, hash: hash2 }]] as const) {
      await harness.db.send(new PutItemCommand({ TableName: harness.tableName, Item: marshall({ ...keys.history(id, version), type: "history", entry }, { removeUndefinedValues: true }) }));
    }
    await harness.db.send(new PutItemCommand({ TableName: harness.tableName, Item: marshall({ ...record, record: { ...record.record, historyHash: hash2 } }, { removeUndefinedValues: true }) }));
    // Act
    const verdict = await verifyHistoryCli();
    // Assess: the chain itself verifies; the anchor does not
    expect(verdict.code).toBe(1);
    expect(verdict.out).not.toContain(`BREAK outfall ${id} version 1: content`);
    expect(verdict.out).toMatch(new RegExp(`BREAK anchor anchors/\\S+ outfall ${id} version 2: the entry differs from the anchored head`));
  }, 120_000);

  it("detects an anchor edited after it was written (its signature)", async () => {
    // Prepare
    const anchors = (await import("node:fs")).readdirSync(join(anchorDir, "anchors"));
    const path = join(anchorDir, "anchors", anchors[0]!);
    const anchor = JSON.parse(readFileSync(path, "utf8"));
    anchor.manifest.heads[0].version += 1;
    writeFileSync(path, JSON.stringify(anchor));
    // Act
    const verdict = await verifyHistoryCli();
    // Assess
    expect(verdict.code).toBe(1);
    expect(verdict.out).toContain(`BREAK anchor anchors/${anchors[0]}: the manifest's signature does not verify`);
  }, 120_000);
});
