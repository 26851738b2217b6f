// Demo tables: invented people, roads, water bodies per subdistrict, names. Demo data, not logic; the
// district's real lists come from functions/reference/.
import type { Role, Status } from "../../functions/src/domain/enums.js";

export interface DemoUser {
  email: string;
  role: Role;
  subdistrict?: string;
  department?: string;
  name: string;
}


export const CLERK_NAMES: Record<string, string> = {
  hubin: "陈晓梅",
  qingbo: "林志远",
  xiaoying: "周静怡",
  wangjiang: "吴海涛",
  nanxing: "郑丽华",
  ziyang: "孙建明",
  kaixuan: "赵雅琴",
  caihe: "钱卫东",
  zhanongkou: "冯晓燕",
  sijiqing: "朱立群",
  jianqiao: "何振宇",
  pengbu: "沈佳慧",
  jiubao: "韩国平",
  dinglan: "杨思远",
};

/** Local demo accounts (admin@local is created by the stack itself). One clerk per subdistrict. */
export const DEMO_USERS: DemoUser[] = [
  { email: "coordinator@local", role: "coordinator", name: "王主任（区治水办）" },
  { email: "eco@local", role: "department", department: "eco", name: "李科长（市生态环境局上城分局）" },
  { email: "construction@local", role: "department", department: "construction", name: "张工（区住建局）" },
  { email: "enforcement@local", role: "department", department: "enforcement", name: "刘队长（区综合行政执法局）" },
  ...Object.entries(CLERK_NAMES).map(([key, name]) => ({
    email: `${key}@local`,
    role: "clerk" as const,
    subdistrict: key,
    name,
  })),
];


/** Receiving water bodies per subdistrict, with weights; keys of functions/reference/water-bodies.json. */
export const WATER_BY_SUBDISTRICT: Record<string, [string, number][]> = {
  hubin: [["zhong-river", 3], ["dong-river", 2]],
  qingbo: [["zhong-river", 4], ["dong-river", 1]],
  xiaoying: [["dong-river", 3], ["zhong-river", 2]],
  wangjiang: [["qiantang-river", 3], ["tiesha-river", 1], ["dong-river", 1]],
  nanxing: [["qiantang-river", 3], ["zhong-river", 2]],
  ziyang: [["zhong-river", 3], ["dong-river", 2]],
  kaixuan: [["xintang-river", 3], ["dong-river", 1], ["tiesha-river", 1]],
  caihe: [["xintang-river", 2], ["tiesha-river", 1], ["xinkai-river", 1]],
  zhanongkou: [["xinkai-river", 3], ["shangtang-river", 2]],
  sijiqing: [["qiantang-river", 3], ["beitang-river", 2], ["xintang-river", 1]],
  jianqiao: [["shangtang-river", 3], ["hemu-gang", 2]],
  pengbu: [["qiantang-river", 2], ["canal-second-channel", 2], ["beitang-river", 1], ["grand-canal", 1]],
  jiubao: [["qiantang-river", 3], ["canal-second-channel", 2]],
  dinglan: [["shangtang-river", 2], ["yanshan-river", 2], ["hemu-gang", 1]],
};

/** Roads for addresses and landmarks (real road names of the district; positions are not). */
export const ROADS: Record<string, string[]> = {
  hubin: ["湖滨路", "平海路", "东坡路", "延安路", "解放路", "庆春路", "岳王路", "浣纱路"],
  qingbo: ["南山路", "清波街", "劳动路", "河坊街", "定安路", "大井巷"],
  xiaoying: ["中山北路", "建国中路", "庆春路", "小营巷", "大学路", "环城东路"],
  wangjiang: ["望江路", "秋涛路", "近江路", "婺江路", "江城路", "始版桥直街"],
  nanxing: ["复兴路", "江城路", "之江路", "白塔岭", "馒头山路", "美政路"],
  ziyang: ["中河南路", "江城路", "佑圣观路", "望江路", "十五奎巷", "上羊市街"],
  kaixuan: ["新塘路", "景昙路", "凯旋路", "环城东路", "秋涛北路", "华家池路"],
  caihe: ["采荷路", "秋涛路", "凤起东路", "新塘路", "庆春东路", "双菱路"],
  zhanongkou: ["东新路", "天城路", "机场路", "石桥路", "新风路", "红梅路"],
  sijiqing: ["钱江路", "富春路", "新业路", "五福路", "三新路", "清江路"],
  jianqiao: ["机场路", "笕桥路", "黄家路", "横塘路", "同协路", "麦庙港路"],
  pengbu: ["艮山东路", "德胜东路", "御道路", "七堡路", "彭埠路", "皋塘路"],
  jiubao: ["九环路", "杭海路", "三村路", "格畈路", "九沙大道", "牛田路"],
  dinglan: ["丁桥路", "大塘路", "沿山河路", "勤丰路", "广福路", "长睦路"],
};
export const FALLBACK_ROADS = ["滨河路", "人民路", "建设路", "环城路", "文化路"];

/** How much industry a subdistrict has (the old city none, the former 江干 belt most). */
export const INDUSTRY: Record<string, number> = {
  hubin: 0, qingbo: 0, xiaoying: 0, ziyang: 0, wangjiang: 0.3, nanxing: 0.3, kaixuan: 0.3, caihe: 0.3,
  zhanongkou: 1, sijiqing: 0.6, jianqiao: 2.5, pengbu: 2.5, jiubao: 3, dinglan: 2,
};
/** Subdistricts where a (fictional) town wastewater plant outfall is plausible. */
export const WWTP_SUBDISTRICTS = new Set(["pengbu", "jiubao"]);

/** Default distribution of final states for 336 records (campaign nearly done, late 2026). */
export const STATUS_WEIGHTS: Record<Status, number> = {
  suspected: 10,
  confirmed: 12,
  dismissed: 10,
  traced: 16,
  remediating: 26,
  "awaiting-acceptance": 22,
  closed: 90,
  retained: 150,
};

export const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
export const GIVEN = ["建国", "海燕", "伟", "芳", "志强", "丽娟", "明", "静", "国庆", "晓东", "红梅", "俊", "秀英", "立新", "小军", "玉兰", "文斌", "春花", "永康", "雪芬", "杰", "慧敏", "宏伟", "建华"];
export const FIELD_SURVEYORS = ["王工", "李工", "张工", "刘工", "陈工", "周工", "徐工", "孙工", "胡工", "沈工"];
export const BRANDS = ["钱江", "皋亭", "艮山", "笕新", "九乔", "丁桥", "彭城", "七堡", "近江", "望潮", "凯丰", "采莲", "东新", "三堡", "江城", "清泰", "麦庙", "横塘", "御道", "格畈", "新风", "天城", "景昙", "双菱"];
export const INDUSTRIES = ["纺织", "印染", "食品", "机械制造", "电子科技", "包装材料", "服饰", "精密五金", "汽车零部件", "印刷"];
export const SERVICE_TRADES = ["餐饮管理", "汽车服务", "酒店管理", "农贸市场管理", "洗涤服务"];
export const COMPOUND_SUFFIXES = ["小区", "新村", "花园", "家园", "苑"];
export const DIRECTIONS = ["东", "南", "西", "北", "东北", "东南", "西北", "西南"];

