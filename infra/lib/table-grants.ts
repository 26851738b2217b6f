// The DynamoDB statements of a function's role: reads on the table and its named indexes; writes only
// on the partition-key prefixes its entry in handlers.ts lists (dynamodb:LeadingKeys).
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { TABLE_KEYS } from "../../functions/src/adapters/dynamodb/table.js";
import { type HandlerNeeds, INDEX_ACTIONS, type KeyPrefix, TABLE_READ_ACTIONS, type WriteAction } from "./handlers.js";

/** The prefixes each write action is allowed on, from a handler's `writes`. */
export function writeGrants(needs: HandlerNeeds): Map<WriteAction, KeyPrefix[]> {
  const byAction = new Map<WriteAction, KeyPrefix[]>();
  for (const w of needs.writes ?? []) for (const a of w.actions) byAction.set(a, [...(byAction.get(a) ?? []), w.prefix]);
  return byAction;
}

export function tableStatements(tableArn: string, needs: HandlerNeeds): PolicyStatement[] {
  if (!needs.table) return [];
  if ((needs.table === "readwrite") !== Boolean(needs.writes?.length)) {
    throw new Error(`infra/lib/handlers.ts: a "readwrite" handler lists its writes, and only it`);
  }
  const statements = [
    new PolicyStatement({ sid: "TableRead", actions: [...TABLE_READ_ACTIONS], resources: [tableArn] }),
    // The indexes are named one by one (TABLE_KEYS), so no `/index/*` wildcard is needed.
    new PolicyStatement({
      sid: "TableIndexQuery",
      actions: [...INDEX_ACTIONS],
      resources: TABLE_KEYS.indexes.map((i) => `${tableArn}/index/${i.name}`),
    }),
  ];
  for (const [action, prefixes] of writeGrants(needs)) {
    statements.push(
      new PolicyStatement({
        sid: `Table${action.replace("dynamodb:", "")}`,
        actions: [action],
        resources: [tableArn],
        // Every partition key the request touches must start with one of the prefixes; the Null check
        // refuses a request without keys (ForAllValues alone would accept an empty set).
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": prefixes.map((p) => `${p}*`) },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      }),
    );
  }
  return statements;
}
