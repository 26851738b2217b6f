// Text a spreadsheet could take for a formula. Excel, WPS and Sheets start a formula at = + - @, and
// some accept the full-width forms an IME types (＝＋－＠); a leading space, tab, CR or LF (or an
// ideographic space) does not stop them. Server-supplied text written into a CSV file, a sheet or a
// workbook must stay text whatever it starts with (CSV injection, OWASP).

const FORMULA_LEAD = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/** True when `text` would start a formula in some spreadsheet. */
export function formulaLike(text: string): boolean {
  return FORMULA_LEAD.test(text) || /^[\t\r\n]/.test(text);
}

/** For CSV: a leading apostrophe keeps formula-like text as text in Excel and WPS (they hide it). */
export function defuseFormula(text: string): string {
  return formulaLike(text) ? `'${text}` : text;
}
