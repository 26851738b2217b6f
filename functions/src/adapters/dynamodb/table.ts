// The single table's key design (see KEY-DESIGN.md beside this file). Shared by the adapters, the local
// stack that creates the table, and the CDK stack, so that the three can never disagree.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, type QueryCommandInput, paginateQuery } from "@aws-sdk/lib-dynamodb";
import { backoff } from "../../backoff.js";

export const TABLE_KEYS = {
  partitionKey: "PK",
  sortKey: "SK",
  indexes: [
    { name: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK" },
    { name: "GSI2", partitionKey: "GSI2PK", sortKey: "GSI2SK" },
    // Only the compact progress summary is projected: the digest reads ~400 bytes per outfall, not the file.
    { name: "GSI3", partitionKey: "GSI3PK", sortKey: "GSI3SK", projection: ["summary"] },
  ] as { name: string; partitionKey: string; sortKey: string; projection?: string[] }[],
  timeToLiveAttribute: "expiresAt",
} as const;

export const keys = {
  outfall: (id: string) => ({ PK: `OUTFALL#${id}`, SK: "#RECORD" }),
  history: (id: string, version: number) => ({ PK: `OUTFALL#${id}`, SK: `HIST#${String(version).padStart(10, "0")}` }),
  /** A patrol or monitoring result, kept in its outfall's partition (append-only). */
  attachment: (outfallId: string, kind: string, id: string) => ({ PK: `OUTFALL#${outfallId}`, SK: `${kind}${id}` }),
  /** A supervision file (draw, task, case, spot check) and its append-only events. */
  supervision: (prefix: string, id: string) => ({ PK: `${prefix}#${id}`, SK: "#DOC" }),
  supervisionEvent: (prefix: string, id: string, seq: number) => ({ PK: `${prefix}#${id}`, SK: `EVENT#${String(seq).padStart(10, "0")}` }),
  pendingPhoto: (outfallId: string, photoId: string) => ({ PK: `OUTFALL#${outfallId}`, SK: `UPLOAD#${photoId}` }),
  digest: (id: string) => ({ PK: `DIGEST#${id}`, SK: "#DIGEST" }),
  bulletin: (id: string) => ({ PK: `BULLETIN#${id}`, SK: "#BULLETIN" }),
  /** The district's one open draft bulletin (`draftId`, "" when none). */
  bulletinDraft: () => ({ PK: "BULLETIN#DRAFT", SK: "#DRAFT" }),
  creditCode: (code: string, outfallId: string) => ({ PK: `CREDIT#${code}`, SK: `OUTFALL#${outfallId}` }),
  unique: (field: string, value: string) => ({ PK: `UNIQUE#${field}#${value}`, SK: "#UNIQUE" }),
  sequence: (name: string) => ({ PK: `SEQ#${name}`, SK: "#SEQ" }),
  user: (email: string) => ({ PK: `USER#${email}`, SK: "#USER" }),
  idempotency: (key: string) => ({ PK: `IDEMPOTENCY#${key}`, SK: "#IDEMPOTENCY" }),
  /** A personal token (functions/src/app/tokens.ts): looked up by the id the token carries. */
  token: (id: string) => ({ PK: `TOKEN#${id}`, SK: "#TOKEN" }),
  /** The append-only audit log of role changes: one partition, ordered by time. */
  audit: (at: string, id: string) => ({ PK: "AUDIT#LOG", SK: `${at}#${id}` }),
  /** GSI1, a subdistrict's list of records (lists and incremental pulls), each partition ordered by last
   *  change: spread over SUBDISTRICT_LIST_SHARDS partitions, because a clerk's push writes its rows at the
   *  push's own pace (the add-on's 3 requests in flight at ~580 rows/s each, × ~4.6 index write units a row,
   *  are ~8,000 WCU/s against the 1,000 a single key takes; 8 partitions were at the limit once the API got
   *  faster, 16 leave half of it; README, "Scale"). Going from 8 to 16 moves nothing: a record keeps its key
   *  until its next write, and the lists read partitions 0–15, which include the old 0–7. */
  bySubdistrict: (subdistrict: string, updatedAt: string, id: string) => ({
    GSI1PK: subdistrictPartition(subdistrict, subdistrictShard(id)),
    GSI1SK: `${updatedAt}#${id}`,
  }),
  /** GSI3: the records' progress summaries, spread over PROGRESS_SHARDS partitions per subdistrict so that
   *  no partition grows with the ledger (paging a large partition gets slower with its size). */
  progress: (subdistrict: string, id: string) => ({ GSI3PK: progressPartition(subdistrict, progressShard(id)), GSI3SK: id }),
  /** GSI2, the district-wide list of records: spread over DISTRICT_LIST_SHARDS partitions so that no
   *  partition takes every write when all subdistricts push at once (a single key caps at 1,000 WCU/s). */
  district: (id: string, updatedAt: string) => ({ GSI2PK: districtPartition(districtShard(id)), GSI2SK: `${updatedAt}#${id}` }),
  /** GSI2: one partition per item kind, ordered (the user list, digests, bulletins…). */
  byKind: (kind: "USERS" | "DIGESTS" | "TOKENS" | "BULLETINS" | "DRAWS" | "TASKS" | "CASES" | "SPOTCHECKS", sort: string) => ({ GSI2PK: kind, GSI2SK: sort }),
};

export const PROGRESS_SHARDS = 8;
export const DISTRICT_LIST_SHARDS = 16;
export const SUBDISTRICT_LIST_SHARDS = 16;

export const districtPartition = (shard: number) => `OUTFALLS#${shard}`;
/** The district list's partitions in the order a list reads them. Records written before the list was
 *  spread carry the single key `OUTFALLS` until their next write; it is read first. */
export const DISTRICT_LIST_PARTITIONS = ["OUTFALLS", ...Array.from({ length: DISTRICT_LIST_SHARDS }, (_, i) => districtPartition(i))];

export const subdistrictPartition = (subdistrict: string, shard: number) => `SUB#${subdistrict}#${shard}`;
/** A subdistrict's list partitions in the order a list reads them; records written before the list was
 *  spread carry the single key `SUB#<subdistrict>` until their next write, and it is read first. */
export const subdistrictListPartitions = (subdistrict: string) => [
  `SUB#${subdistrict}`,
  ...Array.from({ length: SUBDISTRICT_LIST_SHARDS }, (_, i) => subdistrictPartition(subdistrict, i)),
];

export const progressPartition = (subdistrict: string, shard: number) => `PROGRESS#${subdistrict}#${shard}`;

/** A stable hash of the id's last characters (ULIDs end in random bits). */
function tailHash(id: string): number {
  let h = 0;
  for (let i = Math.max(0, id.length - 6); i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h;
}

export const progressShard = (id: string): number => tailHash(id) % PROGRESS_SHARDS;
export const districtShard = (id: string): number => tailHash(id) % DISTRICT_LIST_SHARDS;
export const subdistrictShard = (id: string): number => tailHash(id) % SUBDISTRICT_LIST_SHARDS;

export function documentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Creates the table when missing (local stack and tests; in AWS the CDK stack owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_KEYS.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: TABLE_KEYS.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: "HASH" },
          { AttributeName: i.sortKey, KeyType: "RANGE" },
        ],
        Projection: i.projection ? { ProjectionType: "INCLUDE", NonKeyAttributes: i.projection } : { ProjectionType: "ALL" },
      })),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/** Strongly consistent BatchGetItem of any number of keys, 100 at a time, retrying unprocessed keys. */
