import type { Campaign } from "../domain/campaign.js";
import type { ReferenceIndex } from "../domain/reference.js";
import type { AuditLog } from "../ports/audit.js";
import type { BulletinStore } from "../ports/bulletins.js";
import type { MonitoringLimits } from "../domain/supervision/monitoring.js";
import type { Clock } from "../ports/clock.js";
import type { Directory } from "../ports/directory.js";
import type { DigestStore } from "../ports/digests.js";
import type { ExportFiles } from "../ports/export-files.js";
import type { IdempotencyStore } from "../ports/idempotency-store.js";
import type { OutfallRepository } from "../ports/outfall-repository.js";
import type { PhotoStore } from "../ports/photo-store.js";
import type { PhotoUploads } from "../ports/photo-uploads.js";
import type { TokenStore } from "../ports/tokens.js";
import type { PublicReportStore, RateLimiter } from "../ports/public-reports.js";
import type { SupervisionStore } from "../ports/supervision-store.js";

/** Everything a use case may touch, passed in (ports), so the same code runs in AWS, locally and in tests. */
export interface Deps {
  outfalls: OutfallRepository;
  directory: Directory;
  idempotency: IdempotencyStore;
  photos: PhotoStore;
  photoUploads: PhotoUploads;
  clock: Clock;
  reference: ReferenceIndex;
  campaign: Campaign;
  newId(): string;
  digests: DigestStore;
  /** Large exports, left for download (GET /v1/exports/{layout}). */
  exportFiles: ExportFiles;
  /** Personal tokens (app/tokens.ts). */
  tokens: TokenStore;
  /** Role changes, written with the user entry (app/users.ts), read by admins. */
  audit: AuditLog;
  bulletins: BulletinStore;
  /** Public reports (举报/数据纠错) and the public routes' rate counters. */
  reports: PublicReportStore;
  rateLimiter: RateLimiter;
  /** Where the public pages live (signboard QR codes); undefined: the address the request came to. */
  publicBaseUrl?: string;
  /** Monitoring indicators and limit sets (functions/reference/monitoring-limits.json). */
  monitoringLimits: MonitoringLimits;
  /** Draws, tasks, cases and spot checks with their event logs. */
  supervision: SupervisionStore;
}
