// Chinese labels of the record's fields, used in validation messages, sheet headers and digests.
// Nested parts are addressed with dotted paths; array items as `responsibleParties[0].creditCode`.

import { SUPERVISION_LABELS } from "./supervision/labels.js";

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: "系统编号",
  tempId: "临时编号",
  nationalCode: "国家统一编码",
  provincialCode: "省平台编码",
  name: "排污口名称",
  category: "排污口类型（一级）",
  subcategory: "排污口类型（二、三级）",
  department: "监管部门",
  receiving: "入河/入海",
  subdistrict: "属地街道",
  community: "村/社区",
  address: "地址",
  longitude: "经度",
  latitude: "纬度",
  datum: "坐标系",
  waterBody: "受纳水体",
  zones: "区域属性",
  "zones.nearVenue": "亚运场馆/接待饭店1公里内",
  "zones.drinkingWaterProtection": "饮用水水源保护区内",
  "zones.natureReserve": "自然保护地内",
  "zones.specialProtection": "其他特殊保护区域内",
  outletType: "排污通道类型",
  shape: "断面形状",
  sizeMm: "尺寸（毫米）",
  material: "材质",
  submerged: "淹没情况",
  dischargePattern: "排放规律",
  dryWeatherFlow: "晴天排水",
  sensory: "感官指标",
  "sensory.observedAt": "感官观测日期",
  "sensory.colour": "颜色",
  "sensory.turbidity": "浑浊度",
  "sensory.odour": "气味",
  "sensory.oilFilm": "油膜",
  "sensory.floatables": "漂浮物",
  "sensory.deposits": "沉积物",
  "sensory.note": "感官备注",
  surveyLevel: "排查级别",
  surveyMethod: "排查方式",
  surveyedAt: "排查日期",
  surveyedBy: "排查人",
  responsibleParties: "责任主体",
  "responsibleParties.name": "责任主体名称",
  "responsibleParties.kind": "责任主体类型",
  "responsibleParties.creditCode": "统一社会信用代码",
  "responsibleParties.permitNo": "排污许可证编号",
  "responsibleParties.contact": "联系人",
  "responsibleParties.phone": "联系电话",
  responsibilityBasis: "责任认定方式",
  designationNote: "指定说明",
  sharedPermitRef: "共用排污口许可证载明",
  illicitConnection: "借道排污/私设暗管",
  illicitFindings: "借道排污情况",
  approval: "审批情况",
  "approval.status": "审批状态",
  "approval.documentNo": "审批文号",
  "approval.authority": "审批机关",
  "approval.date": "审批日期",
  problems: "存在问题",
  problemNote: "问题说明",
  action: "整治类型",
  plan: "整治方案",
  transitionUntil: "过渡期",
  "transitionUntil.until": "过渡期截止日期",
  "transitionUntil.reason": "过渡期理由",
  mergeInto: "合并至排污口",
  sewerConnection: "截污纳管",
  "sewerConnection.network": "接入管网或污水处理厂",
  "sewerConnection.connectionPoint": "接入点",
  floodSafety: "防洪排涝影响",
  "floodSafety.affects": "是否影响防洪排涝、堤防安全",
  "floodSafety.measures": "消除安全隐患措施",
  dismissal: "非排污口认定",
  dryWeatherChecks: "晴天核查",
  "dryWeatherChecks.checkedAt": "晴天核查日期",
  "dryWeatherChecks.flowObserved": "晴天是否有水",
  "dryWeatherChecks.photoId": "晴天核查照片",
  inventory: "所属清单",
  note: "说明",
  remediation: "整治类型",
  expectedVersion: "版本号",
  date: "日期",
  zone: "区域属性",
  reason: "理由",
  checkedAt: "晴天核查日期",
  flowObserved: "晴天是否有水",
  photoId: "照片编号",
  filingRef: "报备文号",
  legalBasis: "保留依据",
  signboard: "标识牌",
  "signboard.installed": "已树标立牌",
  "signboard.installedAt": "立牌日期",
  "signboard.photoId": "标识牌照片",
  legacyRef: "旧台账来源",
  "legacyRef.code": "旧台账编号",
  "legacyRef.file": "来源文件",
  "legacyRef.sheet": "来源工作表",
  "legacyRef.row": "来源行号",
  status: "状态",
  completedAt: "整治完成日期",
  deadlineOverride: "截止日期调整",
  acceptance: "验收",
  protectedApproval: "保护区例外同意",
  closedAt: "销号时间",
  closedBy: "销号人",
  reopenedAt: "重新打开时间",
  demo: "演示数据",
  photos: "照片",
  version: "版本号",
  createdAt: "创建时间",
  createdBy: "创建人",
  updatedAt: "更新时间",
  updatedBy: "更新人",
  updatedByName: "更新人姓名",
  historyHash: "历史校验值",
  onProblemList: "列入问题排污口清单",
  effectiveDeadline: "整治截止日期",
  deadlineRule: "截止日期依据",
  deadlineLabel: "截止日期说明",
  campaignDeadline: "方案规定截止日期",
  overdue: "已逾期",
  daysToDeadline: "距截止日期天数",
  done: "已完成",
  traceOverdue: "溯源逾期",
  investigationOverdue: "排查逾期",
  expiresInDays: "有效天数",
  ...SUPERVISION_LABELS,
};

/** `responsibleParties[1].creditCode` → `责任主体第2项·统一社会信用代码`. Unknown paths fall back to the key. */
export function fieldLabel(path: string): string {
  const generic = path.replace(/\[\d+\]/g, "");
  const direct = FIELD_LABELS[generic];
  const item = /^(\w+)\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (item) {
    const [, list, index, leaf] = item;
    const listLabel = FIELD_LABELS[list!] ?? list!;
    const leafLabel = leaf ? (FIELD_LABELS[`${list}.${leaf}`] ?? leaf) : "";
    return `${listLabel}第${Number(index) + 1}项${leafLabel ? `·${leafLabel}` : ""}`;
  }
  return direct ?? path;
}

/** zod's path array → our field notation. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Public reports (举报/数据纠错, domain/public-report.ts) and their triage. */
Object.assign(FIELD_LABELS as Record<string, string>, {
  reportKind: "类型",
  outfallCode: "排污口编号",
  description: "问题描述",
  location: "位置说明",
  contact: "联系方式",
  outcome: "处理结果",
  answer: "答复内容",
  dueDate: "巡查期限",
  "photo.contentType": "照片类型",
  "photo.size": "照片大小（字节）",
});
