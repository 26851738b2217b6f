// Query strings and headers → typed values, with the same Chinese violations as bodies.
import type * as z from "zod/mini";
import { AppError, InvalidInput } from "../app/errors.js";
import { toKeys } from "../domain/labels.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { violation, violationsFromZod } from "../domain/violations.js";

/** With `ref`, filter values may be Chinese labels or aliases (状态=整治中, 属地街道=凯旋); they become keys. */
export function parseQuery<T extends z.ZodMiniType>(schema: T, params: Record<string, string | undefined> | undefined, ref?: ReferenceIndex): z.infer<T> {
  const result = schema.safeParse(ref ? toKeys(schema, params ?? {}, ref) : (params ?? {}), { reportInput: true });
  if (!result.success) throw new InvalidInput(violationsFromZod(result.error));
  return result.data;
}

export function parseLimit(raw: string | undefined, fallback = 100, max = 1000): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new InvalidInput([violation("limit", "R-RANGE", `「每页条数」应为 1 到 ${max} 之间的整数`)]);
  }
  return n;
}

export const splitList = (raw: string | undefined) => (raw ? raw.split(",") : undefined);

/** `If-Match: 3`, `"3"` or `W/"3"` → 3; absent → undefined. */
export function parseIfMatch(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) {
    throw new AppError(400, "请求格式错误", [violation("If-Match", "R-FORMAT", `If-Match 应为记录的版本号（如 3），收到「${raw}」`)]);
  }
  return Number(m[1]);
}

export function pathParam(params: Record<string, string | undefined> | undefined, name: string): string {
  const value = params?.[name];
  if (!value || value.length > 200) throw new InvalidInput([violation(name, "R-FORMAT", `路径参数 ${name} 无效`)]);
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidInput([violation(name, "R-FORMAT", `路径参数 ${name} 的编码无效`)]);
  }
}

/** The `{id}` of an outfall route for a read-ahead (http/api.ts); none when it is malformed (the handler reports it). */
export function outfallIdAhead(event: { pathParameters?: Record<string, string | undefined> }): string[] {
  try {
    return [pathParam(event.pathParameters, "id")];
  } catch {
    return [];
  }
}

/** An Idempotency-Key header, checked: 8–128 letters, digits or - _ . : (undefined when absent). */
export function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw !== undefined && !/^[\w.:-]{8,128}$/.test(raw)) {
    throw new InvalidInput([violation("Idempotency-Key", "R-FORMAT", "Idempotency-Key 应为 8–128 位字母、数字或 - _ . :")]);
  }
  return raw;
}
