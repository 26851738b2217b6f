// The map canvas every view shares: a Leaflet map drawn from the reference data (district boundary,
// subdistrict areas, rivers) with no tiles unless a base layer is configured, and the datum conversion for
// display when that base layer is GCJ-02. Stored coordinates stay WGS84/CGCS2000 throughout.
import L from "leaflet";
import { subdistrictAreas } from "../../functions/src/domain/map-geometry.js";
import type { Json } from "./api.js";
import { type AppConfig, appConfig } from "./config.js";

export type LngLat = [number, number];

/** Stored (WGS84) ↔ drawn coordinates. Identity unless the base layer is GCJ-02. */
export interface Datum {
  toMap(lng: number, lat: number): L.LatLngTuple;
  fromMap(p: L.LatLng): LngLat;
}

const IDENTITY: Datum = { toMap: (lng, lat) => [lat, lng], fromMap: (p) => [p.lng, p.lat] };

async function datumFor(config: AppConfig): Promise<Datum> {
  if (config.baseLayer?.datum !== "gcj02") return IDENTITY;
  const { default: gcoord } = await import("gcoord");
  return {
    toMap: (lng, lat) => {
      const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as LngLat;
      return [y, x];
    },
    fromMap: (p) => gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as LngLat,
  };
}

export interface BaseMap {
  map: L.Map;
  datum: Datum;
  bounds: L.LatLngBounds;
}

/** A map in `el` with the district drawn on it, fitted to the district. */
export async function baseMap(el: HTMLElement, ref: Json): Promise<BaseMap> {
  const config = await appConfig();
  const datum = await datumFor(config);
  const map = L.map(el, { preferCanvas: true, attributionControl: Boolean(config.baseLayer?.attribution), zoomSnap: 0.25 });
  if (config.baseLayer) {
    L.tileLayer(config.baseLayer.url, {
      ...(config.baseLayer.attribution ? { attribution: config.baseLayer.attribution } : {}),
      ...(config.baseLayer.subdomains ? { subdomains: config.baseLayer.subdomains } : {}),
      maxZoom: config.baseLayer.maxZoom ?? 18,
    }).addTo(map);
  } else {
    el.classList.add("tileless");
  }
  const ring = (points: LngLat[]) => points.map(([lng, lat]) => datum.toMap(lng, lat));
  const areas = subdistrictAreas(ref as never);
  for (const s of ref.subdistricts as Json[]) {
    const area = areas.get(s.key);
    if (!area) continue;
    L.polygon(ring(area), { className: "area", color: "#90a4ae", weight: 1, fillColor: "#eceff1", fillOpacity: 0.5, interactive: false })
      .bindTooltip(String(s.name).replace(/街道$/, ""), { permanent: true, direction: "center", className: "area-label" })
      .addTo(map);
  }
  for (const w of ref.waterBodies as Json[]) {
    for (const line of (w.geometry?.lines ?? []) as LngLat[][]) {
      L.polyline(ring(line), { color: "#4fc3f7", weight: 3, opacity: 0.9 }).bindTooltip(String(w.name)).addTo(map);
    }
  }
  const boundary = L.polygon(ring(ref.district.bounds.polygon as LngLat[]), { color: "#37474f", weight: 2, fill: false, interactive: false }).addTo(map);
  const bounds = boundary.getBounds();
  map.fitBounds(bounds);
  return { map, datum, bounds };
}
