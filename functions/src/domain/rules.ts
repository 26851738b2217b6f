// The plan's rules (domain.md §5) that hold for a record in any state, whichever way a change arrives:
// a transition, a PATCH, or a batch row from a spreadsheet. Cross-record facts (the merge target, other
// outfalls of the same enterprise) are looked up by the caller and passed in.
import type { Principal } from "./access.js";
import { ACTION, type Status } from "./enums.js";
import type { Outfall } from "./outfall.js";
import type { PhotoEntry } from "./photo.js";
import type { ReferenceIndex } from "./reference.js";
import { dryWeatherEvidence, isDryWeatherStormwater, isStormwaterOutlet } from "./stormwater.js";
import { type Violation, violation } from "./violations.js";

export interface RuleContext {
  actor: Principal;
  ref: ReferenceIndex;
  /** The record `mergeInto` names: undefined when not looked up, null when it does not exist. */
  mergeTarget?: Outfall | null;
  /** Other outfalls whose parties carry each credit code. */
  sameCreditCode: Map<string, Outfall[]>;
}

/** 报备: how a second kept outfall of an enterprise is reported (R-ONE-PER-ENTERPRISE). */
export const FILING = "经分局汇总、由区政府向市生态环境局报备";

const PLANNABLE: readonly Status[] = ["traced", "remediating", "awaiting-acceptance", "retained"];
const TRACED_OR_LATER: readonly Status[] = ["traced", "remediating", "awaiting-acceptance", "closed", "retained"];
const INACTIVE: readonly Status[] = ["dismissed", "closed"];

export const inProtectedZone = (r: { zones?: Outfall["zones"] }) =>
  r.zones?.drinkingWaterProtection === true || r.zones?.natureReserve === true || r.zones?.specialProtection === true;


/** An outfall that stays: retained, or planned to be kept or standardized and still active. */
export const isKept = (r: Outfall) =>
  r.status === "retained" || ((r.action === "keep" || r.action === "standardize") && !INACTIVE.includes(r.status));

/** Credit codes of the enterprises whose other kept outfalls R-ONE-PER-ENTERPRISE compares against. */
const enterpriseCodes = (r: Outfall | undefined): string[] =>
  r && r.category === "industrial" && isKept(r) && !r.filingRef
    ? (r.responsibleParties ?? []).flatMap((p) => (p.kind === "enterprise" && p.creditCode ? [p.creditCode] : []))
    : [];

/**
 * The cross-record facts a change needs read: only those a rule could answer differently for `next` than
 * for `previous` (the ratchet refuses only new violations, so a rule whose inputs did not change cannot
 * refuse). A new record needs all of them.
 */
export function factsNeeded(previous: Outfall | undefined, next: Outfall): { mergeRefs: string[]; creditCodes: string[] } {
  const mergeRef = next.action === "merge" && next.mergeInto ? next.mergeInto : undefined;
  const mergeChanged = !previous || previous.mergeInto !== next.mergeInto || previous.action !== next.action || previous.status !== next.status;
  const codes = enterpriseCodes(next);
  const before = enterpriseCodes(previous);
  const codesChanged = !previous || codes.length !== before.length || codes.some((c, i) => c !== before[i]);
  return { mergeRefs: mergeRef && mergeChanged ? [mergeRef] : [], creditCodes: codesChanged ? codes : [] };
}

