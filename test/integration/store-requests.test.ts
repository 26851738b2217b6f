// How many requests a single-record route sends to the store, counted on the wire: the API (served in this
// process) talks to DynamoDB Local through a loopback proxy that notes each request's operation. A PATCH
// reads the caller's user entry and the record in one BatchGetItem, then writes (adapters/dynamodb/table.ts,
// ItemReader; app/read-ahead.ts): two round trips, as the store's own floor of read-then-write.
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, validOutfall } from "./client.js";
import { serveInProcess } from "./in-process.js";
import { CLERK, OTHER_CLERK } from "./users.js";

/** Forwards every request to `target`, noting its operation (X-Amz-Target: DynamoDB_20120810.<operation>). */
function countingProxy(target: string): { server: Server; operations: string[] } {
  const operations: string[] = [];
  const upstream = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    operations.push(String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "");
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  return { server, operations };
}

const proxy = countingProxy(inject("dynamoEndpoint"));
beforeAll(() => new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise((resolve) => proxy.server.close(resolve)));
serveInProcess(() => ({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}` }));

/** The store operations `act` causes. */
async function operationsOf(act: () => Promise<unknown>): Promise<string[]> {
  proxy.operations.length = 0;
  await act();
  return [...proxy.operations];
}

describe("store requests of a single-record route", () => {
  it("a PATCH reads the user and the record in one request, then writes", async () => {
    // Prepare: a record, and the clerk's token verified once (a warm function remembers it)
    const created = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
    expect(created.status).toBe(201);
    // Act
    const patch = await operationsOf(async () => {
      const reply = await call("PATCH", `/v1/outfalls/${created.body.id}`, { as: CLERK, body: { address: "凯旋路 8 号北侧" }, headers: { "if-match": String(created.body.version) } });
      expect(reply.status).toBe(200);
    });
    const get = await operationsOf(async () => expect((await call("GET", `/v1/outfalls/${created.body.id}`, { as: CLERK })).status).toBe(200));
    // Assess
    expect(patch).toEqual(["BatchGetItem", "TransactWriteItems"]);
    expect(get).toEqual(["BatchGetItem"]);
  });

  it("a read ahead is not shown to a caller out of scope, and a missing record is still 404", async () => {
    // Prepare
    const created = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
    await call("GET", "/v1/me", { as: OTHER_CLERK });
    // Act
    let other: Awaited<ReturnType<typeof call>> | undefined;
    let missing: Awaited<ReturnType<typeof call>> | undefined;
    const otherOps = await operationsOf(async () => {
      other = await call("PATCH", `/v1/outfalls/${created.body.id}`, { as: OTHER_CLERK, body: { address: "别处" }, headers: { "if-match": String(created.body.version) } });
    });
    const missingOps = await operationsOf(async () => {
      missing = await call("GET", "/v1/outfalls/01ZZZZZZZZZZZZZZZZZZZZZZZZ", { as: CLERK });
    });
    // Assess
    expect(other!.status).toBe(403);
    expect(JSON.stringify(other!.body)).not.toContain("凯旋路");
    expect(otherOps).toEqual(["BatchGetItem"]);
    expect(missing!.status).toBe(404);
    expect(missingOps).toEqual(["BatchGetItem"]);
  });

  it("the record's history and patrols read the record with the user, then their own items", async () => {
    // Prepare
    const created = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
    // Act
    const history = await operationsOf(async () => expect((await call("GET", `/v1/outfalls/${created.body.id}/history`, { as: CLERK })).status).toBe(200));
    const patrols = await operationsOf(async () => expect((await call("GET", `/v1/outfalls/${created.body.id}/patrols`, { as: CLERK })).status).toBe(200));
    // Assess
    expect(history).toEqual(["BatchGetItem", "Query"]);
    expect(patrols).toEqual(["BatchGetItem", "Query"]);
  });

  it("a lone read is a GetItem", async () => {
    // Act
    const me = await operationsOf(async () => expect((await call("GET", "/v1/me", { as: CLERK })).status).toBe(200));
    // Assess
    expect(me).toEqual(["GetItem"]);
  });
});
