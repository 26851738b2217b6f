// A messy old ledger of 南星街道 as subdistricts keep them, written with exceljs: a title row above the header,
// headers with units and spaces, and rows with many kinds of dirt (listed beside each row).
import ExcelJS from "exceljs";

export const TITLE = "上城区南星街道入河排污口台账（2022年）";
export const HEADERS = [
  "序号", "排污口名称", "排口编号", "经 度（°）", "纬度", "坐标系", "所在街道", "受纳水体", "排口类型",
  "责任主体", "统一社会信用代码", "联系电话", "整治措施", "计划完成时间", "完成时间", "晴天排水", "备注", "填表人意见",
];

/** Sheet rows 3…: the dirt each row carries. */
export const ROWS: { dirt: string; cells: ExcelJS.CellValue[] }[] = [
  { dirt: "newline + full-width digit in name, DMS longitude, DM latitude, short subdistrict, water alias, type alias, bracketed landline, full-width credit code, Chinese date, √, padded note",
    cells: [1, "南星\n１号排口", "NX-001", "120°10'12\"", "30°13.5'", "", "南星", "京杭大运河", "雨水排口", "杭州某某物业管理有限公司", "９１３３０１００７９９６５５０５８Ｂ", "(0571)8700 1234", "", "2024年6月30日", "", "√", "  晴天  有少量水 ", "同意"] },
  { dirt: "+86 mobile with spaces, old action word (封堵, which the plan forbids on a stormwater outlet), dotted date, Excel serial date, ×",
    cells: [2, "南星2号排口", "NX-002", 120.1702, 30.2241, "", "南星街道", "中河", "城镇雨洪排口", "张三", "", "+86 138 0000 1111", "封堵", "2024.3.5", 45356, "×", "", ""] },
  { dirt: "latitude and longitude swapped",
    cells: [3, "南星3号排口", "NX-003", 30.2245, 120.171, "", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "same old code as row 3",
    cells: [4, "南星4号排口", "NX-001", 120.1712, 30.2232, "", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "blank row", cells: ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""] },
  { dirt: "another subdistrict (清波), for a clerk of 南星",
    cells: [5, "清波1号排口", "QB-001", 120.1632, 30.2402, "", "清波", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "2 m from an existing outfall on the same water body",
    cells: [6, "南星6号排口", "NX-006", 120.16502, 30.21801, "", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "GCJ-02 point declared as 高德",
    cells: [7, "南星7号排口", "NX-007", 120.1780, 30.2213, "高德", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "unreadable longitude",
    cells: [8, "南星8号排口", "NX-008", "不详", 30.2250, "", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "planned date that is no date",
    cells: [9, "南星9号排口", "NX-009", 120.1730, 30.2252, "", "南星", "中河", "雨水排口", "", "", "", "", "年底", "", "", "", ""] },
  { dirt: "full-width old code, ideographic space in name, dashed mobile",
    cells: [10, "南星　10号排口", "ＮＸ－０１０", 120.1740, 30.2254, "", "南星", "中河", "雨水排口", "王五", "", "138-0000-2222", "", "", "", "", "", ""] },
  { dirt: "Chinese degree-minute-second words",
    cells: [11, "南星11号排口", "NX-011", "120度10分30秒", "30度13分40秒", "", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "outside the district",
    cells: [12, "南星12号排口", "NX-012", 121.5, 31.2, "", "南星", "中河", "雨水排口", "", "", "", "", "", "", "", "", ""] },
  { dirt: "unknown water body",
    cells: [13, "南星13号排口", "NX-013", 120.1760, 30.2258, "", "南星", "小河沟", "雨水排口", "", "", "", "", "", "", "", "", ""] },
];

export async function writeMessyLedger(path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("排口台账");
  sheet.addRow([TITLE]);
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  sheet.addRow(HEADERS);
  for (const r of ROWS) sheet.addRow(r.cells);
  await book.xlsx.writeFile(path);
}
