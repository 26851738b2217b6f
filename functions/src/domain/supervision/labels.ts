// Chinese labels of the supervision inputs' fields (patrols, monitoring, draws, tasks), merged into
// FIELD_LABELS so validation messages name them. No imports: fields.ts reads it.
export const SUPERVISION_LABELS: Readonly<Record<string, string>> = {
  kind: "巡查类型",
  patrolledAt: "巡查时间",
  patroller: "巡查人",
  weather: "天气",
  observations: "现场情况",
  "observations.flow": "出水情况",
  "observations.colour": "颜色",
  "observations.turbidity": "浑浊度",
  "observations.odour": "气味",
  "observations.oilFilm": "油膜",
  "observations.floatables": "漂浮物",
  "observations.deposits": "淤积",
  "observations.damage": "设施破损",
  "observations.signboard": "标识牌状况",
  photoIds: "照片编号",
  drawId: "抽查编号",
  lastPatrolAt: "最近巡查时间",
  lastMonitoringAt: "最近监测时间",
};
