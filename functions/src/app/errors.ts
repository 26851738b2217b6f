// Failures a use case reports to its caller. The HTTP layer turns them into problem+json; a batch turns
// them into per-row outcomes. Anything else thrown is a bug and becomes a 500.
import type { Outfall } from "../domain/outfall.js";
import { type Violation, violation } from "../domain/violations.js";

/** Rules that are about the shape of the input (400); all others are domain rules (422). */
const SHAPE_RULES = new Set(["R-MALFORMED", "R-REQUIRED", "R-TYPE", "R-ENUM", "R-FORMAT", "R-RANGE", "R-UNKNOWN-FIELD", "R-READ-ONLY", "R-HALF-WIDTH", "R-BATCH"]);

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly violations: Violation[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(title);
  }
}

export class InvalidInput extends AppError {
  constructor(violations: Violation[]) {
    const status = violations.some((v) => SHAPE_RULES.has(v.rule)) ? 400 : 422;
    super(status, status === 400 ? "提交的内容格式不正确" : "提交的内容不符合规则", violations);
  }
}

export class Forbidden extends AppError {
  constructor(v: Violation) {
    super(403, "超出权限范围", [v]);
  }
}

export class NotFound extends AppError {
  constructor(what: string) {
    super(404, "记录不存在", [violation("id", "R-NOT-FOUND", `${what}不存在`)]);
  }
}

export class VersionConflict extends AppError {
  constructor(current: Outfall | unknown, expected: number) {
    super(409, "记录已被他人修改", [
      violation("version", "R-VERSION", `您修改的是第 ${expected} 版，服务器上已是第 ${(current as { version?: number })?.version ?? "?"} 版。请先查看最新内容，再决定保留哪一方的修改`),
    ], { current });
  }
}

export class PreconditionRequired extends AppError {
  constructor() {
    super(412, "缺少版本号", [violation("If-Match", "R-PRECONDITION", "修改时须在 If-Match 请求头中带上所依据的版本号，以免覆盖他人的修改")]);
  }
}

export class Unauthorized extends AppError {
  constructor(message: string) {
    super(401, "未登录或登录已失效", [violation("Authorization", "R-AUTH", message)]);
  }
}
