// The app's runtime configuration: /app/config.json, written by the build (webapp/build.ts) and, locally,
// answered by the server from its environment. Everything is optional: with nothing configured the map is
// drawn from the reference data alone and the app talks to its own origin only.

export interface BaseLayer {
  /** Leaflet URL template, e.g. 天地图 https://t{s}.tianditu.gov.cn/vec_w/wmts?…&tk=KEY */
  url: string;
  /** The datum of the tiles: wgs84 (CGCS2000, 天地图) draws as stored; gcj02 tiles get points converted for display. */
  datum?: "wgs84" | "gcj02";
  attribution?: string;
  subdomains?: string;
  maxZoom?: number;
}

export interface AppConfig {
  baseLayer?: BaseLayer;
  /** The OpenID Connect provider the app signs in at (default: its own origin, as on the local stack). */
  oidcAuthority?: string;
  /** Its client id for the app (default outfall-ledger-web, the local provider's web client). */
  oidcClientId?: string;
}

let loaded: Promise<AppConfig> | undefined;

export function appConfig(): Promise<AppConfig> {
  loaded ??= fetch("/app/config.json")
    .then((r) => (r.ok ? (r.json() as Promise<AppConfig>) : {}))
    .catch(() => ({}));
  return loaded;
}
