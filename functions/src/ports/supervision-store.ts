import type { Page } from "./outfall-repository.js";

/** Supervision files that are not part of one outfall: draws (双随机), tasks (督导交办), enforcement cases,
 *  spot checks. Each is a document with a version and an append-only, hash-chained list of events; the
 *  document changes only together with a new event, conditional on the version it was based on. */
export type SupervisionKind = "draw" | "task" | "case" | "spotcheck";

export interface SupervisionEvent {
  seq: number;
  at: string;
  by: string;
  type: string;
  /** What happened, in the event's own terms (reason, witness, result …). */
  detail: Record<string, unknown>;
  prevHash: string;
  /** SHA-256 of the RFC 8785 form of the event without `hash`. */
  hash: string;
}

export interface SupervisionDoc {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Head of the event chain. */
  eventsHash: string;
  [field: string]: unknown;
}

export interface SupervisionStore {
  /** False when the id exists already. */
  create(kind: SupervisionKind, doc: SupervisionDoc, event: SupervisionEvent): Promise<boolean>;
  /** False when the stored version is not `doc.version - 1` (someone was faster). */
  append(kind: SupervisionKind, doc: SupervisionDoc, event: SupervisionEvent): Promise<boolean>;
  get(kind: SupervisionKind, id: string): Promise<SupervisionDoc | undefined>;
  events(kind: SupervisionKind, id: string): Promise<SupervisionEvent[]>;
  /** Newest first. */
  list(kind: SupervisionKind, limit: number, cursor?: string): Promise<Page<SupervisionDoc>>;
}
