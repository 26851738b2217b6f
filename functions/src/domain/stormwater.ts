// The two inventories and the stormwater paths (domain.md §3). Urban stormwater outlets (城镇雨洪排口) form
// their own inventory. One without dry-weather discharge is confirmed by a dry-weather check (date, no flow,
// photo) and registered by its subdistrict; one that discharges in dry weather is traced and remediated
// (雨污分流) and reaches a done state only after a re-check after its completion date shows no flow.
import { chinaDate } from "./campaign.js";
import type { Inventory } from "./enums.js";
import type { DryWeatherCheck, Outfall } from "./outfall.js";
import type { PhotoEntry } from "./photo.js";
import type { ReferenceIndex } from "./reference.js";
import { type Violation, violation } from "./violations.js";

export const isStormwaterOutlet = (r: Pick<Outfall, "subcategory">, ref: ReferenceIndex) =>
  ref.subcategoryByKey.get(r.subcategory ?? "")?.stormwater === true;

export const inventoryOf = (r: Pick<Outfall, "subcategory">, ref: ReferenceIndex): Inventory => (isStormwaterOutlet(r, ref) ? "stormwater" : "outfall");

/** A stormwater outlet recorded as discharging in dry weather (the plan's 2024 target). */
export const isDryWeatherStormwater = (r: Pick<Outfall, "subcategory" | "dryWeatherFlow">, ref: ReferenceIndex) =>
  isStormwaterOutlet(r, ref) && r.dryWeatherFlow === true;

/**
 * When a photo was taken, as a China calendar date: the EXIF capture time when the file carries one, else
 * the upload time. A capture time the client merely declared is not trusted for this (it could be typed).
 */
export function captureDate(photo: PhotoEntry): { date: string; source: "EXIF拍摄时间" | "上传时间" } {
  if (photo.takenAtSource === "exif" && photo.takenAt) return { date: chinaDate(new Date(photo.takenAt)), source: "EXIF拍摄时间" };
  return { date: chinaDate(new Date(photo.uploadedAt)), source: "上传时间" };
}

/** A dry-weather check is for stormwater outlets only. */
export function dryWeatherCheckApplies(record: Outfall, ref: ReferenceIndex): Violation[] {
  if (isStormwaterOutlet(record, ref)) return [];
  return [violation("subcategory", "R-LIFECYCLE", "晴天核查适用于城镇雨洪排口；请先将「排污口类型（二、三级）」定为城镇雨洪排口")];
}

export interface DryWeatherCheckInput {
  checkedAt: string;
  flowObserved: boolean;
  photoId: string;
}

/** Whether a dry-weather check may be recorded: a stormwater outlet, a date not in the future, and a
 *  confirmed photo of this outfall taken on the check date. */
export function checkDryWeatherInput(record: Outfall, input: DryWeatherCheckInput, ref: ReferenceIndex, now: string): Violation[] {
  const applies = dryWeatherCheckApplies(record, ref);
  if (applies.length) return applies;
  const today = chinaDate(new Date(now));
  if (input.checkedAt > today) return [violation("checkedAt", "R-CLOSE-EVIDENCE", `「晴天核查日期」${input.checkedAt} 晚于今天（${today}）`)];
  const photo = (record.photos ?? []).find((p) => p.id === input.photoId && !p.supersededBy);
  if (!photo) {
    return [violation("photoId", "R-CLOSE-EVIDENCE", `晴天核查须附现场照片：照片 ${input.photoId} 不是本排污口已上传成功（且未被替换）的照片，请先上传照片`)];
  }
  const taken = captureDate(photo);
  if (taken.date !== input.checkedAt) {
    return [
      violation(
        "photoId",
        "R-CLOSE-EVIDENCE",
        `晴天核查照片须在核查当天拍摄：该照片的${taken.source}为 ${taken.date}，与「晴天核查日期」${input.checkedAt} 不符`,
      ),
    ];
  }
  return [];
}

const latest = (checks: DryWeatherCheck[] | undefined, after?: string): DryWeatherCheck | undefined =>
  (checks ?? []).filter((c) => after === undefined || c.checkedAt > after).reduce<DryWeatherCheck | undefined>((a, b) => (!a || b.checkedAt >= a.checkedAt ? b : a), undefined);

/** The short path: a plain stormwater outlet whose latest dry-weather check found no flow. */
export function registrationRules(record: Outfall, ref: ReferenceIndex): Violation[] {
  if (!isStormwaterOutlet(record, ref)) {
    return [violation("subcategory", "R-LIFECYCLE", "纳入城镇雨洪排口清单只适用于城镇雨洪排口；其他排污口须溯源、整治并验收")];
  }
  if (record.dryWeatherFlow) {
    return [violation("dryWeatherFlow", "R-CLOSE-EVIDENCE", "晴天排水的城镇雨洪排口须溯源并雨污分流整治，整治完成后经晴天复核无水、验收后方可保留，不能直接纳入清单")];
  }
  const check = latest(record.dryWeatherChecks);
  if (!check) return [violation("dryWeatherChecks", "R-CLOSE-EVIDENCE", "纳入城镇雨洪排口清单前须做一次晴天核查（日期、是否有水、现场照片）")];
  if (check.flowObserved) {
    return [violation("dryWeatherChecks", "R-CLOSE-EVIDENCE", `最近一次晴天核查（${check.checkedAt}）发现有水排出，不能直接纳入清单，须溯源整治`)];
  }
  return [];
}

/** R-CLOSE-EVIDENCE for a dry-weather stormwater outlet: a re-check after the completion date with no flow. */
export function dryWeatherEvidence(record: Outfall): Violation[] {
  if (!record.completedAt) return []; // the missing completion date is reported on its own
  const check = latest(record.dryWeatherChecks, record.completedAt);
  if (!check) {
    return [violation("dryWeatherChecks", "R-CLOSE-EVIDENCE", `晴天排水的城镇雨洪排口须在整治完成日期（${record.completedAt}）之后做一次晴天复核，确认无水并附当天照片`)];
  }
  if (check.flowObserved) {
    return [violation("dryWeatherChecks", "R-CLOSE-EVIDENCE", `整治后晴天复核（${check.checkedAt}）仍有水排出，须继续整治后再复核`)];
  }
  return [];
}