export function planRules(record: Outfall, ctx: RuleContext): Violation[] {
  const { ref, actor } = ctx;
  const out: Violation[] = [];
  const action = record.action;

  if (isStormwaterOutlet(record, ref) && (action === "ban" || action === "merge")) {
    out.push(violation("action", "R-STORM", `严禁合并、封堵城镇雨洪排口：本排口不能「${ACTION.label(action)}」，以保障汛期排涝安全；请选择规范整治或保留`));
  }
  if (isDryWeatherStormwater(record, ref) && action === "keep" && PLANNABLE.includes(record.status)) {
    out.push(
      violation("action", "R-CLOSE-EVIDENCE", "晴天排水的城镇雨洪排口须溯源并雨污分流整治，整治完成后经晴天复核无水方可保留，不能选择「保留（无需整治）」；请选择规范整治"),
    );
  }
  if (inProtectedZone(record) && action && action !== "ban") {
    const approved = record.protectedApproval?.action === action || actor.role === "coordinator";
    if (!record.legalBasis || !approved) {
      out.push(
        violation(
          "action",
          "R-PROTECTED",
          `该排污口位于饮用水水源保护区、自然保护地或其他特殊保护区域内，应依法取缔；选择「${ACTION.label(action)}」须填写「保留依据」（法律依据）并由区治水办同意`,
        ),
      );
    }
  }

  const parties = record.responsibleParties ?? [];
  if (parties.length > 1 && !record.sharedPermitRef) {
    out.push(violation("responsibleParties", "R-ONE-PARTY", `一个排污口只对应一个排污单位；本排污口登记了 ${parties.length} 个责任主体，如确需共用，请在「共用排污口许可证载明」填写许可证中载明分责的编号`));
  }

  // A second outfall of an enterprise may be traced and recorded; the rule bites when it is to be kept.
  if (record.category === "industrial" && isKept(record) && !record.filingRef) {
    parties.forEach((party, i) => {
      if (party.kind !== "enterprise" || !party.creditCode) return;
      const others = (ctx.sameCreditCode.get(party.creditCode) ?? []).filter((o) => o.id !== record.id && o.category === "industrial" && isKept(o));
      if (others.length) {
        out.push(
          violation(
            "filingRef",
            "R-ONE-PER-ENTERPRISE",
            `「${party.name}」已有保留（或拟保留）的排污口 ${others.map((o) => o.tempId).join("、")}；工矿企业原则上只保留一个排污口，确需多保留的须${FILING}，请填写「报备文号」，或改为依法取缔、清理合并`,
          ),
        );
      }
    });
  }

  if (
    record.category === "industrial" &&
    (action === "keep" || action === "standardize") &&
    (record.status === "awaiting-acceptance" || record.status === "retained") &&
    record.approval?.status !== "approved" &&
    record.approval?.status !== "filed"
  ) {
    out.push(violation("approval", "R-APPROVAL", "保留的工业、园区排污口实行审核制，须有「已审批」或「已备案」的审批记录（文号、机关、日期）"));
  }

  if (action === "merge" && record.status !== "dismissed") {
    if (!record.mergeInto && !record.sewerConnection) {
      out.push(
        violation(
          "mergeInto",
          "R-MERGE-TARGET",
          "清理合并须写明去向：并入另一个保留的排污口（填写「合并至排污口」），或截污纳管（填写「截污纳管」的接入管网或污水处理厂及接入点）",
        ),
      );
    } else if (record.mergeInto && ctx.mergeTarget === null) {
      out.push(violation("mergeInto", "R-MERGE-TARGET", `「合并至排污口」${record.mergeInto} 不存在`));
    } else if (record.mergeInto && ctx.mergeTarget) {
      if (ctx.mergeTarget.id === record.id) out.push(violation("mergeInto", "R-MERGE-TARGET", "不能合并到排污口自身"));
      else if (!isKept(ctx.mergeTarget)) {
        out.push(violation("mergeInto", "R-MERGE-TARGET", `要并入的排污口 ${ctx.mergeTarget.tempId} 不是保留（或拟保留）的排污口，不能作为合并目标`));
      }
    }
  }

  if ((action === "ban" || action === "merge") && record.status !== "dismissed") {
    if (!record.floodSafety) {
      out.push(violation("floodSafety.affects", "R-FLOOD-SAFETY", `${ACTION.label(action)}须评估是否影响防洪排涝、堤防安全，请填写「是否影响防洪排涝、堤防安全」`));
    } else if (record.floodSafety.affects && !record.floodSafety.measures) {
      out.push(violation("floodSafety.measures", "R-FLOOD-SAFETY", "影响防洪排涝、堤防安全的，须依法依规采取措施消除安全隐患，请填写「消除安全隐患措施」"));
    }
  }

  if (action && action !== "keep" && record.status !== "dismissed" && !(record.problems ?? []).length) {
    out.push(violation("problems", "R-PROBLEM", `${ACTION.label(action)}的排污口须列明「存在问题」（至少一项），并列入问题排污口清单`));
  }

  if (record.status === "retained" && !isStormwaterOutlet(record, ref) && !record.signboard?.installed) {
    out.push(violation("signboard.installed", "R-SIGNBOARD", "保留的排污口须在明显位置树标立牌，请先立牌并上传标识牌照片"));
  }

  if (TRACED_OR_LATER.includes(record.status) && (record.category === "undetermined" || !record.subcategory)) {
    out.push(violation("subcategory", "R-CLASSIFICATION", "溯源完成后须确定排污口类型（二、三级），「暂无法确定」只能用于溯源完成之前"));
  }

  if (record.responsibilityBasis === "designated" && !record.designationNote) {
    out.push(violation("designationNote", "R-TRACE-DEADLINE", "指定责任主体须写明「指定说明」（溯源经过和指定理由）"));
  }
  return out;
}

