// The record card sidebar (排污口 → 查看/办理): the HTML page (card.html, bundled as text by build.ts) shown
// for the selected ledger row. Its RPCs are global functions in src/index.ts calling core/card-session.ts.
import CARD_HTML from "./card.html";

export function showCardSidebar(): void {
  const html = HtmlService.createHtmlOutput(CARD_HTML).setTitle("排污口 · 查看/办理");
  SpreadsheetApp.getUi().showSidebar(html);
}
