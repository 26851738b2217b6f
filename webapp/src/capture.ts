// 新增疑似排口: a suspected outfall captured on the riverbank. Position from the phone (accuracy shown,
// drag the marker to adjust), the existing outfalls within 10 m offered before a duplicate is made, photos by
// slot from the camera, the sensory observation. Saved to the queue first (queue.ts), then sent.
import L from "leaflet";
import { type Json, getMe, getReference } from "./api.js";
import { baseMap } from "./basemap.js";
import { h, main, options } from "./dom.js";
import { nearby } from "./geo.js";
import { loadPoints, loadedPoints } from "./mapview.js";
import { type QueuedPhoto, flush, newCapture, saveCapture } from "./queue.js";

export const DUPLICATE_RADIUS_M = 10;
/** The slots a field capture offers (photo slots of the reference vocabulary). */
const CAPTURE_SLOTS = ["near", "far", "signboard"];

const vocab = (ref: Json, name: string) => (ref.vocabularies[name] ?? []) as { key: string; label: string }[];
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function showCapture(go: (path: string) => void): Promise<void> {
  const root = main();
  const [ref, me] = await Promise.all([getReference(), getMe()]);
  if (!loadedPoints.length) await loadPoints().catch(() => undefined);
  const position = { longitude: Number.NaN, latitude: Number.NaN, accuracy: Number.NaN };
  const accuracy = h("p", { id: "accuracy", class: "hint" }, "正在定位…");
  const matches = h("div", { id: "matches" });
  const mapEl = h("div", { id: "captureMap", class: "map small" });
  const slotLabel = new Map(vocab(ref, "photoSlot").map((s) => [s.key, s.label]));
  const subdistricts = (ref.subdistricts as Json[]).filter((s) => !me.subdistrict || s.key === me.subdistrict).map((s) => ({ key: s.key, label: s.name }));
  const yesNo = (name: string, label: string) => h("label", { class: "check" }, h("input", { type: "checkbox", name }), label);
  const sel = (name: string, label: string, list: { key: string | number; label: string }[], empty?: string) =>
    h("label", {}, label, h("select", { name }, ...options(list, empty)));
  const message = h("p", { id: "captureMsg", class: "status" });
  const form = h(
    "form",
    { id: "capture", class: "capture" },
    sel("subdistrict", "街道 *", subdistricts),
    sel("waterBody", "受纳水体 *", (ref.waterBodies as Json[]).map((w) => ({ key: w.key, label: w.name })), "请选择"),
    sel("surveyLevel", "排查层级 *", vocab(ref, "surveyLevel"), undefined),
    h("label", {}, "名称或位置描述", h("input", { type: "text", name: "name", maxLength: 60 })),
    h("fieldset", {}, h("legend", {}, "现场感官"),
      sel("colour", "颜色", vocab(ref, "colour"), "未观察"),
      sel("turbidity", "浑浊度", vocab(ref, "turbidity"), "未观察"),
      sel("odour", "气味", vocab(ref, "odour"), "未观察"),
      yesNo("oilFilm", "有油膜"), yesNo("floatables", "有漂浮物"), yesNo("deposits", "有沉积物"), yesNo("dryWeatherFlow", "晴天有水流出"),
      h("label", {}, "备注", h("textarea", { name: "note", rows: 2, maxLength: 500 }))),
    h("fieldset", {}, h("legend", {}, "照片"),
      ...CAPTURE_SLOTS.map((slot) => h("label", {}, slotLabel.get(slot) ?? slot, h("input", { type: "file", name: `photo-${slot}`, id: `photo-${slot}`, accept: "image/*", capture: "environment", multiple: true })))),
    matches,
    h("button", { type: "submit", id: "save", class: "primary" }, "保存（无信号时稍后自动发送）"),
    message,
  );
  root.append(h("h1", {}, "新增疑似排口"), mapEl, accuracy, form);
  (form.elements.namedItem("surveyLevel") as HTMLSelectElement).value = "2"; // 徒步现场排查

  const { map, datum } = await baseMap(mapEl, ref);
  const marker = L.marker(map.getCenter(), { draggable: true, icon: L.divIcon({ className: "here", iconSize: [22, 22] }) }).addTo(map);
  const circle = L.circle(map.getCenter(), { radius: 0, color: "#1e88e5", weight: 1, fillOpacity: 0.1, interactive: false }).addTo(map);
  const setPosition = (lng: number, lat: number, acc?: number) => {
    position.longitude = lng;
    position.latitude = lat;
    if (acc !== undefined) position.accuracy = acc;
    accuracy.textContent = `${lng.toFixed(6)}, ${lat.toFixed(6)}${Number.isFinite(position.accuracy) ? `  定位精度 ±${Math.round(position.accuracy)} 米` : ""}${acc === undefined ? "（已手动调整）" : ""}`;
    const near = nearby(loadedPoints, position, DUPLICATE_RADIUS_M);
    matches.replaceChildren(
      ...(near.length
        ? [
            h("p", { class: "warn" }, `${DUPLICATE_RADIUS_M} 米内已有 ${near.length} 个排口，可能是同一个：`),
            h("ul", { class: "match-list" }, ...near.map((p) => h("li", { "data-id": p.id }, h("a", { href: `/app/outfalls/${encodeURIComponent(p.id)}`, "data-link": "1" }, `${p.name}（${p.tempId}）`), ` 相距 ${p.distance.toFixed(1)} 米`))),
            h("label", { class: "check" }, h("input", { type: "checkbox", name: "notDuplicate", required: true }), "不是同一个排口，仍要新增"),
          ]
        : []),
    );
  };
  marker.on("dragend", () => {
    const [lng, lat] = datum.fromMap(marker.getLatLng());
    circle.setRadius(0);
    setPosition(lng, lat);
  });
  navigator.geolocation?.watchPosition(
    (p) => {
      if (marker.getLatLng() && mapEl.dataset.dragged) return;
      const at = datum.toMap(p.coords.longitude, p.coords.latitude);
      marker.setLatLng(at);
      circle.setLatLng(at).setRadius(p.coords.accuracy);
      map.setView(at, 17);
      setPosition(p.coords.longitude, p.coords.latitude, p.coords.accuracy);
    },
    () => (accuracy.textContent = "无法定位：请允许定位，或拖动标记到排口位置"),
    { enableHighAccuracy: true, maximumAge: 10_000 },
  );
  marker.on("dragstart", () => (mapEl.dataset.dragged = "1"));
  form.dataset.ready = "1";

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!Number.isFinite(position.longitude)) {
      message.textContent = "尚未取得位置：请等待定位或拖动标记";
      return;
    }
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    const sensory: Record<string, unknown> = { observedAt: today() };
    for (const k of ["colour", "turbidity", "odour"]) if (text(k)) sensory[k] = text(k);
    for (const k of ["oilFilm", "floatables", "deposits"]) sensory[k] = data.get(k) === "on";
    if (text("note")) sensory.note = text("note");
    const values: Record<string, unknown> = {
      status: "suspected",
      subdistrict: text("subdistrict"),
      waterBody: text("waterBody"),
      surveyLevel: Number(text("surveyLevel")),
      longitude: Number(position.longitude.toFixed(7)),
      latitude: Number(position.latitude.toFixed(7)),
      surveyMethod: "on-foot",
      surveyedAt: today(),
      dryWeatherFlow: data.get("dryWeatherFlow") === "on",
      sensory,
      ...(text("name") ? { name: text("name") } : {}),
    };
    const photos: QueuedPhoto[] = [];
    for (const slot of CAPTURE_SLOTS) {
      for (const file of (form.elements.namedItem(`photo-${slot}`) as HTMLInputElement).files ?? []) {
        photos.push({ slot, name: file.name, type: file.type, blob: file });
      }
    }
    await saveCapture(newCapture(values, photos));
    void flush();
    go("/app/queue");
  });
}
