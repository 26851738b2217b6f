// A small HTTP client for the tests: real requests to the embedded stack, tokens from its issuer.
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { mintToken } from "../../local/issuer.js";

let override: string | undefined;
/** Points this file's calls at another server (an API served inside the test process, in-process.ts). */
export const useServer = (url: string | undefined) => {
  override = url;
};
export const baseUrl = () => override ?? inject("baseUrl");

const tokens = new Map<string, Promise<string>>();
/** A token of this test project's stack for `email`. Cached per issuer too: projects share modules in a
 *  worker, and each project's stack is its own issuer (its API's address). */
export function tokenFor(email: string): Promise<string> {
  const issuer = inject("issuer");
  const key = `${issuer.issuer}\n${email}`;
  let token = tokens.get(key);
  if (!token) {
    token = mintToken(issuer, email);
    tokens.set(key, token);
  }
  return token;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(
  method: string,
  path: string,
  options: { as?: string | null; body?: unknown; raw?: string | Buffer; headers?: Record<string, string>; /** another API (one started in the test's own process) */ base?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.as) headers.authorization = `Bearer ${await tokenFor(options.as)}`;
  let body: string | Buffer | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${options.base ?? baseUrl()}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** Number of items in the table: the store is unchanged when this and the records' versions are.
 *  DynamoDB Local answers DescribeTable's ItemCount live and exactly (a COUNT in its SQLite store, ~10 ms at
 *  10,000 items; the AWS service refreshes it only every few hours), where a Scan reads every item: with the
 *  thousands of records other files write into the shared stack, a Scan count took a minute. */
export async function tableItemCount(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: inject("tableName") }));
    return out.Table!.ItemCount!;
  } finally {
    client.destroy();
  }
}

/** A valid outfall in 凯旋街道 (inside the district bounds). */
export function validOutfall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subdistrict: "kaixuan",
    community: "新塘社区",
    longitude: 120.196,
    latitude: 30.276,
    waterBody: WATER_BODY,
    subcategory: "urban-stormwater",
    surveyLevel: 2,
    surveyMethod: "on-foot",
    surveyedAt: "2024-03-12",
    outletType: "pipe",
    sizeMm: "800",
    dryWeatherFlow: false,
    ...overrides,
  };
}

export const WATER_BODY = "xintang-river";
