// A violation names the field, the rule and says in Chinese what is wrong. Every refusal of user input
// in the product is a list of these (API problem+json, sheet cell notes, workbook comments).
import type * as z from "zod/mini";
import { vocabularyOf } from "./enums.js";
import { fieldLabel, fieldPath } from "./fields.js";
import { hasFullWidth } from "./text.js";

export interface Violation {
  field: string;
  rule: RuleId;
  message: string;
}

/** Rule ids with a one-line Chinese description (listed by /v1/reference and the README). */
export const RULES = {
  "R-MALFORMED": "请求格式错误（不是合法的 JSON 对象）",
  "R-REQUIRED": "必填字段缺失",
  "R-TYPE": "字段类型错误",
  "R-ENUM": "取值不在可选范围内",
  "R-FORMAT": "格式错误",
  "R-RANGE": "长度或数值超出范围",
  "R-UNKNOWN-FIELD": "不认识的字段",
  "R-READ-ONLY": "该字段由系统或流转操作维护，不能直接修改",
  "R-HALF-WIDTH": "编码、数字须使用半角字符",
  "R-REFERENCE": "引用的街道、水体、类型等不在参考数据中",
  "R-BOUNDS": "坐标不在本区范围内",
  "R-UNIQUE": "编码已被其他排污口使用",
  "R-VERSION": "记录已被他人修改（版本冲突）",
  "R-PRECONDITION": "缺少版本号（If-Match）",
  "R-BATCH": "批量请求不符合要求",
  "R-IDEMPOTENCY": "幂等键重复使用于不同内容的请求",
  "R-TOO-LARGE": "请求体过大",
  "R-AUTH": "未登录或登录已失效",
  "R-NOT-FOUND": "记录不存在",
  "R-USER": "用户设置不符合要求",
  // domain.md §5, in its order
  "R-STORM": "严禁合并、封堵城镇雨洪排口",
  "R-PROTECTED": "饮用水水源保护区、自然保护地和其他特殊保护区域内的排污口应依法取缔，其他整治方式须有法律依据并经区治水办同意；受纳水体为饮用水水源的视为在保护区内；区域标记任何人可加，只有区治水办可说明理由后解除",
  "R-ONE-PARTY": "一个排污口只对应一个排污单位；共用排污口须在排污许可证中载明分责",
  "R-ONE-PER-ENTERPRISE": "工矿企业原则上只保留一个排污口；第二个排污口可如实溯源登记，但拟保留（规范整治、保留）的须报备（经分局汇总、由区政府向市生态环境局报备）",
  "R-APPROVAL": "保留的工业、园区排污口实行审核制，须有审批（审核）或备案记录；该记录只能由市生态环境局上城分局或区治水办录入",
  "R-MERGE-TARGET": "清理合并须并入一个保留（或拟保留）的排污口，或截污纳管（写明接入管网或污水处理厂及接入点）",
  "R-CLOSE-EVIDENCE": "验收和销号须有整治完成日期、整治前后照片；取缔须有封堵/拆除照片，规范整治须有标识牌照片；晴天排水的城镇雨洪排口须有整治完成后的晴天复核（无水，附当天照片）",
  "R-SIGNBOARD": "排污口清单中保留的排污口须树标立牌",
  "R-CREDIT-CODE": "企业须填写有效的统一社会信用代码",
  "R-SCOPE": "超出本人权限范围：街道只能操作本街道的排污口，验收、销号由该类排污口的监管部门负责",
  "R-TRACE-DEADLINE": "溯源不能确定责任主体的，须由区治水办指定",
  "R-DISMISS": "认定非排污口须写明核实情况并附照片；疑似点由属地街道认定，已核实的排污口须由监管部门或区治水办认定",
  "R-TRANSITION": "过渡期由属地街道说明理由设定，不得晚于本轮整治规定的最晚日期，只能由区治水办撤销",
  "R-FLOOD-SAFETY": "依法取缔、清理合并须评估是否影响防洪排涝、堤防安全，影响的须写明消除安全隐患的措施",
  "R-PROBLEM": "依法取缔、清理合并、规范整治的排污口须列明至少一项存在问题，列入问题排污口清单",
  "R-DONE-FROZEN": "已销号、保留、非排污口的记录只能修改联系人、标识牌和问题说明，其他修改须先重新打开并说明理由",
  "R-RECLASSIFY": "制定整治方案后，排污口类型（及监管部门）只能由区治水办说明理由后更正",
  // shape and bookkeeping
  "R-CLASSIFICATION": "一级类型与二、三级类型不一致，或溯源完成后仍为「暂无法确定」",
  "R-LIFECYCLE": "当前状态下不能进行该操作",
  "R-PHOTO-MISSING": "照片尚未上传成功",
  "R-PHOTO-SIZE": "照片大小不符（超过 20 MB 或与申请时不一致）",
  "R-PHOTO-TYPE": "照片格式与声明不符，或不是 JPEG/PNG/WebP/HEIC 图片",
  "R-PHOTO-SUPERSEDE": "替换照片须指明新照片并说明理由，且不能互相替换",
  "R-PHOTO-CHECKSUM": "收到的照片与申请上传时声明的 SHA-256 不一致",
  "R-BULLETIN-ISSUED": "调度通报印发后不得修改；需更正的，另发一期",
  // public reports (公众举报)
  "R-RATE-LIMIT": "提交过于频繁，请稍后再试",
  "R-SPAM": "提交内容被识别为自动程序填写",
  "R-TRIAGE": "举报处理须选择处理结果并填写所需内容；已处理的举报不能再次处理",
} as const;
export type RuleId = keyof typeof RULES;