export async function batchGetAll(db: DynamoDBDocumentClient, tableName: string, wanted: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < wanted.length; i += 100) chunks.push(wanted.slice(i, i + 100));
  const items: Record<string, unknown>[] = [];
  // The chunks of a large read go out side by side (a 500-row update reads 5 of them).
  await settleAll(
    chunks,
    async (chunk) => {
      let pending: Record<string, unknown>[] | undefined = chunk;
      for (let attempt = 0; pending?.length && attempt < 10; attempt++) {
        await backoff(attempt);
        const out: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } = await db.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        items.push(...(out.Responses?.[tableName] ?? []));
        pending = out.UnprocessedKeys?.[tableName]?.Keys;
      }
      if (pending?.length) throw new Error("BatchGetItem kept returning unprocessed keys");
    },
    8,
  );
  return items;
}

type ItemKey = Record<string, unknown>;
type Item = Record<string, unknown>;
interface PendingRead {
  key: ItemKey;
  resolve: (item: Item | undefined) => void;
  reject: (error: unknown) => void;
}

/** Strongly consistent single-item reads of one table, where the reads asked for in the same turn of the
 *  event loop go out as one request: a PATCH's record, read ahead, and the caller's user entry, asked for
 *  while the token is checked, cost one BatchGetItem instead of two requests (app/read-ahead.ts). A lone
 *  read is a plain GetItem. */
export class ItemReader {
  private pending: PendingRead[] = [];

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(key: ItemKey): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      // setImmediate runs once the promise callbacks queued now have run: reads that follow an awaited
      // cache hit (a token verified before) still join this request.
      if (!this.pending.length) setImmediate(() => void this.flush());
      this.pending.push({ key, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const reads = this.pending;
    this.pending = [];
    try {
      if (reads.length === 1) {
        const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: reads[0]!.key, ConsistentRead: true }));
        reads[0]!.resolve(out.Item);
        return;
      }
      const id = (item: ItemKey) => `${item.PK as string}\u0000${item.SK as string}`;
      const unique = [...new Map(reads.map((r) => [id(r.key), r.key])).values()];
      const found = new Map((await batchGetAll(this.db, this.tableName, unique)).map((item) => [id(item), item]));
      for (const read of reads) read.resolve(found.get(id(read.key)));
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  }
}

const readers = new WeakMap<DynamoDBDocumentClient, Map<string, ItemReader>>();
/** The one reader of a client and table, shared by the adapters built on them (so their reads can meet). */
export function itemReader(db: DynamoDBDocumentClient, tableName: string): ItemReader {
  let byTable = readers.get(db);
  if (!byTable) readers.set(db, (byTable = new Map()));
  let reader = byTable.get(tableName);
  if (!reader) byTable.set(tableName, (reader = new ItemReader(db, tableName)));
  return reader;
}

/** Runs `task` over `inputs` with at most `concurrency` in flight; waits for every started task before
 *  rethrowing the first failure, so nothing is still writing when the caller answers. */
export async function settleAll<T>(inputs: readonly T[], task: (input: T) => Promise<void>, concurrency: number): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, inputs.length) }, async () => {
      while (next < inputs.length && !failures.length) {
        try {
          await task(inputs[next++]!);
        } catch (error) {
          failures.push(error);
        }
      }
    }),
  );
  if (failures.length) throw failures[0];
}

/** Every item a query matches, through all its pages (lib-dynamodb's paginator). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: db }, input)) items.push(...(page.Items ?? []));
  return items;
}
