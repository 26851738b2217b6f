// The 调度通报 sidebar (排污口 → 调度通报 → 打开草稿): the HTML page (bulletin.html, bundled as text by build.ts).
// Its RPCs are global functions in src/index.ts calling core/bulletin-session.ts.
import BULLETIN_HTML from "./bulletin.html";

export function showBulletinSidebar(): void {
  const html = HtmlService.createHtmlOutput(BULLETIN_HTML).setTitle("排污口 · 调度通报");
  SpreadsheetApp.getUi().showSidebar(html);
}
