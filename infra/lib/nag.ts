// cdk-nag 3: the AwsSolutions rule pack runs as a policy-validation plugin at synth. Any finding that
// is not acknowledged fails the synth (`cdk synth` exits 1; `app.synth()` throws in tests), and
// warnings count too (cdk-nag reports success only with zero findings).
import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";

export function addNagChecks(app: App): void {
  // writeSuppressionsToCloudFormation copies every acknowledgement and its reason into the template's
  // Metadata (cdk_nag.rules_to_suppress), so a reviewer of the deployed stack sees them too.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
}

/**
 * Acknowledges one cdk-nag finding on a construct (and its children). Use the finding id as reported,
 * e.g. `AwsSolutions-IAM5[Resource::<PhotosBucket.Arn>/*]`, and a reason a reviewer can check.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
