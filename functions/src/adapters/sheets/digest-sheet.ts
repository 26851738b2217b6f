// Writes each digest into the coordinators' spreadsheet through the Google Sheets API with a service
// account: 进度周报 is overwritten with the latest figures, 进度历史 gains one row per subdistrict.
import { auth as googleAuth, sheets as sheetsApi, type sheets_v4 } from "@googleapis/sheets";
import { LATE_HEADER, bulletinTables, lateRows, ragLegend } from "../../app/digest-bulletin-tables.js";
import { chinaTime, forMode, groupTable, subdistrictTable } from "../../app/digest-tables.js";
import { type DocumentParts, copyToLine, sectionHeading } from "../../domain/bulletin-issue.js";
import type { Progress } from "../../domain/progress.js";
import type { ReferenceIndex } from "../../domain/reference.js";
import type { DigestSheet } from "../../ports/digests.js";

export const REPORT_SHEET = "进度周报";
export const HISTORY_SHEET = "进度历史";
/** An issued bulletin (调度通报): header, narrative, the same figures and 抄送; overwritten by the next one. */
export const BULLETIN_SHEET = "调度通报";
const HISTORY_HEADER = ["统计时间", "街道", "总数", "已溯源", "已完成", "完成率(%)", "逾期"];

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

type SheetsAuth = sheets_v4.Options["auth"];

export class GoogleDigestSheet implements DigestSheet {
  private readonly api: sheets_v4.Sheets;

  constructor(
    private readonly spreadsheetId: string,
    auth: SheetsAuth,
    /** Points the client elsewhere (a local stand-in in tests). */
    rootUrl?: string,
  ) {
    this.api = sheetsApi({ version: "v4", auth, ...(rootUrl ? { rootUrl } : {}) });
  }

  static withServiceAccount(spreadsheetId: string, key: ServiceAccountKey, rootUrl?: string): GoogleDigestSheet {
    const jwt = new googleAuth.JWT({ email: key.client_email, key: key.private_key, scopes: ["https://www.googleapis.com/auth/spreadsheets"] });
    return new GoogleDigestSheet(spreadsheetId, jwt, rootUrl);
  }

  async write(p: Progress, ref?: ReferenceIndex, doc?: DocumentParts): Promise<{ updatedRanges: string[] }> {
    await this.ensureSheets(doc ? [BULLETIN_SHEET] : [REPORT_SHEET, HISTORY_SHEET]);
    const table = forMode(p, subdistrictTable(p));
    const departments = forMode(p, groupTable("监管部门", p.byDepartment));
    const categories = forMode(p, groupTable("排污口类型", p.byCategory));
    const bulletin = p.bulletin && ref ? [...bulletinTables(p.bulletin, ref), { title: "逾期或滞留排污口及等待对象", header: LATE_HEADER, rows: lateRows(p.bulletin, ref), note: ragLegend(p.bulletin) }] : [];
    const report = [
      [`${p.bulletin?.title ?? p.campaign.name} 进度周报`],
      ["统计时间", chinaTime(p.asOf)],
      [],
      table.header,
      ...table.rows,
      table.total,
      [],
      departments.header,
      ...departments.rows,
      [],
      categories.header,
      ...categories.rows,
      // The bulletin's tables follow, so the rows above keep their place for formulas that read them.
      ...bulletin.flatMap((t) => [[], [t.title], t.header, ...t.rows, ...(t.note ? [[t.note]] : [])]),
    ];
    if (doc) {
      const head = [[`${doc.issuer}调度通报`], [doc.number], [doc.issuer, doc.date], [], [doc.title], ...doc.sections.flatMap((x, i) => [[sectionHeading(i, x.label)], [x.text]]), []];
      const copy = copyToLine(doc.copyTo);
      return this.overwrite(BULLETIN_SHEET, [...head, ...report, ...(copy ? [[], [copy]] : [])]);
    }
    const when = chinaTime(p.asOf);
    const history = [
      ...p.bySubdistrict.map((g) => [when, g.label, g.total, g.traced, g.done, g.donePct, g.overdue]),
      [when, `${p.district.label}合计`, p.district.total, p.district.traced, p.district.done, p.district.donePct, p.district.overdue],
    ];
    const [updated] = (await this.overwrite(REPORT_SHEET, report)).updatedRanges;
    const appended = await this.api.spreadsheets.values.append({
      spreadsheetId: this.spreadsheetId,
      range: `'${HISTORY_SHEET}'!A1`,
      valueInputOption: "RAW",
      insertDataOption: "INSERT_ROWS",
      requestBody: { values: history },
    });
    return { updatedRanges: [updated ?? "", appended.data.updates?.updatedRange ?? ""] };
  }

  /** Clears a sheet and writes `rows` from A1. */
  private async overwrite(sheet: string, rows: (string | number)[][]): Promise<{ updatedRanges: string[] }> {
    await this.api.spreadsheets.values.clear({ spreadsheetId: this.spreadsheetId, range: `'${sheet}'` });
    const updated = await this.api.spreadsheets.values.update({
      spreadsheetId: this.spreadsheetId,
      range: `'${sheet}'!A1`,
      valueInputOption: "RAW",
      requestBody: { values: rows },
    });
    return { updatedRanges: [updated.data.updatedRange ?? ""] };
  }

  /** Creates the sheets (and the history header) in a spreadsheet that lacks them. */
  private async ensureSheets(needed: string[]): Promise<void> {
    const meta = await this.api.spreadsheets.get({ spreadsheetId: this.spreadsheetId, fields: "sheets.properties.title" });
    const titles = new Set((meta.data.sheets ?? []).map((s) => s.properties?.title));
    const missing = needed.filter((t) => !titles.has(t));
    if (!missing.length) return;
    await this.api.spreadsheets.batchUpdate({
      spreadsheetId: this.spreadsheetId,
      requestBody: { requests: missing.map((title) => ({ addSheet: { properties: { title } } })) },
    });
    if (missing.includes(HISTORY_SHEET)) {
      await this.api.spreadsheets.values.update({
        spreadsheetId: this.spreadsheetId,
        range: `'${HISTORY_SHEET}'!A1`,
        valueInputOption: "RAW",
        requestBody: { values: [HISTORY_HEADER] },
      });
    }
  }
}
