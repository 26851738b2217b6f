// ItemReader (adapters/dynamodb/table.ts): single-item reads asked for in the same turn of the event loop
// go out as one request. The client is a stand-in that records the commands it is sent; the DynamoDB Local
// side (a PATCH's operations on the wire) is test/integration/store-requests.test.ts.
import { type BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { ItemReader } from "../../functions/src/adapters/dynamodb/table.js";

type Key = { PK: string; SK: string };
const key = (pk: string): Key => ({ PK: pk, SK: "#" });

/** A client over `items` that notes each command's name and input; `fail` makes every send throw. */
function standIn(items: Key[], fail = false) {
  const sent: { name: string; input: any }[] = [];
  const has = (k: Key) => items.find((i) => i.PK === k.PK && i.SK === k.SK);
  const db = {
    send: async (command: GetCommand | BatchGetCommand) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (fail) throw new Error("store unavailable");
      if (command instanceof GetCommand) return { Item: has(command.input.Key as Key) };
      const [table, ask] = Object.entries(command.input.RequestItems!)[0]!;
      return { Responses: { [table]: (ask.Keys as Key[]).map(has).filter(Boolean) } };
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, sent };
}

describe("ItemReader", () => {
  it("sends the reads of one turn as one consistent BatchGetItem, each key once, and answers each read", async () => {
    // Prepare
    const { db, sent } = standIn([key("USER#a"), key("OUTFALL#1")]);
    const reader = new ItemReader(db, "t");
    // Act
    const [user, record, again, missing] = await Promise.all([reader.get(key("USER#a")), reader.get(key("OUTFALL#1")), reader.get(key("USER#a")), reader.get(key("OUTFALL#2"))]);
    // Assess
    expect(sent.map((s) => s.name)).toEqual(["BatchGetCommand"]);
    expect(sent[0]!.input.RequestItems.t).toEqual({ Keys: [key("USER#a"), key("OUTFALL#1"), key("OUTFALL#2")], ConsistentRead: true });
    expect([user, record, again, missing]).toEqual([key("USER#a"), key("OUTFALL#1"), key("USER#a"), undefined]);
  });

  it("sends a lone read as a consistent GetItem, and reads of a later turn as a request of their own", async () => {
    // Prepare
    const { db, sent } = standIn([key("USER#a")]);
    const reader = new ItemReader(db, "t");
    // Act
    const first = await reader.get(key("USER#a"));
    const second = await reader.get(key("USER#b"));
    // Assess
    expect(sent.map((s) => [s.name, s.input.ConsistentRead])).toEqual([
      ["GetCommand", true],
      ["GetCommand", true],
    ]);
    expect(first).toEqual(key("USER#a"));
    expect(second).toBeUndefined();
  });

  it("fails every read of a request the store refused", async () => {
    // Prepare
    const { db } = standIn([], true);
    const reader = new ItemReader(db, "t");
    // Act
    const reads = await Promise.allSettled([reader.get(key("USER#a")), reader.get(key("OUTFALL#1"))]);
    // Assess
    expect(reads.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(reads.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(["store unavailable", "store unavailable"]);
  });
});
