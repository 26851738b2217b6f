// Column maps (functions/reference/exports/*.json) and the pure parts of the export: rows, file names, delivery.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COLUMN_MAP_LAYOUTS, loadColumnMap } from "../../functions/reference/exports/index.js";
import { loadReference } from "../../functions/reference/index.js";
import { INLINE_MAX_BYTES, byLink } from "../../functions/src/app/exports.js";
import { planListCell, toDate } from "../../functions/src/app/export-workbook.js";
import { EXPORT_SOURCES, checkColumnMap, exportRow, inLayout, type ExportRecord } from "../../functions/src/domain/export-layout.js";
import { contentDisposition } from "../../functions/src/http/content-disposition.js";
import { outfall } from "./outfall-fixture.js";

const ref = loadReference();
const record = (o: Partial<ExportRecord> = {}): ExportRecord =>
  ({ ...outfall({ status: "retained", action: "standardize", completedAt: "2024-05-06", provincialCode: "33010220230000012345" }), inventory: "outfall", effectiveDeadline: "2024-12-31", overdue: false, ...o }) as ExportRecord;

describe("column maps", () => {
  it("the bundled layouts are valid and flagged for the province's confirmation", () => {
    // Prepare
    const layouts = COLUMN_MAP_LAYOUTS;
    // Act
    const maps = layouts.map((l) => loadColumnMap(l)!);
    // Assess
    expect(layouts).toEqual(["provincial", "retained"]);
    for (const m of maps) expect(m).toMatchObject({ needsConfirmation: true });
    expect(maps[1]!.records).toBe("retained");
    expect(loadColumnMap("nothing")).toBeUndefined();
  });

  it("refuses an unknown source, a column with both source and value, and a header used twice", () => {
    // Prepare
    const raw = {
      title: "t",
      sheet: "s",
      records: "ledger",
      columns: [
        { header: "编码", source: "codee" },
        { header: "名称", source: "name", value: "x" },
        { header: "名称", source: "name" },
      ],
    };
    // Act
    const { map, problems } = checkColumnMap(raw);
    // Assess
    expect(map).toBeUndefined();
    expect(problems[0]).toMatch(/^columns\[0\] "编码": unknown source "codee"; known: tempId, /);
    expect(problems[1]).toBe('columns[1] "名称": give exactly one of source or value');
    expect(problems[2]).toBe("header used twice: 名称");
  });

  it("a district's own column map in REFERENCE_DIR/exports replaces the bundled one", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "ref-"));
    mkdirSync(join(dir, "exports"));
    writeFileSync(join(dir, "exports", "retained.json"), JSON.stringify({ title: "{district}保留", sheet: "保留", records: "retained", columns: [{ header: "所在区", value: "上城" }, { header: "编码", source: "code" }] }));
    // Act
    const map = loadColumnMap("retained", dir)!;
    const fallback = loadColumnMap("provincial", dir)!;
    // Assess
    expect(map.columns.map((c) => c.header)).toEqual(["所在区", "编码"]);
    expect(exportRow(map, record(), ref).map((c) => c.value)).toEqual(["上城", "33010220230000012345"]);
    expect(fallback.sheet).toBe("排污口台账");
  });
});

