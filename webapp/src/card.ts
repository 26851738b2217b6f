// The record card at /app/outfalls/{id}: the add-on's card (sheets-addon/src/core/card.ts builds the same
// view model from the same API answers): state, deadline, blockers, allowed steps with their forms,
// photos and history. Steps post POST /v1/outfalls/{id}/transitions with the record's version. Evidence
// (photos and the sensory observation) and patrols made here go through the queue (queue.ts), so they are
// kept without signal and sent once.
import { type Card, type CardStep, buildCard, missingRequired, stepPayload } from "../../sheets-addon/src/core/card.js";
import { trimReference } from "../../sheets-addon/src/core/reference.js";
import { ApiError, type Json, api, describeRefusal, getMe, getReference } from "./api.js";
import { h, main, options } from "./dom.js";
import { type Capture, type QueuedPhoto, flush, listCaptures, newItem, saveCapture } from "./queue.js";

async function loadCard(id: string): Promise<{ card: Card; ref: Json; me: Json; patrols: Json[] }> {
  const path = `/v1/outfalls/${encodeURIComponent(id)}`;
  const [refDoc, me, record, history, photos, patrols] = await Promise.all([
    getReference(),
    getMe(),
    api("GET", path),
    api<{ items: Json[] }>("GET", `${path}/history?limit=200`),
    api<{ items: Json[] }>("GET", `${path}/photos`),
    api<{ items: Json[] }>("GET", `${path}/patrols?limit=100`).catch(() => ({ items: [] as Json[] })),
  ]);
  return { card: buildCard(record, history.items, photos.items, trimReference(refDoc)), ref: refDoc, me, patrols: patrols.items };
}

function stepForm(card: Card, step: CardStep, status: HTMLElement, reload: () => void): HTMLFormElement {
  const form = h("form", { class: "step-form", "data-action": step.action });
  for (const f of step.fields) {
    const name = f.key;
    const input =
      f.kind === "textarea"
        ? h("textarea", { name, rows: 3 })
        : f.kind === "select" || f.kind === "multi"
          ? h("select", { name, multiple: f.kind === "multi" }, ...options((f.options ?? []).map((o) => ({ key: o.key, label: o.label })), f.kind === "select" ? "请选择" : undefined))
          : f.kind === "boolean"
            ? h("input", { type: "checkbox", name })
            : h("input", { type: f.kind === "date" ? "date" : "text", name });
    form.append(h("label", {}, `${f.label}${f.required ? " *" : ""}`, input, h("span", { class: "error", "data-error": name })));
  }
  form.append(h("button", { type: "submit", class: "primary" }, `提交「${step.label}」`));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values: Record<string, unknown> = {};
    for (const f of step.fields) {
      const el = form.elements.namedItem(f.key) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      if (!el) continue;
      if (f.kind === "boolean") values[f.key] = (el as HTMLInputElement).checked;
      else if (f.kind === "multi") values[f.key] = [...(el as HTMLSelectElement).selectedOptions].map((o) => o.value);
      else if (el.value.trim()) values[f.key] = el.value.trim();
    }
    for (const span of form.querySelectorAll<HTMLElement>("[data-error]")) span.textContent = "";
    const missing = missingRequired(step.action, values);
    const show = (violations: { field: string; rule: string; message: string }[]) => {
      for (const v of violations) {
        const span = form.querySelector<HTMLElement>(`[data-error="${CSS.escape(v.field)}"]`);
        if (span) span.textContent = `${v.message}（${v.rule}）`;
      }
    };
    if (missing.length) {
      show(missing);
      status.textContent = "请补全必填项";
      status.className = "status error";
      return;
    }
    try {
      await api("POST", `/v1/outfalls/${encodeURIComponent(card.id)}/transitions`, { ...stepPayload(step.action, values), expectedVersion: card.version });
      status.textContent = `已办理「${step.label}」`;
      status.className = "status ok";
      reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(error.violations);
      status.textContent = describeRefusal(error);
      status.className = "status error";
    }
  });
  return form;
}

