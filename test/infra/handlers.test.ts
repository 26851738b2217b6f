// The permission map (infra/lib/handlers.ts) against the route table (functions/src/routes.ts): every
// route's handler has an entry, nothing stale is left, public routes are exactly the intended ones.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/src/routes.js";
import { DIGEST_OBJECTS, EXPORT_OBJECTS, HANDLER_NEEDS, PHOTO_OBJECTS, PUBLIC_ROUTES, SCHEDULED_HANDLERS } from "../../infra/lib/handlers.js";
import { handlerEntry } from "../../infra/lib/paths.js";
import { build, cleanUp } from "./synth.js";

afterAll(cleanUp);

const routeHandlers = [...new Set(ROUTES.map((r) => r.handler))];

describe("permission map", () => {
  it("has an entry for every handler in the route table", () => {
    const missing = routeHandlers.filter((h) => !(h in HANDLER_NEEDS));
    expect(missing, `add these handlers to HANDLER_NEEDS in infra/lib/handlers.ts: ${missing.join(", ")}`).toEqual([]);
  });

  it("has no stale entries (each is a routed or a scheduled handler)", () => {
    const known = new Set<string>([...routeHandlers, ...SCHEDULED_HANDLERS]);
    expect(Object.keys(HANDLER_NEEDS).filter((h) => !known.has(h))).toEqual([]);
  });

  it("names a handler file that exists for every route", () => {
    expect(routeHandlers.filter((h) => !existsSync(handlerEntry(h)))).toEqual([]);
  });

  it("keeps route handlers within API Gateway's 30 s integration timeout and Lambda's memory range", () => {
    for (const h of routeHandlers) {
      const needs = HANDLER_NEEDS[h]!;
      expect(needs.timeoutSeconds ?? 10, h).toBeLessThanOrEqual(29);
      expect(needs.memoryMb ?? 512, h).toBeGreaterThanOrEqual(128);
      expect(needs.memoryMb ?? 512, h).toBeLessThanOrEqual(10240);
    }
  });

  it("gives public routes no table, bucket, secret or mail access; the readiness probe only reads and HEADs health/; a published draw is only read", () => {
    // The public disclosure routes are reviewed in test/infra/public-routes.test.ts.
    for (const route of ROUTES.filter((r) => r.public && r.handler !== "ready" && r.handler !== "public-draw" && !r.path.startsWith("/p/") && !r.path.startsWith("/v1/public/"))) {
      const { table, bucket, secret, mail } = HANDLER_NEEDS[route.handler]!;
      expect({ table, bucket, secret, mail }, route.handler).toEqual({ table: undefined, bucket: undefined, secret: undefined, mail: undefined });
    }
    const { table, bucket, secret, mail } = HANDLER_NEEDS.ready!;
    expect({ table, bucket, secret, mail }).toEqual({ table: "read", bucket: { actions: ["s3:GetObject"], objects: "health/*" }, secret: undefined, mail: undefined });
    expect(HANDLER_NEEDS["public-draw"]).toEqual({ table: "read" });
  });

  it("gives every authenticated route at least table read (resolving the caller reads its user entry)", () => {
    for (const route of ROUTES.filter((r) => !r.public)) expect(HANDLER_NEEDS[route.handler]!.table, route.handler).toMatch(/^read(write)?$/);
  });

  it("never grants DeleteObjectVersion or bucket-level S3 actions, and always names a key pattern", () => {
    for (const [h, needs] of Object.entries(HANDLER_NEEDS)) {
      for (const action of needs.bucket?.actions ?? []) expect(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"], h).toContain(action);
      if (needs.bucket) expect(needs.bucket.objects, h).toMatch(/^[a-z]+\/.*\*$/);
    }
  });

  it("uses key patterns that match the keys the code writes", () => {
    // If one of these fails, the layout of object keys changed: update PHOTO_OBJECTS / DIGEST_OBJECTS.
    const photos = readFileSync(new URL("../../functions/src/app/photos.ts", import.meta.url), "utf8");
    expect(photos).toContain("`outfalls/${outfallId}/photos/staged/${photoId}.");
    expect(photos).toContain("`outfalls/${outfallId}/photos/${photoId}-${deps.newId()}.");
    expect(PHOTO_OBJECTS).toBe("outfalls/*/photos/*");
    const archive = readFileSync(new URL("../../functions/src/adapters/s3/digest-archive.ts", import.meta.url), "utf8");
    expect(archive).toMatch(/`digests\/\$\{id\}\.json`/);
    expect(DIGEST_OBJECTS).toBe("digests/*");
    const exports = readFileSync(new URL("../../functions/src/app/exports.ts", import.meta.url), "utf8");
    expect(exports).toContain("const key = `exports/${");
    expect(EXPORT_OBJECTS).toBe("exports/*");
  });
});

describe("route table as deployed", () => {
  it("has exactly the intended public routes, and every other route under /v1", () => {
    expect(ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /health",
      "GET /openapi.json",
      "GET /ready",
      "GET /sign-in",
      "POST /v1/public/reports",
      "POST /v1/public/reports/{code}/photo",
      "GET /p/report",
      "GET /p/reports/{code}",
      "GET /p/closeouts",
      "GET /p/open/{file}",
      "GET /p/draws/{id}",
      "GET /p/{tempId}",
    ]);
    for (const route of ROUTES.filter((r) => !r.public)) expect(route.path, `${route.method} ${route.path}`).toMatch(/^\/v1\//);
    for (const route of ROUTES.filter((r) => r.public && r.path.startsWith("/p/"))) expect(route.method, route.path).toBe("GET");
  });

  it("lists every public route with a reason, and refuses a public route without one", () => {
    expect(Object.keys(PUBLIC_ROUTES).sort()).toEqual(ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`).sort());
    const routes = [...ROUTES, { method: "GET" as const, path: "/v1/me/public", handler: "me", public: true }];
    expect(() => build({ stack: { routes } })).toThrow(/GET \/v1\/me\/public is public in the route table but not listed in PUBLIC_ROUTES/);
  });

  it("refuses to synthesize a route whose handler has no permission entry", () => {
    const routes = [...ROUTES, { method: "GET" as const, path: "/v1/new-thing", handler: "new-thing" }];
    expect(() => build({ stack: { routes } })).toThrow(/no entry for handler\(s\) new-thing/);
  });
});
