// Public reports and the public routes' rate counters in the single table (KEY-DESIGN.md):
// `REPORT#<code>` / `#REPORT` (GSI1 `REPORTS#<subdistrict>`, GSI2 `REPORTS`, both by `<createdAt>#<code>`)
// and `RATE#<scope>#<key>#<window>` / `#RATE` counters that expire with their window (TTL).
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { type PublicReport, type ReportStatus, rateWindow } from "../../domain/public-report.js";
import type { PublicReportStore, RateLimiter } from "../../ports/public-reports.js";
import { queryAll } from "./table.js";

export const reportKeys = {
  report: (id: string) => ({ PK: `REPORT#${id}`, SK: "#REPORT" }),
  bySubdistrict: (subdistrict: string, createdAt: string, id: string) => ({ GSI1PK: `REPORTS#${subdistrict}`, GSI1SK: `${createdAt}#${id}` }),
  all: (createdAt: string, id: string) => ({ GSI2PK: "REPORTS", GSI2SK: `${createdAt}#${id}` }),
  rate: (key: string, window: number) => ({ PK: `RATE#${key}#${window}`, SK: "#RATE" }),
};

export class DynamoPublicReports implements PublicReportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(report: PublicReport) {
    return {
      ...reportKeys.report(report.id),
      ...reportKeys.bySubdistrict(report.subdistrict, report.createdAt, report.id),
      ...reportKeys.all(report.createdAt, report.id),
      type: "report",
      version: report.version,
      status: report.status,
      report,
    };
  }

  async create(report: PublicReport): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(report), ConditionExpression: "attribute_not_exists(PK)" }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(id: string): Promise<PublicReport | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: reportKeys.report(id), ConsistentRead: true }));
    return out.Item?.report as PublicReport | undefined;
  }

  async list(subdistricts: string[] | undefined, status?: ReportStatus[]): Promise<PublicReport[]> {
    const partitions = subdistricts
      ? subdistricts.map((s) => ({ IndexName: "GSI1", KeyConditionExpression: "GSI1PK = :k", ExpressionAttributeValues: { ":k": `REPORTS#${s}` } }))
      : [{ IndexName: "GSI2", KeyConditionExpression: "GSI2PK = :k", ExpressionAttributeValues: { ":k": "REPORTS" } }];
    const pages = await Promise.all(partitions.map((p) => queryAll(this.db, { TableName: this.tableName, ScanIndexForward: false, ...p })));
    const reports = pages.flat().map((i) => i.report as PublicReport);
    return reports.filter((r) => !status || status.includes(r.status)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  }

  async update(report: PublicReport, expectedVersion: number): Promise<{ ok: true } | { ok: false; current?: PublicReport }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(report),
          ConditionExpression: "version = :v",
          ExpressionAttributeValues: { ":v": expectedVersion },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { ok: false, current: error.Item ? (unmarshall(error.Item).report as PublicReport) : undefined };
    }
  }
}

export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<boolean> {
    const window = rateWindow(nowMs, windowSeconds);
    const expiresAt = (window + 2) * windowSeconds;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: reportKeys.rate(key, window),
          UpdateExpression: "ADD #n :one SET expiresAt = :exp",
          ConditionExpression: "attribute_not_exists(#n) OR #n < :limit",
          ExpressionAttributeNames: { "#n": "count" },
          ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":exp": expiresAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