describe("export rows", () => {
  it("codes stay text, dates are dates, coordinates numbers with their decimals, values in Chinese", () => {
    // Prepare
    const map = loadColumnMap("provincial")!;
    const headers = map.columns.map((c) => c.header);
    // Act
    const cells = exportRow(map, record(), ref);
    const at = (h: string) => cells[headers.indexOf(h)];
    // Assess
    expect(at("排污口编码")).toEqual({ value: "33010220230000012345", format: "text" });
    expect(at("经度")).toEqual({ value: 120.196, format: "number", decimals: 6 });
    expect(at("完成时间")).toEqual({ value: "2024-05-06", format: "date" });
    expect(at("所在街道")!.value).toBe("凯旋街道");
    expect(at("整治状态")!.value).toBe("已完成整治");
    expect(at("是否保留")!.value).toBe("规范整治后保留");
    expect(at("所在区县")!.value).toBe("上城区");
  });

  it("dates of timestamps are Beijing dates: an acceptance at 07:30 on the 2nd (23:30 UTC on the 1st) is the 2nd", () => {
    // Prepare
    const map = loadColumnMap("provincial")!;
    const headers = map.columns.map((c) => c.header);
    const accepted = record({ acceptance: { by: "eco@x.cn", at: "2026-12-01T23:30:00.000Z", result: "passed" } } as Partial<ExportRecord>);
    // Act
    const cells = exportRow(map, accepted, ref);
    // Assess
    expect(cells[headers.indexOf("验收时间")]).toEqual({ value: "2026-12-02", format: "date" });
    expect(cells[headers.indexOf("完成时间")]).toEqual({ value: "2024-05-06", format: "date" });
  });

  it("every source reads a full record, and a bare one without failing (absent values are empty)", () => {
    // Prepare
    const full = record({
      nationalCode: "3301020001", community: "新塘社区", address: "新塘路1号", subcategory: "urban-stormwater", outletType: "pipe", sizeMm: "800",
      dischargePattern: "intermittent", dryWeatherFlow: true, surveyLevel: 3, surveyMethod: "cctv", surveyedAt: "2024-03-01", responsibilityBasis: "traced",
      responsibleParties: [{ name: "甲公司", kind: "enterprise", creditCode: "91330102MA2KXX001U", permitNo: "91330102MA2KXX001U001P", contact: "王五", phone: "13800000000" }, { name: "乙物业", kind: "residential" }],
      department: "enforcement", problems: ["aging", "dry-weather"], plan: "更换管道", approval: { status: "approved", documentNo: "杭环审〔2024〕1号" },
      acceptance: { by: "x", at: "2024-07-01T02:00:00Z", result: "passed" }, closedAt: "2024-07-02T02:00:00Z", signboard: { installed: true, installedAt: "2024-05-01" }, updatedAt: "2024-07-03T00:00:00Z",
    } as Partial<ExportRecord>);
    const bare = record({ status: "suspected", action: undefined, completedAt: undefined, provincialCode: undefined, subcategory: undefined, receiving: undefined, surveyLevel: undefined } as Partial<ExportRecord>);
    // Act
    const fullValues = Object.entries(EXPORT_SOURCES).map(([name, s]) => [name, s.value(full, ref)] as const);
    const bareValues = Object.fromEntries(Object.entries(EXPORT_SOURCES).map(([name, s]) => [name, s.value(bare, ref)]));
    // Assess
    const empty = fullValues.filter(([name, v]) => v === null && name !== "waterBodyCode").map(([name]) => name);
    expect(empty).toEqual([]);
    expect(Object.fromEntries(fullValues)).toMatchObject({ partyName: "甲公司；乙物业", creditCode: "91330102MA2KXX001U", problems: "设施老化破损、晴天排水", acceptedAt: "2024-07-01", dryWeatherFlow: "是" });
    expect(bareValues).toMatchObject({ code: "SC-KX-0001", action: null, completedAt: null, partyName: null, problems: null, remediationState: "未整治", retention: "否", signboard: "否", surveyLevel: null });
    expect(["remediating", "awaiting-acceptance", "dismissed", "closed"].map((status) => EXPORT_SOURCES.remediationState!.value(record({ status, action: "ban", completedAt: undefined } as Partial<ExportRecord>), ref))).toEqual(["整治中", "已完成整治（待验收）", "非排污口", "已完成整治"]);
  });

  it("the ledger leaves out dismissed points; the retained list holds only retained outfalls", () => {
    // Prepare
    const [ledger, retained] = COLUMN_MAP_LAYOUTS.map((l) => loadColumnMap(l)!);
    // Act
    const dismissed = record({ status: "dismissed" });
    const open = record({ status: "remediating" });
    // Assess
    expect([inLayout(ledger!, dismissed), inLayout(ledger!, open), inLayout(ledger!, record())]).toEqual([false, true, true]);
    expect([inLayout(retained!, open), inLayout(retained!, record())]).toEqual([false, true]);
  });

  it("plan-list cells: dates and timestamps (China day) become dates, text stays text", () => {
    // Prepare
    const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
    // Act
    const cells = [planListCell("2024-06-30", "completedAt", chinaDay), planListCell("2024-06-30T17:00:00.000Z", "acceptedAt", chinaDay), planListCell("SC-KX-0001", "tempId", chinaDay), planListCell(30.2, "latitude", chinaDay), planListCell(true, "x", chinaDay)];
    // Assess
    expect(cells).toEqual([
      { value: "2024-06-30", format: "date" },
      { value: "2024-07-01", format: "date" },
      { value: "SC-KX-0001", format: "text" },
      { value: 30.2, format: "number", decimals: 6 },
      { value: "是", format: "text" },
    ]);
    expect(toDate("2024-06-30")).toEqual(new Date("2024-06-30T00:00:00Z"));
    expect(toDate("6/30")).toBeUndefined();
  });
});

describe("delivery and file names", () => {
  it("answers up to 4 MB in the response (5.3 MB as base64, under the 6 MB limit) and links anything larger", () => {
    // Prepare
    const sizes = [1000, INLINE_MAX_BYTES, INLINE_MAX_BYTES + 1];
    // Act
    const links = sizes.map((s) => byLink(s, undefined));
    // Assess
    expect(links).toEqual([false, false, true]);
    expect(Math.ceil((INLINE_MAX_BYTES * 4) / 3)).toBeLessThan(6 * 1024 * 1024 - 64 * 1024);
    expect(byLink(10, "link")).toBe(true);
    expect(byLink(INLINE_MAX_BYTES + 1, "inline")).toBe(true);
  });

  it("Content-Disposition carries an ASCII name and the Chinese name per RFC 5987", () => {
    // Prepare
    const name = "上城区凯旋街道入河入海排污口保留清单(2)-2026-12-01.xlsx";
    // Act
    const header = contentDisposition(name, "retained-2026-12-01.xlsx");
    // Assess
    expect(header).toBe(`attachment; filename="retained-2026-12-01.xlsx"; filename*=UTF-8''${encodeURIComponent(name).replace("(", "%28").replace(")", "%29")}`);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(name);
  });
});
