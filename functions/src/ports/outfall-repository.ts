import type { Status } from "../domain/enums.js";
import type { HistoryEntry, Outfall } from "../domain/outfall.js";
import type { ProgressInput } from "../domain/progress.js";
import type { RowMarkerRef } from "./idempotency-store.js";

/** An item kept in the record's partition and written in the record's transaction, once: a patrol
 *  (`PATROL#<id>`) or a monitoring result (`MONITOR#<id>`). Never updated; a second write of the same
 *  key fails and the whole write is answered as `replayed`. */
export interface Attachment {
  /** Sort key prefix, e.g. "PATROL#". */
  kind: "PATROL#" | "MONITOR#";
  id: string;
  body: Record<string, unknown>;
}

/** A record write with its history entry (and, for a row of a request with an Idempotency-Key, the row's
 *  marker); all land together or not at all. */
export type OutfallWrite = (
  | { kind: "create"; record: Outfall; history: HistoryEntry }
  | { kind: "update"; record: Outfall; previous: Outfall; history: HistoryEntry }
) & { marker?: RowMarkerRef; attachment?: Attachment };

export type UniqueField = "tempId" | "nationalCode" | "provincialCode";

export type WriteOutcome =
  | { ok: true }
  /** The stored version is not the one the write was based on (or the id is taken, for a create). */
  | { ok: false; reason: "conflict"; current?: Outfall }
  /** A unique code is held by another outfall. */
  | { ok: false; reason: "duplicate"; field: UniqueField; ownerId?: string }
  /** Another attempt of the same request already wrote this row (its marker exists): nothing was written. */
  | { ok: false; reason: "replayed" };

export interface OutfallQuery {
  /** Undefined lists the whole district. */
  subdistrict?: string;
  status?: Status[];
  category?: string[];
  /** Subcategory keys to keep (`in`) or to leave out (`notIn`; records without a subcategory stay). */
  subcategory?: { in?: string[]; notIn?: string[] };
  /** Inclusive lower bound on updatedAt (ISO timestamp), for incremental pulls. */
  updatedSince?: string;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface OutfallRepository {
  get(id: string): Promise<Outfall | undefined>;
  /** Strongly consistent reads of many records; missing ids are absent from the map. */
  getMany(ids: string[]): Promise<Map<string, Outfall>>;
  /** Reserves `count` consecutive numbers of a subdistrict's temp-id sequence and returns the first.
   *  A number is never handed out twice, even when the write that wanted it fails. */
  reserveTempSequence(shortCode: string, count: number): Promise<number>;
  /** Writes each record together with its history entry, conditional on the version it was based on.
   *  Outcomes come back in the order of `writes`; one failing write never blocks the others. */
  write(writes: OutfallWrite[]): Promise<WriteOutcome[]>;
  list(query: OutfallQuery): Promise<Page<Outfall>>;
  /** The outfall holding a temp id, if any. */
  idByTempId(tempId: string): Promise<string | undefined>;
  /** Outfalls whose responsible parties carry each unified social credit code (R-ONE-PER-ENTERPRISE). */
  idsByCreditCode(codes: string[]): Promise<Map<string, string[]>>;
  history(id: string, limit: number, cursor?: string): Promise<Page<HistoryEntry>>;
  /** The attachments of one kind kept with a record (patrols, monitoring results), in key order. */
  attachments(id: string, kind: Attachment["kind"], limit: number, cursor?: string): Promise<Page<Record<string, unknown>>>;
  /** One attachment, if it exists. */
  attachment(id: string, kind: Attachment["kind"], attachmentId: string): Promise<Record<string, unknown> | undefined>;
  /** The compact progress summaries of every outfall in these subdistricts (the digest's input). */
  progressInputs(subdistricts: string[]): Promise<ProgressInput[]>;
  /** Whether the ledger holds no outfall at all (the demo seed loads only into an empty store). */
  isEmpty(): Promise<boolean>;
}

/** A page cursor that is not one this list handed out. */
export class InvalidCursor extends Error {}
