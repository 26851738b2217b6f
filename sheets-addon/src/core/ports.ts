// What the sync engine needs from its host. Apps Script implements these in src/gas/; the Excel/WPS workbook
// tools implement them over a workbook file. Every call is synchronous, as in Apps Script.
import type { ChunkLimits } from "./chunk.js";
import type { Column } from "./columns.js";
import type { Clock, HttpPort, RetryPolicy } from "./http.js";
import type { Grid } from "./rows.js";
import type { Writes } from "./writes.js";

export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface Cache {
  get(key: string): string | null;
  put(key: string, value: string, seconds: number): void;
  remove(key: string): void;
}

export interface PlacedColumn {
  /** 0-based column index in the sheet. */
  index: number;
  column: Column;
}

/** The ledger sheet: row 1 holds the headers, data from row 2. */
export interface LedgerPort {
  readonly sheetId: string;
  readHeader(): { labels: unknown[]; notes: string[] };
  /** Writes headers and their notes, number formats, dropdowns, and hides and protects the sync columns.
   *  `initial` also sets widths and freezes the header row and the first `frozenColumns` columns. */
  setupColumns(columns: PlacedColumn[], options: { initial: boolean; frozenColumns: number }): void;
  /** Values, notes and fills of rows 2…last, at least `width` columns wide. */
  read(width: number): Grid;
  /** Applies the writes, adding rows at the end of the sheet first if needed. */
  write(writes: Writes): void;
  /** Rows the sheet has (filled or not); rows added beyond it need their formats and dropdowns set up. */
  rowCapacity(): number;
}

export interface TableOptions {
  hiddenColumns?: number[];
  widths?: number[];
  /** Dropdowns below the header: column number (1-based) → the values offered (others warned, not refused). */
  dropdowns?: Record<number, string[]>;
}

export interface WorkbookPort {
  readonly id: string;
  /** The ledger sheet; created (empty) when `create` is set and it does not exist. */
  ledger(create: boolean): LedgerPort | undefined;
  /** All values of a side sheet ([] when it does not exist). */
  readTable(name: string): unknown[][];
  /** Replaces a side sheet's content (created when missing). Row 1 is a header and is frozen. */
  writeTable(name: string, rows: unknown[][], options?: TableOptions): void;
  /** The active sheet's name and the selected row numbers on it. */
  selection(): { sheet: string; rows: number[] };
  activate(name: string): void;
}

export interface Ui {
  toast(message: string, title?: string, seconds?: number): void;
  alert(message: string, title?: string): void;
}

export interface Lock {
  tryLock(ms: number): boolean;
  release(): void;
}

export interface Tuning {
  limits: ChunkLimits;
  retry: RetryPolicy;
  /** Chunks sent together in one fetchAll; progress is shown between groups. */
  parallel: number;
  /** Stop starting new chunks after this long (Apps Script stops a run at 6 minutes). */
  timeBudgetMs: number;
  /** Records per page when pulling. */
  pageSize: number;
  /** Incremental pulls ask from this long before the last pull (updatedSince is inclusive, writes land late). */
  overlapMs: number;
}

export interface Env {
  workbook: WorkbookPort;
  http: HttpPort;
  clock: Clock;
  /** The signed-in user's OpenID identity token. */
  identityToken(): string;
  /** A date cell's Date → YYYY-MM-DD in the spreadsheet's time zone. */
  formatDate(date: Date): string;
  /** Per spreadsheet (shared by everyone working in it). */
  documentSettings: KeyValue;
  /** Per deployment, set by the administrator (read only here). */
  scriptSettings: Pick<KeyValue, "get">;
  cache: Cache;
  userCache: Cache;
  lock: Lock;
  ui: Ui;
  tuning?: Partial<Tuning>;
  /** How messages name the tool's commands (the add-on's menus by default; the workbook names its commands). */
  hints?: Partial<Hints>;
  /** Pull asks the list for each record's allowedActions and blockers (the 可办理 / 待补 columns). */
  nextSteps?: boolean;
}

export interface Hints {
  /** Where the API address is set. */
  settings: string;
  /** How a user not bound to a subdistrict chooses one. */
  subdistrict: string;
  /** The pull command. */
  pull: string;
  /** Where conflicts are resolved. */
  conflicts: string;
}
