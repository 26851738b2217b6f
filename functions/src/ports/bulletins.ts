import type { Bulletin, BulletinSummary } from "../domain/bulletin-issue.js";
import type { Delivery } from "./digests.js";
import type { Page } from "./outfall-repository.js";

/** A bulletin as stored: the document, and where its issued form was delivered (mail, sheet, archive). */
export type StoredBulletin = Bulletin & { deliveries?: Delivery[] };

/** Why a conditional write of a bulletin did not land: another version is stored, or it is issued. */
export type BulletinWriteRefusal = { refused: "version" | "issued"; current: Bulletin };

/** Progress bulletins (调度通报): one open draft at a time, issued ones kept unchanged with their 第 N 期. */
export interface BulletinStore {
  /** The open draft's id, if any. */
  openDraftId(): Promise<string | undefined>;
  /** Stores a new draft, unless another draft is open: then that one comes back (created false). */
  createDraft(draft: Bulletin): Promise<{ bulletin: Bulletin; created: boolean }>;
  get(id: string): Promise<StoredBulletin | undefined>;
  /** Keeps the delivery results beside the issued bulletin (the document itself never changes). */
  recordDeliveries(id: string, deliveries: Delivery[]): Promise<void>;
  /** Newest first; `issuedOnly` leaves drafts out. */
  list(limit: number, cursor: string | undefined, issuedOnly: boolean): Promise<Page<BulletinSummary>>;
  /** Replaces the draft stored at version `next.version - 1` (optimistic concurrency). */
  saveDraft(next: Bulletin): Promise<Bulletin | BulletinWriteRefusal>;
  /**
   * Issues the draft stored at `draft.version`: allocates the next 第 N 期 of the district (a counter
   * advanced conditionally in the same transaction, so a number is used once and never skipped) and stores
   * the bulletin issued. A bulletin found already issued comes back as it is (a retried issue).
   */
  issue(draft: Bulletin, issue: (number: number) => Bulletin): Promise<Bulletin | BulletinWriteRefusal>;
}
