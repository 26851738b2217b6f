// A large, clean-ish old ledger for the 2,000-row test and `npm run bench:import`: rows on a 20 m grid around a
// subdistrict's centre, old codes, a type alias and DMS coordinates on every tenth row.
import ExcelJS from "exceljs";

export const SAMPLE_HEADERS = ["序号", "排污口名称", "排口编号", "经度", "纬度", "所在街道", "受纳水体", "排口类型", "备注"];

const dms = (x: number) => {
  const d = Math.floor(x);
  const m = Math.floor((x - d) * 60);
  const s = Math.round(((x - d) * 60 - m) * 60 * 100) / 100;
  return `${d}°${m}′${s}″`;
};

export function sampleRows(n: number, centre: { lng: number; lat: number }, subdistrict: string, prefix: string): unknown[][] {
  return Array.from({ length: n }, (_, i) => {
    const lng = Math.round((centre.lng + ((i % 50) - 25) * 0.0002) * 1e6) / 1e6;
    const lat = Math.round((centre.lat + (Math.floor(i / 50) - 20) * 0.0002) * 1e6) / 1e6;
    return [i + 1, `${subdistrict}${i + 1}号排口`, `${prefix}-${String(i + 1).padStart(4, "0")}`, i % 10 ? lng : dms(lng), i % 10 ? lat : dms(lat), subdistrict, "上塘河", "雨水排口", ""];
  });
}

export async function writeSampleLedger(path: string, rows: unknown[][]): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("台账");
  sheet.addRow(SAMPLE_HEADERS);
  for (const r of rows) sheet.addRow(r);
  await book.xlsx.writeFile(path);
}
