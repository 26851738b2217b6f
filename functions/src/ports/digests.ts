import type { DocumentParts } from "../domain/bulletin-issue.js";
import type { SubdistrictFigures } from "../domain/digest-view.js";
import type { Progress, Snapshot } from "../domain/progress.js";
import type { ReferenceIndex } from "../domain/reference.js";
import type { Page } from "./outfall-repository.js";

export interface Delivery {
  channel: "archive" | "mail" | "sheet";
  ok: boolean;
  at: string;
  detail: string;
}

/** A progress digest as kept: the figures, what the next one compares with, and where it went. */
export interface Digest {
  id: string;
  trigger: "schedule" | "manual";
  createdBy: string;
  progress: Progress;
  snapshot: Snapshot;
  deliveries: Delivery[];
}

export type DigestSummary = Pick<Digest, "id" | "trigger" | "createdBy" | "deliveries"> & {
  asOf: string;
  total: number;
  done: number;
  donePct: number;
  overdue: number;
  /** The same figures per subdistrict (a clerk's list); absent on digests stored before it was kept. */
  bySubdistrict?: SubdistrictFigures;
};

export interface DigestStore {
  /** False when a digest with this id exists already (a retried schedule). */
  create(digest: Digest): Promise<boolean>;
  get(id: string): Promise<Digest | undefined>;
  latest(): Promise<Digest | undefined>;
  list(limit: number, cursor?: string): Promise<Page<DigestSummary>>;
  recordDeliveries(id: string, deliveries: Delivery[]): Promise<void>;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Images the HTML shows by Content-ID (`<img src="cid:…">`), sent as inline parts. */
  inline?: InlineImage[];
}

export interface InlineImage {
  cid: string;
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** The coordinators' spreadsheet: a 进度周报 sheet overwritten, a history sheet appended. */
export interface DigestSheet {
  /** `ref` names subdistricts and departments in the bulletin's tables; with `doc` (an issued bulletin)
   *  its header, narrative and 抄送 go with the figures into a 调度通报 sheet instead. */
  write(progress: Progress, ref?: ReferenceIndex, doc?: DocumentParts): Promise<{ updatedRanges: string[] }>;
}

/** HTML and JSON of each digest kept as files (S3 in AWS, s3rver locally). */
export interface DigestArchive {
  put(id: string, json: string, html: string): Promise<{ jsonKey: string; htmlKey: string }>;
}

/** Where digests go; each channel is optional (configured per deployment). Built only by the functions
 *  that deliver digests, so the others do not bundle the mail and Sheets clients. */
export interface DeliveryChannels {
  mailer?: Mailer;
  from?: string;
  to: string[];
  /** Async: the service-account key may have to be fetched from a secret store first. */
  sheet?: () => Promise<DigestSheet | undefined>;
  archive?: DigestArchive;
  /** Renders an SVG as a PNG (`scale` times its size): the e-mail's map. Without it the mail has no map. */
  svgToPng?: (svg: string, scale: number) => Promise<Uint8Array>;
  /** Told of every delivery attempt as it ends (metrics: deliveries by channel and failure). */
  onDelivery?: (delivery: Delivery) => void;
}