export const violation = (field: string, rule: RuleId, message: string): Violation => ({ field, rule, message });

const q = (field: string) => `「${fieldLabel(field)}」`;

// Enumerations are reported with their Chinese labels (which the API accepts as well as the keys).
function allowedValues(values: readonly unknown[]): string {
  const vocab = vocabularyOf(values);
  const shown = values.map((v) => (vocab ? `${(vocab.labels as Record<string, string>)[String(v)]}（${String(v)}）` : String(v)));
  return shown.join("、");
}

function describeReceived(input: unknown): string {
  if (input === null || input === undefined) return "空值";
  if (Array.isArray(input)) return "列表";
  switch (typeof input) {
    case "string":
      return `文字「${input.length > 20 ? `${input.slice(0, 20)}…` : input}」`;
    case "number":
      return `数字 ${input}`;
    case "boolean":
      return input ? "是(true)" : "否(false)";
    case "object":
      return "对象";
    default:
      return typeof input;
  }
}

const EXPECTED: Record<string, string> = {
  string: "文字",
  number: "数字",
  boolean: "是/否（true/false）",
  array: "列表",
  object: "对象",
};

const FORMAT_HINTS: Record<string, string> = {
  date: "日期，格式为 2024-05-31",
  datetime: "时间，格式为 2024-05-31T08:00:00+08:00",
  email: "电子邮箱地址",
  regex: "规定格式",
};
const FIELD_FORMAT_HINTS: Record<string, string> = {
  sizeMm: "如 800（管径）或 1200x800（宽x高），单位毫米",
  nationalCode: "4–40 位字母、数字或连字符",
  provincialCode: "4–40 位字母、数字或连字符",
  "responsibleParties.permitNo": "6–40 位字母、数字或连字符",
  "responsibleParties.phone": "电话号码，如 0571-87000000 或 13800000000",
};

/** Translates zod issues into violations with precise Chinese messages. */
export function violationsFromZod(error: z.core.$ZodError): Violation[] {
  const out: Violation[] = [];
  for (const issue of error.issues) {
    const field = fieldPath(issue.path);
    const generic = field.replace(/\[\d+\]/g, "");
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "invalid_type":
        if (input === undefined) out.push(violation(field, "R-REQUIRED", `${q(field)}为必填项`));
        else if (typeof input === "string" && hasFullWidth(input))
          out.push(violation(field, "R-HALF-WIDTH", `${q(field)}含全角字符「${input}」，请改为半角数字`));
        else
          out.push(
            violation(field, "R-TYPE", `${q(field)}应为${EXPECTED[issue.expected] ?? issue.expected}，收到的是${describeReceived(input)}`),
          );
        break;
      case "invalid_value":
        out.push(
          violation(field, "R-ENUM", `${q(field)}的值${describeReceived(input)}不在可选范围内，可选：${allowedValues(issue.values)}`),
        );
        break;
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const full = field ? `${field}.${key}` : key;
          out.push(violation(full, "R-UNKNOWN-FIELD", `不认识的字段「${full}」，请检查拼写或删除该字段`));
        }
        break;
      case "too_big":
        out.push(
          violation(
            field,
            "R-RANGE",
            issue.origin === "string"
              ? `${q(field)}不能超过 ${String(issue.maximum)} 个字`
              : issue.origin === "array"
                ? `${q(field)}最多 ${String(issue.maximum)} 项`
                : `${q(field)}不能大于 ${String(issue.maximum)}`,
          ),
        );
        break;
      case "too_small":
        out.push(
          issue.origin === "string" && Number(issue.minimum) === 1
            ? violation(field, "R-REQUIRED", `${q(field)}不能为空`)
            : violation(
              field,
              "R-RANGE",
              issue.origin === "string"
                ? `${q(field)}至少 ${String(issue.minimum)} 个字`
                : issue.origin === "array"
                  ? `${q(field)}至少 ${String(issue.minimum)} 项`
                  : `${q(field)}不能小于 ${String(issue.minimum)}`,
            ),
        );
        break;
      case "invalid_format": {
        if (typeof input === "string" && hasFullWidth(input)) {
          out.push(violation(field, "R-HALF-WIDTH", `${q(field)}含全角字符「${input}」，请改为半角字符`));
          break;
        }
        const hint = FIELD_FORMAT_HINTS[generic] ?? FORMAT_HINTS[issue.format] ?? issue.format;
        out.push(violation(field, "R-FORMAT", `${q(field)}格式不正确（${describeReceived(input)}），应为${hint}`));
        break;
      }
      default:
        out.push(violation(field, "R-FORMAT", `${q(field)}不符合要求：${issue.message}`));
    }
  }
  return out;
}
