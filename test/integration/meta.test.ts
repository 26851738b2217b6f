import { describe, expect, it } from "vitest";
import { QUERY_SCHEMAS } from "../../functions/src/contracts/openapi.js";
import { ROUTES } from "../../functions/src/routes.js";
import { CLERK } from "./users.js";
import { call } from "./client.js";

describe("health, OpenAPI and reference", () => {
  it("serves /health without a token", async () => {
    // Prepare / Act
    const reply = await call("GET", "/health");
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe("ok");
  });

  it("serves an OpenAPI 3.1 document covering every route, with the record schema generated from zod", async () => {
    // Prepare / Act
    const reply = await call("GET", "/openapi.json");
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe("3.1.0");
    for (const route of ROUTES) {
      expect(reply.body.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    const outfall = reply.body.components.schemas.Outfall;
    expect(outfall.properties.outletType.enum).toContain("open-channel");
    expect(outfall.additionalProperties).toBe(false);
    expect(reply.body.components.schemas.BatchRequest.properties.rows.type).toBe("array");
  });

  it("declares every key of each route's query schema as a query parameter of its GET operation", async () => {
    // Prepare / Act
    const reply = await call("GET", "/openapi.json");
    // Assess
    expect(reply.status).toBe(200);
    for (const [path, schema] of Object.entries(QUERY_SCHEMAS)) {
      const parameters: { name: string; in: string; description?: string }[] = reply.body.paths[path].get.parameters;
      const inQuery = parameters.filter((p) => p.in === "query");
      expect(inQuery.map((p) => p.name).sort(), path).toEqual(Object.keys(schema.shape).sort());
      for (const p of inQuery) expect(p.description, `${path} ?${p.name}`).toBeTruthy();
    }
    const status = reply.body.paths["/v1/outfalls"].get.parameters.find((p: { name: string }) => p.name === "status");
    expect(status).toMatchObject({ in: "query", required: false, schema: { type: "string" } });
  });

  it("gives a signed-in user the reference data with Chinese labels for every vocabulary", async () => {
    // Prepare / Act
    const reply = await call("GET", "/v1/reference", { as: CLERK });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.subdistricts).toHaveLength(14);
    expect(reply.body.vocabularies.status).toContainEqual({ key: "closed", label: "已销号" });
    expect(reply.body.vocabularies.surveyLevel).toHaveLength(3);
    expect(reply.body.rules.map((r: any) => r.id)).toContain("R-CREDIT-CODE");
    expect(reply.body.fields.labels.longitude).toBe("经度");
  });

  it("answers unknown paths and methods with a Chinese 404/405", async () => {
    // Prepare / Act
    const path = await call("GET", "/v1/nothing-here");
    const method = await call("DELETE", "/v1/outfalls/abc", { as: CLERK });
    // Assess
    expect(path.status).toBe(404);
    expect(method.status).toBe(405);
    expect(path.body.detail).toContain("没有这个接口");
  });
});
