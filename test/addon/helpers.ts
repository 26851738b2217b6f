// Shared by the add-on scenarios: direct API calls (seeding, a colleague's concurrent edit, checks), a loaded
// add-on for a clerk, and readers of the simulated sheet by column key.
import { inject } from "vitest";
import { mintToken } from "../../local/issuer.js";
import { type AddonRuntime, loadAddon } from "./sim/runtime.js";
import type { SimSheet } from "./sim/spreadsheet.js";
import { CENTRES } from "./users.js";
import { validOutfall } from "../integration/client.js";

export const LEDGER = "排污口台账";
export const CONFLICTS = "冲突";
export const SUMMARY = "汇总";

const tokens = new Map<string, Promise<string>>();
export function tokenFor(email: string): Promise<string> {
  if (!tokens.has(email)) tokens.set(email, mintToken(inject("addonIssuer"), email));
  return tokens.get(email)!;
}

export async function api<T = any>(method: string, path: string, as: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${inject("addonApiUrl")}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenFor(as)}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A valid outfall of a subdistrict (inside the district, near the subdistrict's centre). */
export function outfall(subdistrict: string, i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const c = CENTRES[subdistrict]!;
  return validOutfall({
    subdistrict,
    community: c.community,
    address: `测试路${i}号`,
    longitude: Math.round((c.lng + ((i % 20) - 10) * 0.0002) * 1e6) / 1e6,
    latitude: Math.round((c.lat + (Math.floor(i / 20) % 20 - 10) * 0.0002) * 1e6) / 1e6,
    ...overrides,
  });
}

/** Creates `count` outfalls through the batch endpoint, as the given user; returns the records. */
export async function seed(as: string, subdistrict: string, count: number, from = 0): Promise<any[]> {
  const records: any[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => ({ values: outfall(subdistrict, from + start + k) }));
    const reply = await api("POST", "/v1/outfalls/batch?full=1", as, { rows });
    if (reply.status !== 200 || reply.body.summary.ok !== rows.length) throw new Error(`seeding failed: ${JSON.stringify(reply.body).slice(0, 500)}`);
    records.push(...reply.body.results.map((r: any) => r.record));
  }
  return records;
}

/** The built add-on, loaded for a clerk, with the API address saved through the settings RPC. */
export async function addonFor(email: string, scriptProperties: Record<string, string> = { PULL_OVERLAP_SECONDS: "2" }): Promise<AddonRuntime> {
  const rt = loadAddon({ bundle: inject("addonBundle"), token: await tokenFor(email), email, scriptProperties });
  rt.call("onOpen", { authMode: "FULL" });
  const settings = rt.call("saveSettings", { apiUrl: inject("addonApiUrl") });
  if (settings.error) throw new Error(settings.error);
  return rt;
}

/** The ledger sheet's columns by key (from the `字段：` line of each header note). */
export function columns(sheet: SimSheet): Map<string, number> {
  const width = sheet.getLastColumn();
  const notes = sheet.getRange(1, 1, 1, width).getNotes()[0]!;
  const out = new Map<string, number>();
  notes.forEach((n, i) => {
    const key = /^字段：(\S+)/.exec(n)?.[1];
    if (key) out.set(key, i + 1);
  });
  return out;
}

export interface RowView {
  row: number;
  get(key: string): unknown;
  note(key: string): string;
  background(key: string): string;
}

/** The ledger's data rows, read by column key. */
export function ledgerRows(rt: AddonRuntime): RowView[] {
  const sheet = rt.ss.getSheetByName(LEDGER)!;
  const cols = columns(sheet);
  const last = sheet.getLastRow();
  const out: RowView[] = [];
  for (let r = 2; r <= last; r++) {
    const at = (key: string) => {
      const c = cols.get(key);
      if (!c) throw new Error(`no column ${key}`);
      return c;
    };
    out.push({
      row: r,
      get: (key) => sheet.getRange(r, at(key)).getValue(),
      note: (key) => sheet.getRange(r, at(key)).getNote(),
      background: (key) => sheet.getRange(r, at(key)).getBackground(),
    });
  }
  return out;
}

export function rowById(rt: AddonRuntime, id: string): RowView {
  const row = ledgerRows(rt).find((r) => r.get("_id") === id);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
}

/** A clerk typing into the cell of `key` on `row`. */
export function type(rt: AddonRuntime, row: number, key: string, value: unknown) {
  const col = columns(rt.ss.getSheetByName(LEDGER)!).get(key);
  if (!col) throw new Error(`no column ${key}`);
  rt.edit(LEDGER, row, col, value);
}

/** All records of a subdistrict as the API lists them (as a coordinator). */
export async function listAll(subdistrict: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await api("GET", `/v1/outfalls?subdistrict=${subdistrict}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, "coordinator@addon.test");
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}
