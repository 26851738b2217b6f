// X-Ray through Powertools' Tracer: the function's own segment comes from active tracing (infra/lib/
// ledger-function.ts); this adds a subsegment per AWS SDK call (DynamoDB, S3, SES, Secrets Manager) and the
// correlation id as an annotation, so "why was this push slow" is answered in the trace map. Outside Lambda
// the tracer is disabled and these calls do nothing.
import { Tracer } from "@aws-lambda-powertools/tracer";
import { current } from "./log.js";

let tracer: Tracer | undefined;

export function getTracer(): Tracer {
  return (tracer ??= new Tracer({ serviceName: current().service, captureHTTPsRequests: false }));
}

/** The same client, its calls recorded as X-Ray subsegments when tracing is on. */
export function traced<T>(client: T): T {
  return getTracer().captureAWSv3Client(client);
}

/** Marks the current trace with the request's correlation id (searchable in X-Ray). */
export function annotateRequest(correlationId: string, route: string | undefined): void {
  const t = getTracer();
  if (!t.isTracingEnabled()) return;
  t.putAnnotation("correlationId", correlationId);
  if (route) t.putAnnotation("route", route);
}
