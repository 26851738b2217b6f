import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Violation } from "../domain/violations.js";

export type Result = APIGatewayProxyStructuredResultV2 & { statusCode: number };

const JSON_TYPE = "application/json; charset=utf-8";

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return { statusCode, headers: { "content-type": JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export const ok = (body: unknown, headers?: Record<string, string>) => json(200, body, headers);

/** A record answer carries its version as the ETag, ready to be sent back as If-Match. */
export const withVersion = (record: { version: number }, statusCode = 200, headers: Record<string, string> = {}) =>
  json(statusCode, record, { etag: `"${record.version}"`, ...headers });

/** RFC 9457 problem details with our list of { field, rule, message }. */
export function problem(
  statusCode: number,
  title: string,
  violations: Violation[],
  extra: Record<string, unknown> = {},
  correlationId?: string,
): Result {
  return {
    statusCode,
    headers: { "content-type": "application/problem+json; charset=utf-8" },
    body: JSON.stringify({
      type: violations[0] ? `urn:outfall-ledger:rule:${violations[0].rule}` : "about:blank",
      title,
      status: statusCode,
      detail: violations.map((v) => v.message).join("；") || title,
      errors: violations,
      ...(correlationId ? { correlationId } : {}),
      ...extra,
    }),
  };
}
