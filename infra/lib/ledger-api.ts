// The HTTP API: one Lambda integration per route, a throttled `$default` stage with JSON access logs. No
// gateway authorizer: every function verifies the bearer token itself against all trusted issuers and the
// personal tokens (functions/src/http/api.ts; infra/README.md, "Sign-in" says why).
import { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { type CfnApi, type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, type HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { Route } from "../../functions/src/routes.js";
import type { LedgerConfig } from "./config.js";
import { PUBLIC_ROUTES, PUBLIC_ROUTE_THROTTLES } from "./handlers.js";
import type { LedgerFunction } from "./ledger-function.js";
import { acknowledge } from "./nag.js";
import { handlerEntry } from "./paths.js";

/** Why a signed-in route has no gateway authorizer (the cdk-nag AwsSolutions-APIG4 acknowledgement). */
export const SIGNED_IN_ROUTE =
  "Authorization is enforced inside the function on every request (functions/src/http/api.ts): the bearer token is verified against every trusted issuer (AUTH_ISSUERS: Google, the district's OIDC providers) or looked up as a personal token, and the user must be active; a request without a valid token is answered 401 before any use case runs. A gateway JWT authorizer knows one issuer only and cannot check personal tokens or disabled users (infra/README.md, Sign-in).";

/** `get-outfall` → `GetOutfall`. */
export const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

export interface LedgerApiProps {
  config: LedgerConfig;
  routes: readonly Route[];
  prod: boolean;
  logRetention: RetentionDays;
  createFunction(handler: string, entry: string, description: string): LedgerFunction;
}

export class LedgerApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: LedgerApiProps) {
    super(scope, id);
    const { config } = props;
    const api = (this.api = new HttpApi(this, "Api", {
      description: `Outfall ledger API (${config.stage})`,
      createDefaultStage: false,
    }));
    // Pinned to its id from before the split: a new API would get a new URL, which every add-on stores.
    (api.node.defaultChild as CfnApi).overrideLogicalId("ApiF70053CD");

    const accessLogGroup = new LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // JSON, one object per request. No path (it can hold an e-mail: /v1/users/{email}), no claims:
    // the route key names the route without personal data.
    const format = AccessLogFormat.custom(
      JSON.stringify({
        requestId: "$context.requestId",
        time: "$context.requestTime",
        ip: "$context.identity.sourceIp",
        userAgent: "$context.identity.userAgent",
        method: "$context.httpMethod",
        route: "$context.routeKey",
        status: "$context.status",
        protocol: "$context.protocol",
        bytes: "$context.responseLength",
        latencyMs: "$context.responseLatency",
        integrationLatencyMs: "$context.integrationLatency",
        integrationStatus: "$context.integration.status",
        error: "$context.error.messageString",
        authorizerError: "$context.authorizer.error",
      }).replace('"$context.error.messageString"', "$context.error.messageString"), // already a quoted JSON string
    );
    this.stage = api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogGroup), format },
    });

    const publicRoutes: Construct[] = [];
    // One integration per function and method: routes of one handler (signboard.svg/.png/.pdf) share it,
    // so each extra route costs a route and a permission only.
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      const fn = props.createFunction(route.handler, handlerEntry(route.handler), `${route.method} ${route.path} (${route.handler})`);
      const integrationId = `${pascal(route.handler)}${route.method}Integration`;
      if (!integrations.has(integrationId)) integrations.set(integrationId, new HttpLambdaIntegration(integrationId, fn.fn));
      const created = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations.get(integrationId)!,
        authorizer: new HttpNoneAuthorizer(),
      });
      const reason = route.public ? PUBLIC_ROUTES[`${route.method} ${route.path}`] : SIGNED_IN_ROUTE;
      if (!reason) {
        throw new Error(`${route.method} ${route.path} is public in the route table but not listed in PUBLIC_ROUTES (infra/lib/handlers.ts) with a reason`);
      }
      if (route.public) publicRoutes.push(...created);
      for (const r of created) acknowledge(r, "AwsSolutions-APIG4", reason);
    }
    // Routes without sign-in get a throttle of their own, so a flood of them cannot use up the stage's
    // limit for signed-in clerks (infra/README.md, "Public routes").
    const routeSettings = Object.fromEntries(
      props.routes
        .filter((r) => r.public && PUBLIC_ROUTE_THROTTLES[`${r.method} ${r.path}`])
        .map((r) => {
          const t = PUBLIC_ROUTE_THROTTLES[`${r.method} ${r.path}`]!;
          return [`${r.method} ${r.path}`, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }];
        }),
    );
    if (Object.keys(routeSettings).length) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
      // A route setting names a route key, which must exist when the stage is updated.
      for (const r of publicRoutes) this.stage.node.addDependency(r);
    }
  }
}