const vocab = (ref: Json, name: string) => (ref.vocabularies?.[name] ?? []) as { key: string; label: string }[];
const labelIn = (ref: Json, name: string, key: unknown) => vocab(ref, name).find((o) => o.key === key)?.label ?? String(key ?? "");
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const select = (name: string, label: string, list: { key: string | number; label: string }[], empty?: string) =>
  h("label", {}, label, h("select", { name }, ...options(list, empty)));
const check = (name: string, label: string) => h("label", { class: "check" }, h("input", { type: "checkbox", name }), label);

/** Saves the item to the queue and tries to send it now; says where it stands. */
async function queueAndSend(item: Capture, status: HTMLElement, sentText: string, reload: () => void): Promise<void> {
  await saveCapture(item);
  await flush().catch(() => undefined);
  const now = (await listCaptures()).find((c) => c.key === item.key);
  if (now?.state === "sent") {
    status.textContent = now.message ? `${sentText}；${now.message}` : sentText;
    status.className = now.message ? "status error" : "status ok";
    reload();
  } else if (now?.state === "refused") {
    status.textContent = `被退回：${now.message ?? ""}`;
    status.className = "status error";
  } else {
    const waiting = (await listCaptures()).filter((c) => c.state === "pending").length;
    status.textContent = `暂无信号：已存入待发送队列（共 ${waiting} 项待发送），恢复信号后自动发送（见「队列」）`;
    status.className = "status ok queued";
  }
}

const chosenFiles = (form: HTMLFormElement, name: string) => [...((form.elements.namedItem(name) as HTMLInputElement).files ?? [])];

/** 补充证据: photos by slot from the camera and the sensory observation of an existing outfall, queued
 *  (queue.ts) like a new capture, so they are kept without signal and sent once. */
function evidenceForm(card: Card, ref: Json, status: HTMLElement, reload: () => void): HTMLFormElement {
  const form = h(
    "form",
    { id: "addPhotos", class: "photo-form" },
    h("label", {}, "照片类别", h("select", { name: "slot", id: "cardSlot" }, ...options(card.slots))),
    h("input", { type: "file", id: "cardFiles", name: "files", accept: "image/*", capture: "environment", multiple: true }),
    h(
      "details",
      { id: "observation" },
      h("summary", {}, "现场感官观测（可选）"),
      select("colour", "颜色", vocab(ref, "colour"), "未观察"),
      select("turbidity", "浑浊度", vocab(ref, "turbidity"), "未观察"),
      select("odour", "气味", vocab(ref, "odour"), "未观察"),
      check("oilFilm", "有油膜"),
      check("floatables", "有漂浮物"),
      check("deposits", "有沉积物"),
      check("dryWeatherFlow", "晴天有水流出"),
      h("label", {}, "备注", h("textarea", { name: "note", rows: 2, maxLength: 500 })),
    ),
    h("button", { type: "submit" }, "保存照片和观测（无信号时稍后自动发送）"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    const slot = text("slot");
    const files = chosenFiles(form, "files");
    const sensory: Record<string, unknown> = {};
    for (const k of ["colour", "turbidity", "odour", "note"]) if (text(k)) sensory[k] = text(k);
    for (const k of ["oilFilm", "floatables", "deposits"]) if (data.get(k) === "on") sensory[k] = true;
    const values: Record<string, unknown> = {};
    if (Object.keys(sensory).length) values.sensory = { observedAt: today(), oilFilm: false, floatables: false, deposits: false, ...sensory };
    if (data.get("dryWeatherFlow") === "on") values.dryWeatherFlow = true;
    if (!files.length && !Object.keys(values).length) {
      status.textContent = "请选择照片或填写现场观测";
      status.className = "status error";
      return;
    }
    const photos: QueuedPhoto[] = files.map((file) => ({ slot, name: file.name, type: file.type, blob: file }));
    const item = newItem("evidence", values, photos, { outfallId: card.id, tempId: card.tempId, label: card.name });
    form.reset();
    const said = [files.length ? `已上传 ${files.length} 张照片` : "", Object.keys(values).length ? "已保存现场观测" : ""].filter(Boolean).join("，");
    await queueAndSend(item, status, said, reload);
  });
  return form;
}

