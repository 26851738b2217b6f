// cdk-nag (AwsSolutions) runs at synth: the real stack passes, a deliberately non-compliant construct
// fails the synth, and every acknowledgement is specific, explained and still needed.
import { Validations } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { CfnBucket } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { DIGEST_FIXTURE, build, cleanUp } from "./synth.js";

afterAll(cleanUp);
afterEach(() => vi.restoreAllMocks());

interface Ack {
  path: string;
  id: string;
  reason: string;
}

/** The acknowledgements recorded on the construct tree (what Validations.acknowledge writes). */
function acknowledgements(root: IConstruct): Ack[] {
  const acks: Ack[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        acks.push({ path: c.node.path, id: id.replace(/^annotation::/i, ""), reason });
      }
    }
  }
  return acks;
}

describe("cdk-nag AwsSolutions", () => {
  it("passes the full stack (with the digest) at synth", () => {
    const { app } = build({ stack: { digestEntry: DIGEST_FIXTURE } });
    expect(() => app.synth()).not.toThrow();
  });

  it("fails the synth for an unencrypted bucket without TLS enforcement or access logs", () => {
    const { app, stack } = build();
    // A bare CloudFormation bucket: no encryption configuration, no bucket policy, no access logs.
    new CfnBucket(stack, "Sloppy", {});
    let message = "";
    try {
      app.synth();
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/ValidationFailed/);
    expect(message).toMatch(/AwsSolutions-S1\b/);
    expect(message).toMatch(/AwsSolutions-S10\b/);
    expect(message).toContain("OutfallLedger-dev/Sloppy");
  });

  it("fails the synth when a function is granted a wildcard", () => {
    const { app, stack } = build();
    stack.functions.get("get-outfall")!.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["dynamodb:*"], resources: ["*"] }));
    expect(() => app.synth()).toThrow(/GetOutfall\/Role[\s\S]*AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
  });

  it("acknowledges findings only with a specific reason", () => {
    const { app } = build({ stack: { digestEntry: DIGEST_FIXTURE } });
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      // A reason a reviewer can check: long enough to say why, not a stock phrase.
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(80);
      expect(ack.reason, `${ack.path} ${ack.id}`).not.toMatch(/^(not needed|n\/a|false positive|ok)\.?$/i);
    }
    // No blanket acknowledgements on the app or the stack.
    expect(acks.filter((a) => a.path.split("/").length < 2)).toEqual([]);
  });

  it("acknowledges nothing that is not actually found (no stale acknowledgements)", () => {
    const { app } = build({ stack: { digestEntry: DIGEST_FIXTURE } });
    const acks = acknowledgements(app);
    // The same app without any acknowledgement: every acknowledgement must match a finding at or below it.
    vi.spyOn(Validations.prototype, "acknowledge").mockImplementation(() => undefined);
    const { app: bare } = build({ stack: { digestEntry: DIGEST_FIXTURE } });
    const findings = new AwsSolutionsChecks().validateScope(bare).violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? "" })),
    );
    for (const ack of acks) {
      const matched = findings.some((f) => f.id === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
      expect(matched, `${ack.id} on ${ack.path} suppresses nothing`).toBe(true);
    }
    // …and every finding is acknowledged (the clean synth above says the same from cdk-nag's side).
    for (const f of findings) {
      expect(
        acks.some((a) => a.id === f.id && (f.path === a.path || f.path.startsWith(`${a.path}/`))),
        `${f.id} on ${f.path}`,
      ).toBe(true);
    }
  });
});
