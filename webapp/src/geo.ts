// Distances on the ground between WGS84/CGCS2000 points, and the existing outfalls near a capture.
// Pure: used by the capture form (duplicates within 10 m) and by the unit tests.

export interface Located {
  id: string;
  longitude: number;
  latitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine; at 10 m its error is far below a phone's GPS accuracy). */
export function distanceMetres(a: { longitude: number; latitude: number }, b: { longitude: number; latitude: number }): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The points within `radius` metres of `at`, nearest first, each with its distance. */
export function nearby<T extends Located>(points: Iterable<T>, at: { longitude: number; latitude: number }, radius = 10): (T & { distance: number })[] {
  const out: (T & { distance: number })[] = [];
  for (const p of points) {
    const distance = distanceMetres(at, p);
    if (distance <= radius) out.push({ ...p, distance });
  }
  return out.sort((a, b) => a.distance - b.distance);
}