/** 巡查记录: a patrol with the fixed lists of observations and photos, queued like a capture. */
function patrolForm(card: Card, ref: Json, me: Json, status: HTMLElement, reload: () => void): HTMLFormElement {
  const obs: [string, string, string][] = [
    ["colour", "颜色", "patrolColour"],
    ["turbidity", "浑浊度", "patrolTurbidity"],
    ["odour", "气味", "patrolOdour"],
    ["oilFilm", "油膜", "patrolOilFilm"],
    ["floatables", "漂浮物", "patrolFloatables"],
    ["deposits", "淤积", "patrolDeposits"],
    ["damage", "排口设施", "patrolDamage"],
    ["signboard", "标识牌", "patrolSignboard"],
  ];
  const form = h(
    "form",
    { id: "patrol", class: "patrol-form" },
    select("kind", "巡查类型", vocab(ref, "patrolKind")),
    h("label", {}, "巡查人 *", h("input", { type: "text", name: "patroller", maxLength: 40, value: String(me.name ?? me.email ?? "") })),
    select("weather", "天气 *", vocab(ref, "patrolWeather")),
    select("flow", "出水情况 *", vocab(ref, "patrolFlow"), "请选择"),
    ...obs.map(([name, label, list]) => select(name, label, vocab(ref, list), "未观察")),
    h("label", {}, "照片类别", h("select", { name: "slot", id: "patrolSlot" }, ...options(card.slots))),
    h("input", { type: "file", id: "patrolFiles", name: "files", accept: "image/*", capture: "environment", multiple: true }),
    h("label", {}, "备注", h("textarea", { name: "note", rows: 2, maxLength: 1000 })),
    h("button", { type: "submit", class: "primary" }, "保存巡查（无信号时稍后自动发送）"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    if (!text("flow") || !text("patroller")) {
      status.textContent = !text("flow") ? "请选择「出水情况」（必填）" : "请填写「巡查人」（必填）";
      status.className = "status error";
      return;
    }
    const observations: Record<string, string> = { flow: text("flow") };
    for (const [name] of obs) if (text(name)) observations[name] = text(name);
    const values: Record<string, unknown> = {
      kind: text("kind"),
      patrolledAt: new Date().toISOString(),
      patroller: text("patroller"),
      weather: text("weather"),
      observations,
      ...(text("note") ? { note: text("note") } : {}),
    };
    const slot = text("slot");
    const photos: QueuedPhoto[] = chosenFiles(form, "files").map((file) => ({ slot, name: file.name, type: file.type, blob: file }));
    form.reset();
    (form.elements.namedItem("patroller") as HTMLInputElement).value = values.patroller as string;
    await queueAndSend(newItem("patrol", values, photos, { outfallId: card.id, tempId: card.tempId, label: card.name }), status, "巡查已记录", reload);
  });
  return form;
}

