import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { headerKey } from "../../workbook/src/import/mapping.js";
import { decodeText, parseCsv, readSource } from "../../workbook/src/import/source.js";

const folder = mkdtempSync(join(tmpdir(), "import-source-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("old-ledger sources", () => {
  it("CSV: quoted commas, doubled quotes and line breaks inside a field", () => {
    expect(parseCsv('a,"b,1","say ""hi""\nthere"\r\nx,y,z\n')).toEqual([
      ["a", "b,1", 'say "hi"\nthere'],
      ["x", "y", "z"],
    ]);
  });

  it("CSV text: UTF-8 with a BOM, or GB18030 as Excel saves it on a Chinese Windows", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xe7, 0xbb, 0x8f]))).toBe("经");
    expect(decodeText(new Uint8Array([0xbe, 0xad, 0xb6, 0xc8]))).toBe("经度");
  });

  it("a CSV ledger: the header found below a title line, trailing blank rows dropped, row numbers kept", async () => {
    // Prepare
    const file = join(folder, "台账.csv");
    writeFileSync(file, "南星街道排污口台账\n序号,排污口名称,经度,纬度\n1,南星1号,120.17,30.22\n,,,\n2,南星2号,120.18,30.23\n,,,\n");
    // Act
    const table = await readSource(file);
    // Assess
    expect(table).toMatchObject({ file: "台账.csv", headerRow: 2, headers: ["序号", "排污口名称", "经度", "纬度"] });
    expect(table.rows.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(table.rows[2]!.cells).toEqual(["2", "南星2号", "120.18", "30.23"]);
  });

  it("unsupported files are refused in Chinese", async () => {
    const file = join(folder, "台账.pdf");
    writeFileSync(file, "x");
    await expect(readSource(file)).rejects.toThrow("不支持的文件类型「.pdf」：请提供 .xlsx、.xls 或 .csv 文件");
  });

  it("headers compare without spaces, full-width forms, units in brackets or marks", () => {
    expect(headerKey(" 经 度（°）")).toBe("经度");
    expect(headerKey("*排污口名称：")).toBe("排污口名称");
  });
});

describe("an old .xls ledger (LibreOffice headless)", () => {
  it("is converted and read like an .xlsx, header below its title", { timeout: 120_000 }, async () => {
    // Prepare: an .xlsx saved as .xls by LibreOffice itself
    const { execFileSync } = await import("node:child_process");
    const ExcelJS = (await import("exceljs")).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("台账");
    sheet.addRow(["旧台账"]);
    sheet.addRow(["排污口名称", "经度", "纬度"]);
    sheet.addRow(["南星1号", 120.17, 30.22]);
    const xlsx = join(folder, "旧.xlsx");
    await book.xlsx.writeFile(xlsx);
    execFileSync("soffice", ["--headless", "--norestore", `-env:UserInstallation=file://${folder}/profile`, "--convert-to", "xls", "--outdir", folder, xlsx], { stdio: "ignore" });
    // Act
    const table = await readSource(join(folder, "旧.xls"));
    // Assess
    expect(table).toMatchObject({ file: "旧.xls", sheet: "台账", headerRow: 2, headers: ["排污口名称", "经度", "纬度"] });
    expect(table.rows).toEqual([{ row: 3, cells: ["南星1号", 120.17, 30.22] }]);
  });
});
