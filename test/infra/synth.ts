// Shared helpers of the infra tests: synthesize the real app (same context as cdk.json, cdk-nag on)
// into a temporary folder, offline, and read the template back.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App, CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { type CreateAppOptions, createApp } from "../../infra/lib/create-app.js";
import type { LedgerStack } from "../../infra/lib/ledger-stack.js";
import { REPO_ROOT } from "../../infra/lib/paths.js";

export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")).context;
export const TEST_CLIENT_ID = "123456789012-outfalltest.apps.googleusercontent.com";
/** Stand-in digest handler (the real one does not exist yet). */
export const DIGEST_FIXTURE = join(REPO_ROOT, "test", "infra", "fixtures", "scheduled-digest.ts");
/** A digest entry that never exists, so a test does not change when the real handler lands. */
export const NO_DIGEST = join(REPO_ROOT, "test", "infra", "fixtures", "absent-digest.ts");
/** Likewise for the history anchors (test/infra/anchors.test.ts synthesizes them). */
export const NO_ANCHOR = join(REPO_ROOT, "test", "infra", "fixtures", "absent-anchor.ts");

export interface Synthesized {
  app: App;
  stack: LedgerStack;
  assembly: CloudAssembly;
  template: Template;
  /** The template as JSON. */
  json: { Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: any }>; Outputs?: Record<string, any> };
  outdir: string;
}

const outdirs: string[] = [];

export interface SynthOptions {
  context?: Record<string, unknown>;
  /** Run esbuild for every function (slow); otherwise bundling is skipped (`aws:cdk:bundling-stacks: []`). */
  bundle?: boolean;
  stack?: CreateAppOptions["stack"];
}

/** Builds the app as `cdk synth` would and synthesizes it; cdk-nag findings make this throw. */
export function build(options: SynthOptions = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "ledger-cdk-"));
  outdirs.push(outdir);
  return {
    outdir,
    ...createApp({
      context: {
        ...CDK_CONTEXT,
        googleClientId: TEST_CLIENT_ID,
        ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
        ...options.context,
      },
      env: {},
      outdir,
      stack: { digestEntry: NO_DIGEST, anchorEntry: NO_ANCHOR, ...options.stack },
    }),
  };
}

export function synth(options: SynthOptions = {}): Synthesized {
  const { app, stack, outdir } = build(options);
  const assembly = app.synth();
  const json = assembly.getStackByName(stack.stackName).template;
  return { app, stack, assembly, template: Template.fromJSON(json), json, outdir };
}

export function cleanUp(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The element's logical id, honouring overrideLogicalId (storage.ts pins the table's and buckets'). */
export function logicalId(stack: LedgerStack, element: unknown): string {
  return stack.resolve((element as CfnElement).logicalId) as string;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Sid?: string;
}

/** All identity-policy statements attached to a role (by logical id), plus managed policies. */
export function roleStatements(s: Synthesized, roleId: string): { statements: Statement[]; managed: unknown[] } {
  const statements: Statement[] = [];
  for (const r of Object.values(s.json.Resources)) {
    if (r.Type !== "AWS::IAM::Policy") continue;
    const roles = (r.Properties.Roles ?? []) as { Ref?: string }[];
    if (roles.some((x) => x.Ref === roleId)) statements.push(...(r.Properties.PolicyDocument.Statement as Statement[]));
  }
  const role = s.json.Resources[roleId];
  // LedgerFunction's roles keep their grants inline (InlinePolicyRole).
  for (const policy of (role?.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]) statements.push(...policy.PolicyDocument.Statement);
  return { statements, managed: role?.Properties?.ManagedPolicyArns ?? [] };
}

export const actionsOf = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]);
