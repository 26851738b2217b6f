// 一张图: the district with every outfall the caller may see, coloured by state, late ones ringed in red,
// with filters and a legend with counts. Canvas-rendered (preferCanvas) so 5,000 points stay smooth.
import L from "leaflet";
import { OVERDUE_RING, STATE_COLOURS, mapLegend } from "../../functions/src/domain/district-map.js";
import { type Json, allOutfalls, getReference } from "./api.js";
import { baseMap } from "./basemap.js";
import { h, main, options } from "./dom.js";
import { type MapFilter, type OutfallPoint, applyFilter, clusterByCell, milestones, toPoints } from "./points.js";

/** Below this zoom, and with more points than CLUSTER_ABOVE, dots sharing a 48 px cell are drawn as one. */
const CLUSTER_BELOW_ZOOM = 15;
const CLUSTER_ABOVE = 400;

/** The points last loaded, for the capture form's duplicate check. */
export let loadedPoints: OutfallPoint[] = [];

export async function loadPoints(): Promise<OutfallPoint[]> {
  loadedPoints = toPoints(await allOutfalls());
  return loadedPoints;
}

const vocab = (ref: Json, name: string) => (ref.vocabularies[name] ?? []) as { key: string; label: string }[];

/** A legend dot; colours set through the CSSOM, which the CSP allows (inline style attributes it does not). */
function swatch(colour: string, ring: boolean): HTMLElement {
  const el = h("span", { class: ring ? "swatch ring" : "swatch" });
  if (ring) el.style.borderColor = colour;
  else el.style.backgroundColor = colour;
  return el;
}

export async function showMap(): Promise<void> {
  const root = main();
  const mapEl = h("div", { id: "map", class: "map" });
  const legend = h("ul", { id: "legend", class: "legend" });
  const filters = h("form", { id: "filters", class: "filters" });
  root.append(filters, mapEl, legend);
  const [ref, points] = await Promise.all([getReference(), loadPoints()]);
  const { map, datum } = await baseMap(mapEl, ref);
  const statusLabel = new Map(vocab(ref, "status").map((s) => [s.key, s.label]));

  const select = (name: keyof MapFilter, label: string, list: { key: string; label: string }[]) =>
    h("label", {}, label, h("select", { name }, ...options(list, "全部")));
  filters.append(
    select("subdistrict", "街道", (ref.subdistricts as Json[]).map((s) => ({ key: s.key, label: s.name }))),
    select("inventory", "清单", vocab(ref, "inventory")),
    select("status", "状态", vocab(ref, "status").filter((s) => s.key in STATE_COLOURS)),
    select("category", "类别", vocab(ref, "category")),
    select("milestone", "节点", milestones(points).map((m) => ({ key: m, label: m }))),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "overdueOnly" }), "仅看逾期"),
  );

  const layer = L.layerGroup().addTo(map);
  let shown: OutfallPoint[] = [];
  const draw = () => {
    const data = new FormData(filters);
    const f: MapFilter = {
      subdistrict: String(data.get("subdistrict") ?? ""),
      inventory: String(data.get("inventory") ?? ""),
      status: String(data.get("status") ?? ""),
      category: String(data.get("category") ?? ""),
      overdueOnly: data.get("overdueOnly") === "on",
      milestone: String(data.get("milestone") ?? ""),
    };
    shown = applyFilter(points, f);
    drawPoints();
    mapEl.dataset.points = String(shown.length);
    legend.replaceChildren(
      h("li", { class: "total" }, `共 ${shown.length} 个`),
      ...mapLegend(shown).map((e) =>
        h("li", { "data-key": e.key }, swatch(e.colour, e.key === "overdue"), `${e.label} ${e.count}`),
      ),
    );
  };
  const drawPoints = () => {
    layer.clearLayers();
    let singles = shown;
    if (shown.length > CLUSTER_ABOVE && map.getZoom() < CLUSTER_BELOW_ZOOM) {
      const clusters = clusterByCell(shown, (p) => map.latLngToLayerPoint(datum.toMap(p.lng, p.lat)));
      singles = clusters.filter((c) => c.members.length === 1).map((c) => c.members[0]!);
      for (const c of clusters.filter((c) => c.members.length > 1)) {
        L.circleMarker(datum.toMap(c.lng, c.lat), {
          radius: Math.min(22, 9 + Math.sqrt(c.members.length) * 1.5),
          color: c.overdue ? OVERDUE_RING : "#ffffff",
          weight: c.overdue ? 3 : 1,
          fillColor: "#546e7a",
          fillOpacity: 0.85,
        })
          .bindTooltip(String(c.members.length), { permanent: true, direction: "center", className: "cluster-label" })
          .on("click", (e) => map.setView(e.latlng, map.getZoom() + 2))
          .addTo(layer);
      }
    }
    for (const p of singles) {
      const fill = STATE_COLOURS[p.status as keyof typeof STATE_COLOURS] ?? "#9e9e9e";
      L.circleMarker(datum.toMap(p.lng, p.lat), {
        radius: 6,
        color: p.overdue ? OVERDUE_RING : "#ffffff",
        weight: p.overdue ? 3 : 1,
        fillColor: fill,
        fillOpacity: 0.95,
      })
        .bindPopup(() =>
          h(
            "div",
            { class: "popup" },
            h("strong", {}, p.name),
            h("div", {}, `${p.tempId} · ${statusLabel.get(p.status) ?? p.status}`),
            p.deadline ? h("div", {}, `期限 ${p.deadline}${p.overdue ? "（逾期）" : ""}`) : undefined,
            h("a", { href: `/app/outfalls/${encodeURIComponent(p.id)}`, "data-link": "1" }, "查看 / 办理"),
          ),
        )
        .addTo(layer);
    }
  };
  filters.addEventListener("change", draw);
  map.on("zoomend", drawPoints);
  draw();
  mapEl.dataset.ready = "1";
}
