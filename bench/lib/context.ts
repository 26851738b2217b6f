// What every bench stage shares: one embedded stack (DynamoDB Local, s3rver, the API with the real
// handlers), a coordinator's token, raw SDK clients on the same DynamoDB Local for the baselines, and the
// record items exactly as the API would write them.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { documentClient, settleAll } from "../../functions/src/adapters/dynamodb/table.js";
import { type WritePlan, outfallItem, packGroups, planWrite } from "../../functions/src/adapters/dynamodb/write-plan.js";
import { MAX_BATCH_ROWS } from "../../functions/src/app/batch.js";
import type { Deps } from "../../functions/src/app/deps.js";
import { GENESIS_HASH, historyEntry } from "../../functions/src/app/history.js";
import { runtime } from "../../functions/src/config.js";
import type { Principal } from "../../functions/src/domain/access.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { buildNewOutfall, diffRecords } from "../../functions/src/domain/record.js";
import { formatTempId } from "../../functions/src/domain/temp-id.js";
import { mintToken } from "../../local/issuer.js";
import { type Stack, startStack } from "../../local/stack.js";
import { ensureUser } from "../../local/users.js";

export const BENCH_USER = "bench.coordinator@local";

export interface BenchContext {
  stack: Stack;
  deps: Deps;
  db: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  token: string;
  quick: boolean;
  /** Repeats of each measurement (median and spread are reported). */
  repeats: number;
  progress(message: string): void;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; bytes: number }>;
  stop(): Promise<void>;
}

export async function openContext(options: { quick: boolean; progress: (m: string) => void }): Promise<BenchContext> {
  process.env.LOG_LEVEL ??= "silent";
  const stack = await startStack({ port: 0, tableName: "bench" });
  const deps = runtime().deps;
  await ensureUser(deps, { email: BENCH_USER, role: "coordinator", name: "基准测试" });
  const token = await mintToken(stack.issuer, BENCH_USER);
  const raw = new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: "us-east-1" });
  const db = documentClient({ endpoint: stack.dynamoEndpoint, region: "us-east-1" });
  return {
    stack,
    deps,
    db,
    raw,
    token,
    quick: options.quick,
    // --quick proves every stage end to end (the test runs it): two rounds still give a median and a spread.
    repeats: options.quick ? 2 : 5,
    progress: options.progress,
    async api(method, path, body, headers = {}) {
      const res = await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text) };
    },
    async stop() {
      raw.destroy();
      db.destroy();
      await stack.stop();
    },
  };
}

/** Milliseconds `f` takes. */
export async function timed(f: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await f();
  return performance.now() - started;
}

export const BENCH_PRINCIPAL: Principal = { email: BENCH_USER, role: "coordinator" } as Principal;
let tempSequence = 0;

/** New records built from create inputs the way the API builds them, with their history entries; with
 *  `markers`, each row also carries the row marker a request with an Idempotency-Key writes (one key a full request). */
export function plannedCreates(deps: Deps, tableName: string, inputs: readonly unknown[], markers = false): { records: Outfall[]; plans: WritePlan[] } {
  const now = new Date().toISOString();
  const records: Outfall[] = [];
  const plans: WritePlan[] = [];
  const run = ulid();
  for (const input of inputs) {
    const built = buildNewOutfall(input, deps.reference);
    if (!built.ok) throw new Error(`bench input invalid: ${JSON.stringify(built.violations)}`);
    const sub = deps.reference.subdistrictByKey.get(built.value.subdistrict!)!;
    const base = { ...built.value, id: ulid(), tempId: formatTempId("BN", sub.shortCode, ++tempSequence), version: 1, createdAt: now, createdBy: BENCH_USER, updatedAt: now, updatedBy: BENCH_USER };
    const history = historyEntry({ outfallId: base.id, version: 1, at: now, who: BENCH_PRINCIPAL, channel: "api", action: "create", changes: diffRecords(undefined, base as Outfall), prevHash: GENESIS_HASH });
    const record = { ...base, historyHash: history.hash } as Outfall;
    records.push(record);
    const n = plans.length;
    const marker = markers ? { marker: { key: `bench-${run}#${Math.floor(n / MAX_BATCH_ROWS)}`, requestHash: "bench", index: n % MAX_BATCH_ROWS } } : {};
    plans.push(planWrite(tableName, { kind: "create", record, history, ...marker }, Math.floor(Date.now() / 1000)));
  }
  return { records, plans };
}

/** Baseline: the records' items put with BatchWriteItem, 25 a call, 8 calls in flight. */
export async function rawBatchWrite(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await settleAll(
    chunks,
    async (chunk) => {
      type Request = Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>;
      let request: Request | undefined = { [tableName]: chunk.map((Item) => ({ PutRequest: { Item } })) };
      while (request) {
        const out: { UnprocessedItems?: Record<string, unknown[]> } = await db.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems?.[tableName]?.length ? (out.UnprocessedItems as Request) : undefined;
      }
    },
    8,
  );
}

/** Baseline: exactly the transact items the API writes, packed as the API packs them, 8 in flight. */
export async function rawTransactions(db: DynamoDBDocumentClient, plans: readonly WritePlan[]): Promise<void> {
  const groups = packGroups(
    plans.map((_, i) => i),
    (i) => plans[i]!,
  );
  await settleAll(groups, async (group) => void (await db.send(new TransactWriteCommand({ TransactItems: group.flatMap((i) => plans[i]!.items) }))), 8);
}

export { outfallItem };