const live = (photos: PhotoEntry[] | undefined, slot: PhotoEntry["slot"]) => (photos ?? []).some((p) => p.slot === slot && !p.supersededBy);

/** R-CLOSE-EVIDENCE: what acceptance (`accept`), 销号 (ban, merge) and 保留 (standardize, keep) must show;
 *  at `accept` the passed acceptance itself is not yet asked for. */
export function evidenceRules(record: Outfall, ref: ReferenceIndex, stage: "accept" | "close" = "close"): Violation[] {
  const out: Violation[] = [];
  const dryWeather = isDryWeatherStormwater(record, ref);
  const works = record.action !== "keep" || dryWeather;
  if (works && !record.completedAt) out.push(violation("completedAt", "R-CLOSE-EVIDENCE", "缺少「整治完成日期」"));
  if (works && !live(record.photos, "before")) out.push(violation("photos", "R-CLOSE-EVIDENCE", "缺少「整治前」照片"));
  if (works && !live(record.photos, "after")) out.push(violation("photos", "R-CLOSE-EVIDENCE", "缺少「整治后」照片"));
  if (record.action === "ban" && !live(record.photos, "sealing")) out.push(violation("photos", "R-CLOSE-EVIDENCE", "依法取缔须有「封堵/拆除」照片"));
  if (record.action === "standardize" && !live(record.photos, "signboard")) out.push(violation("photos", "R-CLOSE-EVIDENCE", "规范整治须有「标识牌」照片"));
  if (dryWeather) out.push(...dryWeatherEvidence(record));
  if (stage === "close" && record.acceptance?.result !== "passed") out.push(violation("acceptance", "R-CLOSE-EVIDENCE", "须先经监管部门验收通过"));
  return out;
}

const key = (v: Violation) => `${v.rule}|${v.field}|${v.message}`;

/** Only what this change breaks: a legacy record with an old problem stays editable in its other fields. */
export function newViolations(before: Violation[], after: Violation[]): Violation[] {
  const known = new Set(before.map(key));
  return after.filter((v) => !known.has(key(v)));
}

/** A coordinator saving a non-ban action with a legal basis in a protected zone approves it (R-PROTECTED). */
export function stampProtectedApproval(record: Outfall, actor: Principal, now: string): void {
  const action = record.action;
  if (actor.role !== "coordinator" || !action || action === "ban" || !inProtectedZone(record) || !record.legalBasis) return;
  if (record.protectedApproval?.action === action) return;
  record.protectedApproval = { by: actor.email, at: now, action };
}
