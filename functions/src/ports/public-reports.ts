import type { PublicReport, ReportStatus } from "../domain/public-report.js";

/** Public reports (举报/数据纠错), keyed by their lookup code. */
export interface PublicReportStore {
  /** False when the id is taken (a lookup-code collision: the caller draws another). */
  create(report: PublicReport): Promise<boolean>;
  get(id: string): Promise<PublicReport | undefined>;
  /** Newest first; `subdistricts` undefined lists the district. */
  list(subdistricts: string[] | undefined, status?: ReportStatus[]): Promise<PublicReport[]>;
  /** Conditional on the version the change was based on. */
  update(report: PublicReport, expectedVersion: number): Promise<{ ok: true } | { ok: false; current?: PublicReport }>;
}

/** Fixed-window counters shared by every instance of a function (DynamoDB in both homes). */
export interface RateLimiter {
  /** Counts one request against `key` in the current window; false when the window already holds `limit`. */
  take(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<boolean>;
}
