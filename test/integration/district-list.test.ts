// The district-wide list and a subdistrict's list read their spread partitions (GSI2, GSI1) one after another
// (adapters/dynamodb/table.ts, `keys.district`, `keys.bySubdistrict`): page by page, every record comes exactly
// once, a record written before the spread (still under the single key `OUTFALLS` or `SUB#<subdistrict>`)
// included, a cursor handed out before the spread still resumes, and a cursor cannot be bent to another list.
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { SUBDISTRICT_LIST_SHARDS, documentClient, keys, subdistrictPartition, subdistrictShard } from "../../functions/src/adapters/dynamodb/table.js";
import { call, validOutfall } from "./client.js";
import { CLERK, COORDINATOR } from "./users.js";

async function pageThrough(query: string, limit: number, first?: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | undefined = first;
  do {
    const page = await call("GET", `/v1/outfalls?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { as: COORDINATOR });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.body.items.map((o: { id: string }) => o.id));
    pages++;
    cursor = page.body.nextCursor;
  } while (cursor);
  return { ids, pages };
}

describe("the district-wide list over spread partitions", () => {
  it("pages through every partition: each record once, an old single-key record too", async () => {
    // Prepare: 24 new records, one of them put back under the list's old single key
    const since = new Date().toISOString();
    const made: string[] = [];
    for (let i = 0; i < 24; i++) made.push((await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body.id);
    const db = documentClient({ endpoint: inject("dynamoEndpoint"), region: "us-east-1" });
    await db.send(new UpdateCommand({ TableName: inject("tableName"), Key: keys.outfall(made[0]!), UpdateExpression: "SET GSI2PK = :old", ExpressionAttributeValues: { ":old": "OUTFALLS" } }));
    // Act
    const small = await pageThrough(`updatedSince=${encodeURIComponent(since)}`, 5);
    const whole = await pageThrough(`updatedSince=${encodeURIComponent(since)}`, 1000);
    const suspected = await pageThrough(`updatedSince=${encodeURIComponent(since)}&status=confirmed`, 7);
    // Assess
    expect(new Set(small.ids).size).toBe(small.ids.length);
    expect(small.ids).toEqual(expect.arrayContaining(made));
    expect(small.pages).toBeGreaterThanOrEqual(5);
    expect(whole.pages).toBe(1);
    expect([...whole.ids].sort()).toEqual([...small.ids].sort());
    expect(new Set(suspected.ids).size).toBe(suspected.ids.length);
    expect(suspected.ids).toEqual(expect.arrayContaining(made));
  });

  it("refuses a cursor naming a partition it does not have, or a key from another partition", async () => {
    // Prepare
    const outOfRange = Buffer.from(JSON.stringify({ shard: "99" })).toString("base64url");
    const inner = Buffer.from(JSON.stringify({ PK: "OUTFALL#x", SK: "#RECORD", GSI2PK: "USERS", GSI2SK: "x" })).toString("base64url");
    const otherPartition = Buffer.from(JSON.stringify({ shard: "1", key: inner })).toString("base64url");
    // Act
    const replies = await Promise.all([outOfRange, otherPartition, "not-a-cursor"].map((c) => call("GET", `/v1/outfalls?cursor=${c}`, { as: COORDINATOR })));
    // Assess
    expect(replies.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(replies.map((r) => r.body.errors[0].field)).toEqual(["cursor", "cursor", "cursor"]);
  });
});

describe("a subdistrict's list over spread partitions", () => {
  it("pages through every partition: each record once, an old single-key record too, an old cursor resumes", async () => {
    // Prepare: 24 new records of 凯旋街道, one of them put back under the list's old single key
    const since = new Date().toISOString();
    const made: { id: string; updatedAt: string }[] = [];
    for (let i = 0; i < 24; i++) made.push((await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body);
    const db = documentClient({ endpoint: inject("dynamoEndpoint"), region: "us-east-1" });
    const old = made[0]!;
    await db.send(new UpdateCommand({ TableName: inject("tableName"), Key: keys.outfall(old.id), UpdateExpression: "SET GSI1PK = :old", ExpressionAttributeValues: { ":old": "SUB#kaixuan" } }));
    const oldCursor = Buffer.from(JSON.stringify({ ...keys.outfall(old.id), GSI1PK: "SUB#kaixuan", GSI1SK: `${old.updatedAt}#${old.id}` })).toString("base64url");
    const query = `subdistrict=kaixuan&updatedSince=${encodeURIComponent(since)}`;
    // Act
    const small = await pageThrough(query, 5);
    const whole = await pageThrough(query, 1000);
    const resumed = await pageThrough(query, 1000, oldCursor);
    // Assess
    const ids = made.map((m) => m.id);
    expect(new Set(small.ids).size).toBe(small.ids.length);
    expect(small.ids).toEqual(expect.arrayContaining(ids)); // other test files may add records of 凯旋街道 meanwhile
    expect(small.pages).toBeGreaterThanOrEqual(5);
    expect(whole.pages).toBe(1);
    expect([...whole.ids].sort()).toEqual([...small.ids].sort());
    expect(resumed.ids).toEqual(expect.arrayContaining(ids.slice(1))); // everything after the old cursor's record
    expect(resumed.ids).not.toContain(old.id);
  });

  it("lists records still under the key they got when the list had 8 partitions (16 now), each once", async () => {
    // Prepare: 12 or more new records of 凯旋街道 (until one hashes to a partition the old list did not have),
    // each put back under its 8-partition key where that differs
    const since = new Date().toISOString();
    const made: string[] = [];
    while (made.length < 12 || made.every((id) => subdistrictShard(id) < 8)) made.push((await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body.id);
    const db = documentClient({ endpoint: inject("dynamoEndpoint"), region: "us-east-1" });
    const moved = made.filter((id) => subdistrictShard(id) >= 8);
    for (const id of moved) {
      const former = subdistrictPartition("kaixuan", subdistrictShard(id) % 8);
      await db.send(new UpdateCommand({ TableName: inject("tableName"), Key: keys.outfall(id), UpdateExpression: "SET GSI1PK = :former", ExpressionAttributeValues: { ":former": former } }));
    }
    // Act
    const listed = await pageThrough(`subdistrict=kaixuan&updatedSince=${encodeURIComponent(since)}`, 4);
    // Assess
    expect(SUBDISTRICT_LIST_SHARDS).toBe(16);
    expect(new Set(listed.ids).size).toBe(listed.ids.length);
    expect(listed.ids).toEqual(expect.arrayContaining(made));
  });

  it("an incremental pull reads partitions side by side and still lists each record once, whatever the page size", async () => {
    // Prepare: 30 new records of 凯旋街道 spread over the 16 partitions
    const since = new Date().toISOString();
    const made: string[] = [];
    for (let i = 0; i < 30; i++) made.push((await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body.id);
    const query = `subdistrict=kaixuan&updatedSince=${encodeURIComponent(since)}`;
    // Act: pages smaller than, about as large as and larger than what a partition holds
    const runs = await Promise.all([1, 2, 3, 7, 1000].map((limit) => pageThrough(query, limit)));
    // Assess (only this test's records: other files may write records of 凯旋街道 meanwhile)
    const ours = new Set(made);
    for (const run of runs) expect(run.ids.filter((id) => ours.has(id)).sort()).toEqual([...made].sort());
    expect(runs[0]!.pages).toBeGreaterThanOrEqual(30);
  });
});