/** The outfall's recent patrols (newest first), with those still waiting in this phone's queue. */
function patrolList(ref: Json, patrols: Json[], queued: Capture[]): HTMLElement {
  const line = (p: Json) => {
    const o = (p.observations ?? {}) as Json;
    const problems = ((p.problemsFound ?? []) as string[]).map((k) => labelIn(ref, "problem", k));
    return [
      `${String(p.patrolledAt ?? "").slice(0, 16).replace("T", " ")} · ${labelIn(ref, "patrolKind", p.kind)} · ${String(p.patroller ?? "")}`,
      ` · ${labelIn(ref, "patrolWeather", p.weather)}，${labelIn(ref, "patrolFlow", o.flow)}`,
      problems.length ? ` · 发现问题：${problems.join("、")}` : " · 未发现问题",
      p.reopened ? " · 已重新打开" : "",
    ].join("");
  };
  const recent = [...patrols].sort((a, b) => String(b.patrolledAt).localeCompare(String(a.patrolledAt))).slice(0, 10);
  return h(
    "ol",
    { id: "patrolList", class: "patrols" },
    ...queued.map((c) => h("li", { class: "pending", "data-key": c.key }, h("span", { class: "badge" }, "待发送"), ` ${String(c.values.patrolledAt ?? "").slice(0, 16).replace("T", " ")} · ${String(c.values.patroller ?? "")}`)),
    ...recent.map((p) => h("li", { "data-id": String(p.id) }, line(p))),
    ...(recent.length || queued.length ? [] : [h("li", {}, "暂无巡查记录")]),
  );
}

export async function showCard(id: string, flash?: string): Promise<void> {
  const root = main();
  const { card, ref, me, patrols } = await loadCard(id);
  const queuedPatrols = (await listCaptures().catch(() => [] as Capture[])).filter((c) => c.kind === "patrol" && c.outfallId === card.id && c.state === "pending");
  const status = h("p", { id: "status", class: flash ? "status ok" : "status" }, flash ?? "");
  const reload = () => void showCard(id, status.textContent ?? undefined);
  const steps = h("div", { id: "steps", class: "steps" });
  const formSlot = h("div", { id: "stepForm" });
  for (const step of card.steps) {
    steps.append(
      h("button", { type: "button", "data-action": step.action, onclick: () => formSlot.replaceChildren(stepForm(card, step, status, reload)) }, step.label),
    );
  }
  const parts: (Node | undefined)[] = [
    h("h1", { id: "title" }, `${card.name}（${card.tempId}）`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "状态"),
      h("dd", { id: "state", "data-status": card.status }, card.statusLabel),
      h("dt", {}, "期限"),
      h("dd", { id: "deadline", class: card.overdue ? "overdue" : "" }, card.deadline ? `${card.deadline}${card.overdue ? "（已逾期）" : card.daysToDeadline !== undefined && card.daysToDeadline >= 0 ? `（剩 ${card.daysToDeadline} 天）` : ""}` : "—"),
    ),
    status,
    card.blockers.length
      ? h("section", { id: "blockers" }, h("h2", {}, "尚缺"), h("ul", {}, ...card.blockers.map((b) => h("li", {}, `${b.actionLabel}：${b.message}（${b.rule}）`))))
      : undefined,
    h("section", {}, h("h2", {}, "可办理"), card.steps.length ? steps : h("p", {}, "当前没有可由您办理的步骤"), formSlot),
    h(
      "section",
      { id: "photos" },
      h("h2", {}, "照片和现场观测"),
      evidenceForm(card, ref, status, reload),
      ...card.photoSlots.map((s) =>
        h("div", { class: "slot" }, h("h3", {}, s.label), ...s.photos.map((p) => (p.url ? h("img", { src: p.url, alt: s.label, loading: "lazy" }) : h("span", {}, p.withheld ?? "")))),
      ),
    ),
    h("section", { id: "patrols" }, h("h2", {}, "巡查记录"), patrolList(ref, patrols, queuedPatrols), h("details", { id: "patrolOpen" }, h("summary", {}, "记录一次巡查"), patrolForm(card, ref, me, status, reload))),
    h(
      "section",
      { id: "history" },
      h("h2", {}, "历史"),
      h("ol", {}, ...card.history.map((l) => h("li", {}, h("span", { class: "what" }, l.what), ` ${l.at} · ${l.who}`, l.channel ? h("span", { class: "channel" }, ` · ${l.channel}`) : undefined, l.note ? h("div", {}, l.note) : undefined))),
    ),
  ];
  root.append(...parts.filter((p): p is Node => p !== undefined));
}
