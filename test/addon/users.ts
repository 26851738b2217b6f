import type { Role } from "../../functions/src/domain/enums.js";

/** Users the add-on scenarios act as: one clerk per scenario (own subdistrict, own data) and a colleague. */
export const ADDON_USERS: { email: string; role: Role; subdistrict?: string; department?: string; name?: string }[] = [
  { email: "clerk.kaixuan@addon.test", role: "clerk", subdistrict: "kaixuan", name: "凯旋经办" },
  { email: "clerk.wangjiang@addon.test", role: "clerk", subdistrict: "wangjiang", name: "望江经办" },
  { email: "colleague.wangjiang@addon.test", role: "clerk", subdistrict: "wangjiang", name: "望江同事" },
  { email: "clerk.caihe@addon.test", role: "clerk", subdistrict: "caihe", name: "采荷经办" },
  { email: "clerk.jiubao@addon.test", role: "clerk", subdistrict: "jiubao", name: "九堡经办" },
  { email: "clerk.xiaoying@addon.test", role: "clerk", subdistrict: "xiaoying", name: "小营经办" },
  { email: "clerk.hubin@addon.test", role: "clerk", subdistrict: "hubin", name: "湖滨经办" },
  { email: "coordinator@addon.test", role: "coordinator", name: "区治水办" },
  { email: "clerk.ziyang@addon.test", role: "clerk", subdistrict: "ziyang", name: "紫阳经办" },
  { email: "enforcement@addon.test", role: "department", department: "enforcement", name: "区综合行政执法局" },
  { email: "clerk.sijiqing@addon.test", role: "clerk", subdistrict: "sijiqing", name: "四季青经办" },
  { email: "clerk.pengbu@addon.test", role: "clerk", subdistrict: "pengbu", name: "彭埠经办" },
  { email: "clerk.nanxing@addon.test", role: "clerk", subdistrict: "nanxing", name: "南星经办" },
  { email: "clerk.qingbo@addon.test", role: "clerk", subdistrict: "qingbo", name: "清波经办" },
  { email: "clerk.jianqiao@addon.test", role: "clerk", subdistrict: "jianqiao", name: "笕桥经办" },
  { email: "clerk.dinglan@addon.test", role: "clerk", subdistrict: "dinglan", name: "丁兰经办" },
];

export const CENTRES: Record<string, { lng: number; lat: number; community: string }> = {
  kaixuan: { lng: 120.195, lat: 30.275, community: "新塘社区" },
  wangjiang: { lng: 120.188, lat: 30.238, community: "近江社区" },
  caihe: { lng: 120.2, lat: 30.262, community: "采荷社区" },
  jiubao: { lng: 120.285, lat: 30.305, community: "九堡社区" },
  xiaoying: { lng: 120.178, lat: 30.262, community: "小营巷社区" },
  hubin: { lng: 120.165, lat: 30.258, community: "东坡路社区" },
  ziyang: { lng: 120.18, lat: 30.245, community: "十五奎巷社区" },
  sijiqing: { lng: 120.215, lat: 30.255, community: "三堡社区" },
  pengbu: { lng: 120.24, lat: 30.295, community: "彭埠社区" },
  nanxing: { lng: 120.17, lat: 30.223, community: "南星社区" },
  qingbo: { lng: 120.163, lat: 30.24, community: "清波门社区" },
  jianqiao: { lng: 120.23, lat: 30.32, community: "笕桥社区" },
  dinglan: { lng: 120.225, lat: 30.345, community: "丁兰社区" },
};
