// Open data (开放数据): the public fields of every public outfall as GeoJSON and CSV, with the licence and
// the time the data was last changed. Rows are keyed by the temp id, which is never reused.
import type { Outfall } from "../domain/outfall.js";
import { OPEN_DATA_COLUMNS, publicOutfall } from "../domain/public-view.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { toCsv } from "./lists.js";

export const OPEN_DATA_LICENCE = "知识共享署名 4.0（CC BY 4.0）：可自由复制、使用和再发布，须注明来源";

const lastUpdated = (records: Outfall[], now: string) => records.map((r) => r.updatedAt).sort().at(-1) ?? now;

export function openDataGeoJson(records: Outfall[], ref: ReferenceIndex, now: string) {
  return {
    type: "FeatureCollection",
    name: `${ref.district.name}入河入海排污口公开信息`,
    licence: OPEN_DATA_LICENCE,
    source: `${ref.district.name}入河入海排污口排查整治台账`,
    lastUpdated: lastUpdated(records, now),
    generatedAt: now,
    crs: "EPSG:4326 (WGS84/CGCS2000)",
    features: records.map((r) => {
      const o = publicOutfall(r, ref);
      const properties = Object.fromEntries(OPEN_DATA_COLUMNS.map(([key]) => [key, o[key] ?? null]));
      return { type: "Feature", id: o.tempId, geometry: { type: "Point", coordinates: [o.longitude, o.latitude] }, properties };
    }),
  };
}

/** CSV for spreadsheets (UTF-8 with BOM); the licence and update time are the last two rows' first cells. */
export function openDataCsv(records: Outfall[], ref: ReferenceIndex, now: string): string {
  const columns = OPEN_DATA_COLUMNS.map(([key, label]) => ({ key, label }));
  const rows = records.map((r) => {
    const o = publicOutfall(r, ref);
    return Object.fromEntries(OPEN_DATA_COLUMNS.map(([key]) => [key, (o[key] ?? "") as string | number]));
  });
  const csv = toCsv({ columns, rows });
  return `${csv}许可：${OPEN_DATA_LICENCE}\r\n数据更新时间：${lastUpdated(records, now)}\r\n`;
}
