// Public disclosure routes (issue 18) in AWS: no authorizer, a stage throttle of their own, and grants
// limited to what each needs: reads, the report writer's REPORT#/RATE# items, the photo page's version reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/src/routes.js";
import { HANDLER_NEEDS, PUBLIC_ROUTES, PUBLIC_ROUTE_THROTTLES } from "../../infra/lib/handlers.js";
import { type Synthesized, actionsOf, cleanUp, logicalId, roleStatements, synth } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
afterAll(cleanUp);

const disclosure = ROUTES.filter((r) => r.public && (r.path.startsWith("/p/") || r.path.startsWith("/v1/public/")));

describe("public disclosure routes", () => {
  it("are public only with a reviewed reason and carry a per-route throttle on the stage, under the stage's own", () => {
    // Prepare
    const [[, stage]] = Object.entries(s.json.Resources).filter(([, r]) => r.Type === "AWS::ApiGatewayV2::Stage") as [[string, any]];
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    // Assess
    expect(disclosure.length).toBeGreaterThanOrEqual(6);
    for (const r of disclosure) {
      const key = `${r.method} ${r.path}`;
      expect(PUBLIC_ROUTES[key], key).toBeTruthy();
      expect(settings[key], key).toEqual({ ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLES[key]!.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLES[key]!.burstLimit });
      expect(settings[key]!.ThrottlingRateLimit, key).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit);
    }
    expect(settings["POST /v1/public/reports"]!.ThrottlingRateLimit).toBeLessThanOrEqual(2);
  });

  it("deploys the stage after the routes its settings name", () => {
    // Prepare
    const [[, stage]] = Object.entries(s.json.Resources).filter(([, r]) => r.Type === "AWS::ApiGatewayV2::Stage") as [[string, any]];
    const routeIds = Object.entries(s.json.Resources)
      .filter(([, r]) => r.Type === "AWS::ApiGatewayV2::Route" && disclosure.some((d) => `${d.method} ${d.path}` === r.Properties.RouteKey))
      .map(([id]) => id);
    // Assess
    expect(routeIds).toHaveLength(disclosure.length);
    for (const id of routeIds) expect((stage as { DependsOn?: string[] }).DependsOn, id).toContain(id);
  });

  it("lets the report writer put only REPORT# items and count only RATE# items (and presign reports/ photos); the pages only read", () => {
    for (const r of disclosure) {
      // Prepare
      const fn = s.stack.functions.get(r.handler)!;
      const { statements } = roleStatements(s, logicalId(s.stack, fn.role.node.defaultChild));
      const writes = statements.filter((st) => actionsOf(st).some((a) => /^dynamodb:(Put|Update|Delete)Item$/.test(a)));
      // Assess
      if (r.handler === "confirm-report-photo") {
        expect(writes.map((st) => JSON.stringify(st.Condition)).join()).not.toMatch(/OUTFALL#|RATE#|USER#/);
        continue;
      }
      if (r.handler !== "submit-public-report") {
        expect(writes, r.handler).toEqual([]);
        continue;
      }
      const leading = writes.map((st) => ({ actions: actionsOf(st).sort(), keys: JSON.stringify(st.Condition) }));
      expect(leading).toHaveLength(2);
      expect(leading.find((w) => w.keys.includes("REPORT#"))!.actions).toEqual(["dynamodb:PutItem"]);
      expect(leading.find((w) => w.keys.includes("RATE#"))!.actions).toEqual(["dynamodb:UpdateItem"]);
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith("s3:"))).toEqual(["s3:PutObject"]);
    }
    expect(HANDLER_NEEDS["public-outfall-page"]!.bucket!.actions).toEqual(["s3:GetObject", "s3:GetObjectVersion"]);
  });
});
