// A few DOM helpers: elements built with properties and children, never from HTML strings (no injection,
// no inline styles, so the strict CSP holds).
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
    else if (k === "class") el.className = String(v);
    else if (k.startsWith("data-") || k === "for" || k === "role" || k.startsWith("aria-")) el.setAttribute(k, String(v));
    else (el as unknown as Record<string, unknown>)[k] = v;
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

export const options = (list: { key: string | number; label: string }[], empty?: string) => [
  ...(empty !== undefined ? [h("option", { value: "" }, empty)] : []),
  ...list.map((o) => h("option", { value: String(o.key) }, o.label)),
];

export function main(): HTMLElement {
  const el = document.getElementById("main")!;
  el.replaceChildren();
  return el;
}
