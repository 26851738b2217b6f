// X-Ray subsegments without the X-Ray SDK (functions/src/observability/trace.ts): a DynamoDB client talks
// to a small HTTP server standing in for the service, and a UDP socket stands in for Lambda's X-Ray daemon.
import { createSocket } from "node:dgram";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient } from "../../functions/src/adapters/dynamodb/table.js";
import { parseTraceHeader, traced } from "../../functions/src/observability/trace.js";

const TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
let service: Server;
let endpoint: string;
const daemon = createSocket("udp4");
const received: string[] = [];

beforeAll(async () => {
  // The stand-in answers GetItem, and refuses a table named "missing" as DynamoDB does (400).
  service = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const missing = JSON.parse(body).TableName === "missing";
      res.writeHead(missing ? 400 : 200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": missing ? "req-2" : "req-1" });
      res.end(missing ? JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "no table" }) : JSON.stringify({ Item: { PK: { S: "a" } } }));
    });
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  daemon.on("message", (m) => received.push(m.toString()));
  await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
});

afterAll(() => {
  service.close();
  daemon.close();
});

const client = (env: NodeJS.ProcessEnv) =>
  traced(documentClient({ endpoint, region: "cn-north-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 }), env);
const lambdaEnv = () => ({ AWS_LAMBDA_FUNCTION_NAME: "fn", AWS_REGION: "cn-north-1", AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}` });
const until = async (n: number) => {
  for (let i = 0; i < 100 && received.length < n; i++) await new Promise((r) => setTimeout(r, 10));
};

describe("X-Ray subsegments", () => {
  it("reads Lambda's trace header", () => {
    expect(parseTraceHeader(TRACE)).toEqual({ root: "1-5759e988-bd862e3fe1be46a994272793", parent: "53995c3f42cd8ad8", sampled: true });
    expect(parseTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")?.sampled).toBe(false);
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });

  it("sends one subsegment per SDK call under the invocation's trace, the failed ones marked", async () => {
    // Prepare
    received.length = 0;
    process.env._X_AMZN_TRACE_ID = TRACE;
    const db = client(lambdaEnv());
    // Act
    await db.send(new GetCommand({ TableName: "t", Key: { PK: "a" } }));
    await expect(db.send(new GetItemCommand({ TableName: "missing", Key: { PK: { S: "a" } } }))).rejects.toThrow();
    await until(2);
    // Assess
    const [ok, failed] = received.map((m) => {
      const [header, doc] = m.split("\n");
      expect(JSON.parse(header!)).toEqual({ format: "json", version: 1 });
      return JSON.parse(doc!);
    });
    expect(ok).toMatchObject({
      type: "subsegment",
      trace_id: "1-5759e988-bd862e3fe1be46a994272793",
      parent_id: "53995c3f42cd8ad8",
      name: "DynamoDB",
      namespace: "aws",
      aws: { operation: "GetItem", region: "cn-north-1", request_id: "req-1" },
      http: { response: { status: 200 } },
    });
    expect(ok.id).toMatch(/^[0-9a-f]{16}$/);
    expect(ok.end_time).toBeGreaterThanOrEqual(ok.start_time);
    expect(ok.error ?? ok.fault).toBeUndefined();
    expect(failed).toMatchObject({ name: "DynamoDB", error: true, http: { response: { status: 400 } }, cause: { exceptions: [{ type: "ResourceNotFoundException" }] } });
  });

  it("sends nothing outside Lambda or when the invocation is not sampled", async () => {
    // Prepare
    received.length = 0;
    // Act
    process.env._X_AMZN_TRACE_ID = TRACE;
    await client({}).send(new GetCommand({ TableName: "t", Key: { PK: "a" } }));
    process.env._X_AMZN_TRACE_ID = TRACE.replace("Sampled=1", "Sampled=0");
    await client(lambdaEnv()).send(new GetCommand({ TableName: "t", Key: { PK: "a" } }));
    await new Promise((r) => setTimeout(r, 100));
    delete process.env._X_AMZN_TRACE_ID;
    // Assess
    expect(received).toEqual([]);
  });
});
